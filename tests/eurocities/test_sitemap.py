import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Status
from tests.factories import (
    ArticleFactory,
    CityFactory,
    EventFactory,
    PublicationFactory,
    ThemeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 14
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client):
    """Every address of every file the sitemap index lists."""
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    index = ET.fromstring(response.content)
    entries = {}
    for part in index.iterfind("sm:sitemap", NS):
        section = client.get(part.find("sm:loc", NS).text.removeprefix("http://testserver"))
        assert section.status_code == 200
        root = ET.fromstring(section.content)
        entries.update(
            {
                url.find("sm:loc", NS).text.removeprefix("http://testserver"): (
                    url.findtext("sm:lastmod", default=None, namespaces=NS)
                )
                for url in root.iterfind("sm:url", NS)
            }
        )
    return entries


def test_sitemap_lists_public_content_topics_groups_cities_and_list_pages(client):
    article = ArticleFactory()
    event = EventFactory()
    publication = PublicationFactory()
    topic = ThemeFactory(slug="migration")
    ThemeFactory(slug="plain-tag", has_topic_page=False)
    group = WorkingGroupFactory()
    city = CityFactory()
    entries = sitemap_entries(client)
    for url in (
        article.get_absolute_url(),
        event.get_absolute_url(),
        publication.get_absolute_url(),
        topic.get_absolute_url(),
        group.get_absolute_url(),
        city.get_absolute_url(),
        reverse("home"),
        reverse("topic_list"),
        reverse("content:article_list"),
        reverse("events:list"),
        reverse("publications:list"),
        reverse("charter:charter"),
    ):
        assert url in entries, url
    assert "/topics/plain-tag/" not in entries
    assert not any(url.startswith("/admin/") or url.startswith("/search/") for url in entries)


def test_sitemap_gives_content_its_last_change_date(client):
    article = ArticleFactory()
    entries = sitemap_entries(client)
    assert entries[article.get_absolute_url()] == (
        timezone.localdate(article.updated_at).isoformat()
    )


def test_sitemap_leaves_out_drafts_and_future_items(client):
    future = timezone.now() + timedelta(days=3)
    hidden = [
        ArticleFactory(status=Status.DRAFT),
        ArticleFactory(published_at=future),
        EventFactory(status=Status.DRAFT),
        EventFactory(published_at=future),
        PublicationFactory(status=Status.DRAFT),
        PublicationFactory(published_at=future),
    ]
    shown = [ArticleFactory(), EventFactory(), PublicationFactory()]
    entries = sitemap_entries(client)
    for item in hidden:
        assert item.get_absolute_url() not in entries
    for item in shown:
        assert item.get_absolute_url() in entries


def test_every_sitemap_address_answers_200(client):
    ArticleFactory()
    EventFactory()
    PublicationFactory()
    ThemeFactory(slug="migration")
    WorkingGroupFactory()
    CityFactory()
    entries = sitemap_entries(client)
    assert len(entries) >= 12  # the six objects and the list pages: the loop is not empty
    for url in entries:
        assert client.get(url).status_code == 200, url


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize("count", [2, 40])
def test_sitemap_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries, count):
    for _ in range(count):
        ArticleFactory()
        EventFactory()
        PublicationFactory()
        ThemeFactory()
        WorkingGroupFactory()
        CityFactory()
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(reverse("sitemap")).status_code == 200
