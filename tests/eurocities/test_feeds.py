import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Status
from tests.factories import ArticleFactory, EventFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 14


def feed_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    return [{child.tag: child.text for child in item} for item in root.iterfind("./channel/item")]


def test_news_feed_lists_published_articles_with_title_summary_link_and_date(client):
    article = ArticleFactory(title="Cities welcome", summary="Ten cities open centres.")
    items = feed_items(client.get(reverse("news_feed")))
    assert len(items) == 1
    item = items[0]
    assert item["title"] == "Cities welcome"
    assert item["description"] == "Ten cities open centres."
    assert item["link"] == f"http://testserver{article.get_absolute_url()}"
    assert parsedate_to_datetime(item["pubDate"]) == article.published_at.replace(microsecond=0)


def test_news_feed_leaves_out_drafts_future_articles_and_other_kinds_of_content(client):
    ArticleFactory(title="Public")
    ArticleFactory(title="Draft", status=Status.DRAFT)
    ArticleFactory(title="Future", published_at=timezone.now() + timedelta(days=1))
    EventFactory(title="An event")
    items = feed_items(client.get(reverse("news_feed")))
    assert [item["title"] for item in items] == ["Public"]


def test_news_feed_is_newest_first_and_bounded(client):
    now = timezone.now()
    for n in range(25):
        ArticleFactory(title=f"Article {n:02}", published_at=now - timedelta(hours=n + 1))
    titles = [item["title"] for item in feed_items(client.get(reverse("news_feed")))]
    assert titles == [f"Article {n:02}" for n in range(20)]


def test_hostile_titles_come_out_as_escaped_xml_text(client):
    hostile = '<script>alert("x")</script> & ]]>'
    ArticleFactory(title=hostile, summary="<b>bold</b> & co")
    response = client.get(reverse("news_feed"))
    assert b"<script>" not in response.content
    assert b"&lt;script&gt;" in response.content
    items = feed_items(response)
    assert items[0]["title"] == hostile
    assert items[0]["description"] == "<b>bold</b> & co"


def test_topic_feed_gathers_every_kind_on_the_topic_and_its_sub_themes(client):
    topic = ThemeFactory(slug="migration", name="Migration")
    sub = ThemeFactory(slug="housing", parent=topic, has_topic_page=False)
    other = ThemeFactory(slug="climate")
    ArticleFactory(title="On topic", themes=[topic])
    EventFactory(title="On sub-theme", themes=[sub])
    PublicationFactory(title="Paper on topic", themes=[topic])
    ArticleFactory(title="Elsewhere", themes=[other])
    ArticleFactory(title="Draft on topic", themes=[topic], status=Status.DRAFT)
    EventFactory(
        title="Future on topic", themes=[topic], published_at=timezone.now() + timedelta(days=1)
    )
    response = client.get(reverse("topic_feed", kwargs={"slug": "migration"}))
    items = feed_items(response)
    assert {item["title"] for item in items} == {"On topic", "On sub-theme", "Paper on topic"}
    assert all(item["link"].startswith("http://testserver/") for item in items)
    assert all(item["pubDate"] for item in items)
    channel_title = ET.fromstring(response.content).find("./channel/title").text
    assert channel_title == "Eurocities: Migration"


@pytest.mark.parametrize("slug", ["nope", "%00", "x" * 300])
def test_topic_feed_of_an_unknown_topic_is_404(client, slug):
    ThemeFactory(slug="plain-tag", has_topic_page=False)
    assert client.get(f"/topics/{slug}/feed/").status_code == 404
    assert client.get("/topics/plain-tag/feed/").status_code == 404


def test_home_and_topic_pages_announce_their_feeds(client):
    ThemeFactory(slug="migration")
    home = client.get(reverse("home")).text
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Eurocities news" '
        f'href="{reverse("news_feed")}">'
    ) in home
    topic = client.get(reverse("topic", kwargs={"slug": "migration"})).text
    assert 'type="application/rss+xml"' in topic
    assert f'href="{reverse("topic_feed", kwargs={"slug": "migration"})}"' in topic


@pytest.mark.parametrize("count", [2, 40])
def test_feeds_run_a_bounded_number_of_queries(client, django_assert_max_num_queries, count):
    topic = ThemeFactory(slug="migration")
    for _ in range(count):
        ArticleFactory(themes=[topic])
        EventFactory(themes=[topic])
        PublicationFactory(themes=[topic])
    for url in (reverse("news_feed"), reverse("topic_feed", kwargs={"slug": "migration"})):
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url).status_code == 200


def test_a_topic_feed_reads_its_items_alone(client, django_assert_num_queries):
    """An RSS item shows no themes, city or parent event: the topic (the theme tree),
    the feed's light rows and one query a kind, nothing more."""
    topic = ThemeFactory(slug="migration")
    for _ in range(3):
        ArticleFactory(themes=[topic])
        EventFactory(themes=[topic])
        PublicationFactory(themes=[topic])
    address = reverse("topic_feed", kwargs={"slug": "migration"})
    client.get(address)  # what any page reads once per process (content types)
    with django_assert_num_queries(5):
        items = feed_items(client.get(address))
    assert len(items) == 9


FEEDS = [("news_feed", {}), ("topic_feed", {"slug": "migration"})]


@pytest.mark.parametrize(("name", "kwargs"), FEEDS)
def test_a_feed_read_again_reads_no_item_and_says_the_same(
    shared_cache, client, django_assert_max_num_queries, name, kwargs
):
    """Its items are written once per version of content (eurocities.feeds.kept_entries)."""
    topic = ThemeFactory(slug="migration")
    for _ in range(3):
        ArticleFactory(themes=[topic])
        EventFactory(themes=[topic])
    first = client.get(reverse(name, kwargs=kwargs))
    with django_assert_max_num_queries(0):  # the theme tree is kept too
        again = client.get(reverse(name, kwargs=kwargs))
    assert again.content == first.content
    assert again["Last-Modified"] == first["Last-Modified"]
    assert len(feed_items(again)) == (3 if name == "news_feed" else 6)


@pytest.mark.parametrize(("name", "kwargs"), FEEDS)
def test_a_feed_shows_an_edit_and_an_unpublication_at_once(shared_cache, client, name, kwargs):
    topic = ThemeFactory(slug="migration")
    edited = ArticleFactory(title="Before", themes=[topic])
    withdrawn = ArticleFactory(title="Withdrawn", themes=[topic])
    address = reverse(name, kwargs=kwargs)
    assert {item["title"] for item in feed_items(client.get(address))} == {"Before", "Withdrawn"}
    edited.title = "After"
    edited.save()
    withdrawn.status = Status.DRAFT
    withdrawn.save()
    assert [item["title"] for item in feed_items(client.get(address))] == ["After"]


@pytest.mark.parametrize(("name", "kwargs"), FEEDS)
def test_a_feed_links_to_the_host_it_was_asked_on_even_when_its_items_are_kept(
    shared_cache, client, name, kwargs
):
    topic = ThemeFactory(slug="migration")
    article = ArticleFactory(themes=[topic])
    address = reverse(name, kwargs=kwargs)
    on_testserver = feed_items(client.get(address))
    on_localhost = feed_items(client.get(address, HTTP_HOST="localhost"))
    assert on_testserver[0]["link"] == f"http://testserver{article.get_absolute_url()}"
    assert on_localhost[0]["link"] == f"http://localhost{article.get_absolute_url()}"
    assert on_localhost[0]["guid"] == on_localhost[0]["link"]
