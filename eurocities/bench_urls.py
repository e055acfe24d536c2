"""The site's URLs plus the benchmark's floor view (see bench_wsgi)."""

from django.http import HttpResponse
from django.urls import path

from .urls import urlpatterns as site_urlpatterns


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), *site_urlpatterns]
