"""Facet counts are kept while public content stays the same, and counted afresh
once it changes (content.facets.cached_counts, keyed on the page cache's generation),
whether the page cache is on or not: only a shared cache is needed."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content import facets
from content.facets import counts_cache_keys
from content.models import Article
from eurocities import pagecache
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NEWS = reverse("content:article_list")


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

    first, counted = counted_facets(client, NEWS)
    assert counted and kind_counts(first) == {"News": 13}
    second, counted = counted_facets(client, f"{NEWS}?page=2")
    assert not counted and kind_counts(second) == {"News": 13}

    ArticleFactory(kind=Article.Kind.STORY)
    again, counted = counted_facets(client, f"{NEWS}?page=2")
    assert counted and kind_counts(again) == {"News": 13, "Story": 1}


def test_another_filter_is_counted_apart(client, shared_cache):
    ArticleFactory.create_batch(2, kind=Article.Kind.NEWS)
    ArticleFactory(kind=Article.Kind.STORY)
    client.get(NEWS)
    filtered, counted = counted_facets(client, f"{NEWS}?kind=story")
    assert counted
    assert filtered.context["page_obj"].paginator.count == 1


def test_counts_are_kept_for_logged_in_editors_too(client, shared_cache, django_user_model):
    client.force_login(django_user_model.objects.create_user("editor", password="pw"))
    ArticleFactory.create_batch(2, kind=Article.Kind.NEWS)
    _first, counted = counted_facets(client, NEWS)
    assert counted
    _second, counted = counted_facets(client, f"{NEWS}?page=1")
    assert not counted


def test_a_scheduled_item_going_live_is_counted(client, shared_cache, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    ArticleFactory(kind=Article.Kind.NEWS)
    ArticleFactory(kind=Article.Kind.STORY, published_at=timezone.now() + timedelta(minutes=10))
    first, _counted = counted_facets(client, NEWS)
    assert kind_counts(first) == {"News": 1}

    time_machine.shift(timedelta(minutes=20))  # well within the counts timeout
    later, counted = counted_facets(client, NEWS)
    assert counted and kind_counts(later) == {"News": 1, "Story": 1}


def test_a_version_is_kept_only_with_a_shared_cache(settings):
    settings.SHARED_CACHE = True
    cache.clear()
    assert pagecache.content_version() is not None
    settings.SHARED_CACHE = False
    assert pagecache.content_version() is None


def test_without_a_shared_cache_counts_are_never_kept(client, settings):
    settings.SHARED_CACHE = False
    ArticleFactory.create_batch(13)
    client.get(NEWS)
    _response, counted = counted_facets(client, f"{NEWS}?page=2")
    assert counted


def test_while_one_process_counts_the_others_get_the_last_counts(client, shared_cache):
    ArticleFactory(kind=Article.Kind.NEWS)
    first, _counted = counted_facets(client, NEWS)
    ArticleFactory(kind=Article.Kind.STORY)  # a new version of content

    _key, lock = counts_cache_keys(f"{NEWS}?")
    assert cache.add(lock, "another process", timeout=30)  # nobody was counting
    meanwhile, counted = counted_facets(client, NEWS)
    assert not counted and kind_counts(meanwhile) == {"News": 1}
    assert meanwhile.context["page_obj"].paginator.count == 2  # the list is never behind

    cache.delete(lock)  # that process is done (or gave up)
    after, counted = counted_facets(client, NEWS)
    assert counted and kind_counts(after) == {"News": 1, "Story": 1}


def test_every_page_of_a_list_shows_facets_worked_out_once_per_version(client, shared_cache):
    ArticleFactory.create_batch(13, kind=Article.Kind.NEWS)
    first = client.get(NEWS).context["facets"]
    second = client.get(f"{NEWS}?page=2")
    assert second.context["facets"] is first
    assert 'href="/news/?kind=news"' in second.text  # the options' links leave the page out
    assert client.get(f"{NEWS}?kind=news").context["facets"] is not first

    ArticleFactory(kind=Article.Kind.STORY)
    again = client.get(f"{NEWS}?page=2")
    assert again.context["facets"] is not first
    assert kind_counts(again) == {"News": 13, "Story": 1}
    assert 'href="/news/?kind=story"' in again.text


def test_a_process_keeps_the_facets_of_a_bounded_number_of_filters(
    client, shared_cache, monkeypatch
):
    monkeypatch.setattr(facets, "KEPT_RESULTS", 2)
    ArticleFactory(kind=Article.Kind.NEWS)
    every, news, stories = NEWS, f"{NEWS}?kind=news", f"{NEWS}?kind=story"
    first = {url: client.get(url).context["facets"] for url in (every, news)}
    assert client.get(every).context["facets"] is first[every]  # in use again
    client.get(stories)  # one too many: the least recently used goes
    assert client.get(every).context["facets"] is first[every]
    assert client.get(news).context["facets"] is not first[news]
