"""The client's address and scheme when a reverse proxy (Caddy, see deploy/) is in front.

With BEHIND_PROXY on, every request comes from the proxy, which appends the address it
saw to X-Forwarded-For: the last entry is the only one we can trust (anything before
it came from the client). Without BEHIND_PROXY the header is ignored, so a client
cannot pick the address that login lockouts (django-axes) and the logs record.
"""

import ipaddress

from django.conf import settings


def last_forwarded_address(header):
    entries = [entry.strip() for entry in header.split(",") if entry.strip()]
    if not entries:
        return None
    candidate = entries[-1]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


class ForwardedClientMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.BEHIND_PROXY:
            address = last_forwarded_address(request.headers.get("x-forwarded-for", ""))
            if address:
                request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


def client_address(request):
    """For django-axes: the address ForwardedClientMiddleware settled on."""
    return request.META.get("REMOTE_ADDR")
