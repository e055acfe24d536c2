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
from django.utils import dateformat
from django.utils.html import escape
from django.utils.timezone import localtime
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
    items = response.context_data["sitemaps"]
    for item in items:
        item.location = host_root + item.location.removeprefix(site_root)
    response.content = index_xml(items)  # the template is not rendered
    return response


def index_xml(items):
    """What Django's sitemap_index.xml writes for `items` (SitemapIndexItem), written
    here: at full scale the index lists some 150 files, and its template took most
    of the request (docs/performance.md)."""
    lastmods = {}  # a section's files share their date
    entries = []
    for item in items:
        if item.last_mod and item.last_mod not in lastmods:
            lastmods[item.last_mod] = dateformat.format(localtime(item.last_mod), "c")
        lastmod = f"<lastmod>{lastmods[item.last_mod]}</lastmod>" if item.last_mod else ""
        entries.append(f"<sitemap><loc>{escape(item.location)}</loc>{lastmod}</sitemap>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{''.join(entries)}\n</sitemapindex>\n"
    )
