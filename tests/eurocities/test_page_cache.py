"""The page cache: anonymous pages served from the cache until content changes,
visible at once to every process; a fresh CSP nonce on every cached page."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from content.demo import BRUSSELS
from content.models import Status
from eurocities import pagecache
from tests.factories import ArticleFactory, EventFactory, PublicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """The page cache on, over the local-memory cache and over Redis (TEST_REDIS_URL)."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    settings.PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def test_a_second_request_is_served_from_the_cache_without_queries(
    client, page_cache, django_assert_num_queries
):
    ArticleFactory(title="Cities welcome newcomers")
    first = client.get(reverse("content:article_list"))
    with django_assert_num_queries(0):
        second = client.get(reverse("content:article_list"))
    assert second.status_code == 200
    assert second.content == first.content
    assert "Cities welcome newcomers" in second.text


@pytest.mark.parametrize(
    "change",
    ["edit", "publish", "unpublish", "delete", "theme"],
)
def test_every_change_is_visible_at_once_to_every_client(client, page_cache, change):
    """Two clients stand for two web processes: the invalidation travels through the
    shared cache, not through anything kept in one process."""
    other = Client()
    article = ArticleFactory(title="Old title")
    draft = ArticleFactory(title="Draft news", status=Status.DRAFT)
    url = reverse("content:article_list")
    for visitor in (client, other):
        assert "Old title" in visitor.get(url).text
    if change == "edit":
        article.title = "New title"
        article.save()
        expected, gone = "New title", "Old title"
    elif change == "publish":
        draft.status = Status.PUBLISHED
        draft.save()
        expected, gone = "Draft news", None
    elif change == "unpublish":
        article.status = Status.DRAFT
        article.save()
        expected, gone = None, "Old title"
    elif change == "delete":
        article.delete()
        expected, gone = None, "Old title"
    else:
        from tests.factories import ThemeFactory

        article.themes.add(ThemeFactory(name="Housing first"))
        expected, gone = "Housing first", None
    for visitor in (other, client):
        text = visitor.get(url).text
        if expected:
            assert expected in text
        if gone:
            assert gone not in text


def test_a_deletion_in_the_admin_reaches_the_cached_page(staff_client, page_cache):
    client = Client()  # an anonymous visitor (staff_client is the `client` fixture)
    article = ArticleFactory(title="Soon deleted")
    url = reverse("content:article_list")
    assert "Soon deleted" in client.get(url).text
    delete_url = reverse("admin:content_article_delete", args=[article.pk])
    assert staff_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert "Soon deleted" not in client.get(url).text
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_scheduled_article_appears_when_its_time_comes(client, page_cache):
    start = datetime(2026, 3, 2, 9, 0, tzinfo=BRUSSELS)
    with time_machine.travel(start, tick=False) as traveller:
        ArticleFactory(title="Out now", published_at=start - timedelta(days=1))
        ArticleFactory(title="Embargoed report", published_at=start + timedelta(hours=2))
        url = reverse("content:article_list")
        assert "Embargoed report" not in client.get(url).text
        traveller.move_to(start + timedelta(hours=1, minutes=59))
        assert "Embargoed report" not in client.get(url).text
        traveller.move_to(start + timedelta(hours=2, seconds=1))
        assert "Embargoed report" in client.get(url).text


@pytest.mark.parametrize("factory", [ArticleFactory, EventFactory, PublicationFactory])
def test_an_item_leaves_the_site_when_its_unpublish_date_comes(client, page_cache, factory):
    start = datetime(2026, 3, 2, 9, 0, tzinfo=BRUSSELS)
    with time_machine.travel(start, tick=False) as traveller:
        item = factory(
            title="Offer ends soon",
            published_at=start - timedelta(days=1),
            unpublish_at=start + timedelta(hours=2),
        )
        lists = {ArticleFactory: "content:article_list", EventFactory: "events:list"}
        url = reverse(lists.get(factory, "publications:list"))
        if factory is EventFactory:  # upcoming for a while yet
            item.starts_at, item.ends_at = start + timedelta(days=3), start + timedelta(days=4)
            item.save()
        assert "Offer ends soon" in client.get(url).text
        traveller.move_to(start + timedelta(hours=1, minutes=59))
        assert "Offer ends soon" in client.get(url).text
        traveller.move_to(start + timedelta(hours=2, seconds=1))
        assert "Offer ends soon" not in client.get(url).text
        assert client.get(item.get_absolute_url()).status_code == 404


