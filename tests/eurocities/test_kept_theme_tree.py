"""The theme tree is read once per version of public content and kept in the web
process (content.themes.ThemeTree.kept), when the cache is shared; any change to a
theme is on the next page all the same."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eurocities import pagecache
from tests.factories import ArticleFactory, ThemeFactory

pytestmark = pytest.mark.django_db

NEWS = reverse("content:article_list")
WHOLE_TREE = 'FROM "content_theme" ORDER BY "content_theme"."name"'


@pytest.fixture
def housing():
    theme = ThemeFactory(name="Housing", slug="housing")
    ArticleFactory(title="Homes for newcomers", themes=[theme])
    return theme


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.text, sum(WHOLE_TREE in query["sql"] for query in queries.captured_queries)


def test_the_tree_is_read_once_until_a_theme_changes(client, shared_cache, housing):
    topic = housing.get_absolute_url()
    page, reads = get(client, topic)
    assert reads == 1 and "Homes for newcomers" in page
    for url in (topic, NEWS):
        page, reads = get(client, url)
        assert reads == 0
        assert '<a class="tag" href="/topics/housing/" dir="auto">Housing</a>' in page

    housing.name = "Housing and homes"
    housing.save()
    page, reads = get(client, NEWS)
    assert reads == 1
    assert '<a class="tag" href="/topics/housing/" dir="auto">Housing and homes</a>' in page
    assert get(client, topic)[1] == 0


def test_a_new_theme_is_a_new_tree(client, shared_cache, housing):
    get(client, housing.get_absolute_url())
    child = ThemeFactory(name="Social housing", slug="social-housing", parent=housing)
    ArticleFactory(title="Rents for newcomers", themes=[child])
    page, reads = get(client, housing.get_absolute_url())
    assert reads == 1
    assert "Social housing" in page and "Rents for newcomers" in page


def test_without_a_shared_cache_each_page_reads_the_tree(client, housing):
    assert get(client, housing.get_absolute_url())[1] == 1
    assert get(client, housing.get_absolute_url())[1] == 1


@pytest.mark.parametrize("page_cache", [False, True], ids=["page cache off", "page cache on"])
def test_a_page_reads_the_content_version_once(client, shared_cache, housing, settings, page_cache):
    settings.PAGE_CACHE = page_cache
    reads = []
    get_many = cache.get_many

    def counting(keys, *args, **kwargs):
        reads.extend(key for key in keys if key == pagecache.GENERATION_KEY)
        return get_many(keys, *args, **kwargs)

    with mock.patch.object(cache, "get_many", counting):
        for url in (housing.get_absolute_url(), NEWS, f"{NEWS}?theme=housing"):
            reads.clear()
            assert client.get(url).status_code == 200
            # The facet counts, the theme tree and the page cache share one read.
            assert len(reads) == 1, url
