"""Absolute addresses on the host the request came to.

django.contrib.sites is installed because django.contrib.redirects needs it, and with
SITE_ID set Django's feeds and sitemap would put the Site row's domain (example.com
unless someone edits it) into every address. The feeds and the sitemap use these
helpers to keep the host that was asked for.
"""

from contextvars import ContextVar

from django.contrib.sitemaps.views import index as django_sitemap_index
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.contrib.sites.requests import RequestSite
from django.contrib.sites.shortcuts import get_current_site
from django.views.decorators.http import require_safe

current_request = ContextVar("current_request", default=None)


def absolute(url):
    request = current_request.get()
    return request.build_absolute_uri(url) if request is not None and url else url


class RequestHostFeedMixin:
    """For a syndication Feed: its links on the request's host."""

    def __call__(self, request, *args, **kwargs):
        token = current_request.set(request)
        try:
            return super().__call__(request, *args, **kwargs)
        finally:
            current_request.reset(token)

    def feed_url(self):
        request = current_request.get()
        return request.build_absolute_uri(request.path) if request is not None else None


@require_safe
def sitemap(request, sitemaps, **kwargs):
    """Django's sitemap view, with the addresses on the request's host."""
    domain = RequestSite(request).domain
    instances = {}
    for name, sitemap_class in sitemaps.items():
        instance = sitemap_class() if callable(sitemap_class) else sitemap_class
        instance.get_domain = lambda site=None: domain
        instances[name] = instance
    return django_sitemap(request, instances, **kwargs)


@require_safe
def sitemap_index(request, sitemaps, **kwargs):
    """Django's sitemap index, with the files' addresses on the request's host."""
    response = django_sitemap_index(request, sitemaps, **kwargs)
    site_root = f"{request.scheme}://{get_current_site(request).domain}"
    host_root = f"{request.scheme}://{RequestSite(request).domain}"
    for item in response.context_data["sitemaps"]:
        item.location = host_root + item.location.removeprefix(site_root)
    return response
