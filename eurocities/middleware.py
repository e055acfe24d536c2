from django.core.exceptions import BadRequest

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
