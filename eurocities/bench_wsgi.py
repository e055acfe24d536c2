"""The WSGI application the benchmark serves: the site plus /bench/floor/, a minimal
view behind the same middleware and settings, the floor every page is compared to.
Only scripts/bench.py uses it; production serves eurocities.wsgi."""

import os

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eurocities.settings")
django.setup()
settings.ROOT_URLCONF = "eurocities.bench_urls"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
