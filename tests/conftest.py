import io
import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from eurocities.cache import close_watches

# Absolute links (feeds, sitemaps) name the test client's host; see eurocities.apps.
os.environ.setdefault("SITE_DOMAIN", "testserver")

# The Redis database the cache tests use (emptied by them).
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


def redis_answers():
    try:
        import redis

        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False
    return True


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.PAGE_CACHE = False  # tests/eurocities/test_page_cache.py turns it on
    settings.SHARED_CACHE = False  # and tests/eurocities/test_facet_count_cache.py this


@pytest.fixture
def staff_client(client, django_user_model):
    """A client logged in as a superuser (every admin page allowed)."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content loaded once for a test module, inside a transaction rolled back
    after the module: each test runs in a savepoint of its own, as with `db`."""
    files = tmp_path_factory.mktemp("demo-files")
    roots = {"MEDIA_ROOT": files / "media", "PRIVATE_MEDIA_ROOT": files / "private-media"}
    with django_db_blocker.unblock(), override_settings(**roots):
        with transaction.atomic():
            call_command("load_demo", stdout=io.StringIO())
            yield roots
            transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_for_module, db, settings):
    """The demo content (what `make run` shows), shared by the tests of one module."""
    for name, root in _demo_for_module.items():
        setattr(settings, name, root)


@pytest.fixture
def shared_cache(settings):
    """The cache counted as shared by every web process (settings.SHARED_CACHE), so
    what is derived from public content is kept (content.versions); emptied around."""
    settings.SHARED_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def redis_cache(settings):
    """The default cache on Redis, as with REDIS_URL set (TEST_REDIS_URL), emptied
    around the test; skipped where Redis does not answer."""
    if not redis_answers():
        pytest.skip(f"Redis does not answer at {TEST_REDIS_URL}")
    settings.CACHES = {
        "default": {"BACKEND": "eurocities.cache.PooledRedisCache", "LOCATION": TEST_REDIS_URL}
    }
    close_watches()  # each test listens afresh
    cache.clear()
    yield
    cache.clear()
