import pytest
from django.core.cache import cache


@pytest.fixture
def shared_cache(settings):
    """The cache counted as shared by every web process (settings.SHARED_CACHE), so
    what is derived from public content is kept (content.versions); emptied around."""
    settings.SHARED_CACHE = True
    cache.clear()
    yield
    cache.clear()
