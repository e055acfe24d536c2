"""Facet counts are kept while public content stays the same, and counted afresh
once it changes (content.facets.cached_counts, keyed on the page cache's generation)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NEWS = reverse("content:article_list")


@pytest.fixture
def shared_cache(settings):
    settings.PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def kind_counts(response):
    kind = next(facet for facet in response.context["facets"] if facet.name == "kind")
    return {option.label: option.count for option in kind.options}


def counted_facets(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, any("AS facet" in query["sql"] for query in queries.captured_queries)


def test_every_page_of_a_list_shares_its_counts_until_content_changes(client, shared_cache):
    ArticleFactory.create_batch(13, kind=Article.Kind.NEWS)
    client.get(reverse("topic_list"))  # any anonymous page: the cache learns its horizon

    first, counted = counted_facets(client, NEWS)
    assert counted and kind_counts(first) == {"News": 13}
    second, counted = counted_facets(client, f"{NEWS}?page=2")
    assert not counted and kind_counts(second) == {"News": 13}

    ArticleFactory(kind=Article.Kind.STORY)
    client.get(reverse("topic_list"))
    again, counted = counted_facets(client, f"{NEWS}?page=2")
    assert counted and kind_counts(again) == {"News": 13, "Story": 1}


def test_another_filter_is_counted_apart(client, shared_cache):
    ArticleFactory.create_batch(2, kind=Article.Kind.NEWS)
    ArticleFactory(kind=Article.Kind.STORY)
    client.get(reverse("topic_list"))
    client.get(NEWS)
    filtered, counted = counted_facets(client, f"{NEWS}?kind=story")
    assert counted
    assert filtered.context["page_obj"].paginator.count == 1


def test_without_a_shared_cache_counts_are_never_kept(client, settings):
    settings.PAGE_CACHE = False
    ArticleFactory.create_batch(13)
    client.get(NEWS)
    _response, counted = counted_facets(client, f"{NEWS}?page=2")
    assert counted
