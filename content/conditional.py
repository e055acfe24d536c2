"""Conditional GET for feeds, calendars and sitemaps.

Feed readers and calendar apps poll the same address every few minutes. The
response gets an ETag (a hash of its bytes) and keeps any Last-Modified the view
set; a client sending them back gets a bodiless 304 when nothing changed. The
page cache (eurocities.pagecache) answers those again without rendering.
"""

from functools import wraps

from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import parse_http_date_safe


def conditional_response(request, response):
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.streaming:
        return response
    if getattr(response, "is_rendered", True) is False:
        response.render()  # a TemplateResponse (the sitemap): the ETag needs its bytes
    if not response.has_header("ETag"):
        set_response_etag(response)
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


def conditional_by_content(view):
    """Decorate a view so that it answers If-None-Match / If-Modified-Since with 304."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return conditional_response(request, view(request, *args, **kwargs))

    return wrapped