def test_an_event_moves_to_the_past_list_when_it_ends(client, page_cache):
    start = datetime(2026, 3, 2, 9, 0, tzinfo=BRUSSELS)
    with time_machine.travel(start, tick=False) as traveller:
        EventFactory(title="Morning workshop", starts_at=start, ends_at=start + timedelta(hours=2))
        assert "Morning workshop" in client.get(reverse("events:list")).text
        assert "Morning workshop" not in client.get(reverse("events:past")).text
        traveller.move_to(start + timedelta(hours=3))
        assert "Morning workshop" not in client.get(reverse("events:list")).text
        assert "Morning workshop" in client.get(reverse("events:past")).text


def test_logged_in_editors_are_never_served_cached_pages(staff_client, page_cache):
    client = Client()  # an anonymous visitor
    draft = ArticleFactory(title="Draft for preview", status=Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert staff_client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_only_successful_get_responses_are_stored(client, page_cache):
    assert client.get("/news/no-such-article/").status_code == 404
    ArticleFactory(slug="no-such-article", title="Now it exists")
    assert client.get("/news/no-such-article/").status_code == 200


def test_a_hit_answers_with_the_headers_of_the_page_it_stored(client, page_cache):
    # A hit skips the middleware below the page cache (sessions, CSRF, framing, ...):
    # what they added is stored with the page, so nothing is lost on the way out.
    url = ArticleFactory(title="Cities welcome newcomers").get_absolute_url()
    per_request = {"X-Request-ID", "Content-Security-Policy"}
    stored, served = client.get(url), client.get(url)
    assert served.text.replace(nonce_of(served)[0], "") == stored.text.replace(
        nonce_of(stored)[0], ""
    )
    assert served["X-Frame-Options"] == "DENY"
    assert {name: value for name, value in served.items() if name not in per_request} == {
        name: value for name, value in stored.items() if name not in per_request
    }
    assert served["X-Request-ID"] != stored["X-Request-ID"]
    assert not served.cookies


def nonce_of(response):
    header = response["Content-Security-Policy"]
    (in_header,) = re.findall(r"'nonce-([^']+)'", header)
    in_page = re.findall(r'<script[^>]* nonce="([^"]+)"', response.text)
    return in_header, in_page


def test_a_cached_page_carries_a_fresh_valid_nonce_every_time(
    client, page_cache, django_assert_num_queries
):
    event = EventFactory(title="Summit")
    url = event.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
        third = client.get(url)
    nonces = []
    for response in (first, second, third):
        in_header, in_page = nonce_of(response)
        assert in_page and set(in_page) == {in_header}
        assert pagecache.NONCE_PLACEHOLDER.decode() not in response.text
        nonces.append(in_header)
    assert len(set(nonces)) == 3


def test_a_page_without_scripts_gets_no_nonce(client, page_cache):
    client.get(reverse("topic_list"))
    response = client.get(reverse("topic_list"))
    assert "nonce-" not in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.fixture
def release(settings):
    """Sets settings.RELEASE: what names this build (eurocities.pagecache.release)."""

    def set_release(name):
        settings.RELEASE = name
        pagecache.release.cache_clear()

    yield set_release
    pagecache.release.cache_clear()


def test_a_new_build_never_serves_the_pages_an_old_one_cached(client, page_cache, release):
    ArticleFactory(title="Cities welcome newcomers")
    address = reverse("content:article_list")
    release("build-1")
    key = pagecache.page_key(client.get(address).wsgi_request)
    generation, headers, _content, has_nonce = cache.get(key)
    cache.set(key, (generation, headers, b"the old build's markup", has_nonce))
    assert client.get(address).content == b"the old build's markup"

    release("build-2")
    page = client.get(address)
    assert b"the old build's markup" not in page.content
    assert "Cities welcome newcomers" in page.text


def test_without_a_release_name_a_build_is_known_by_its_files(settings, tmp_path):
    """The fingerprint reads the site's own folders (here its static folder, under a
    stand-in BASE_DIR): their files count, their tests and anything else do not."""
    settings.RELEASE = ""
    settings.BASE_DIR = tmp_path
    static = tmp_path / "static"
    (static / "tests").mkdir(parents=True)
    (static / "site.css").write_text("p { color: navy; }")
    (tmp_path / "venv").mkdir()

    def fingerprint():
        pagecache.release.cache_clear()
        return pagecache.release()

    settings.STATICFILES_DIRS = [static]
    try:
        first = fingerprint()
        (static / "tests" / "x.js").write_text("changed = true")
        (tmp_path / "venv" / "x.py").write_text("changed = True")
        assert fingerprint() == first  # neither tests nor a virtualenv make a build
        (static / "site.css").write_text("p { color: teal; }")
        assert fingerprint() != first
    finally:
        pagecache.release.cache_clear()
