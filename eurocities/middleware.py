import re
import uuid

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError

from . import logs
from .health import service_unavailable

DATE_PART_SUFFIXES = ("__year", "__month", "__day")


class AdminQueryGuardMiddleware:
    """A 400 for admin query strings the database would choke on, instead of a 500.

    The admin passes list-filter, search and date-hierarchy parameters straight to
    the ORM: PostgreSQL refuses NUL characters in text, and a date-hierarchy year of
    twenty digits overflows. Public pages validate their parameters through forms.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            for key, values in request.GET.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    raise BadRequest("Null characters are not allowed.")
                if key.endswith(DATE_PART_SUFFIXES) and not all(
                    value.isdigit() and len(value) <= 4 for value in values
                ):
                    raise BadRequest("Invalid date.")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django has no setting for, on every response (error pages included)."""

    PERMISSIONS_POLICY = (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """An id for each request, in every log line it causes and in X-Request-ID.

    Behind the proxy the proxy's id is kept (its access log shows the same one);
    otherwise, or when it looks odd, a new one is made.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("x-request-id", "") if settings.BEHIND_PROXY else ""
        value = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.id = value
        token = logs.request_id.set(value)
        try:
            response = self.get_response(request)
        finally:
            logs.request_id.reset(token)
        response.headers["X-Request-ID"] = value
        return response


class DatabaseUnavailableMiddleware:
    """The site's own 503 page when the database cannot be reached.

    Logged once as a warning (not mailed per request: an outage would flood the
    inbox); /readyz tells the load balancer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            return service_unavailable(request, exception)
        return None
