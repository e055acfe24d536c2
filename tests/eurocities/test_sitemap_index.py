"""The sitemap index keeps every file within its limit whatever the size of the site."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from content.models import Article, Status
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_more_items_than_the_limit_are_split_into_files_within_it(client, settings):
    settings.SITEMAP_LIMIT = 5
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"A{n}",
            slug=f"a{n}",
            status=Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
        )
        for n in range(12)
    )
    ArticleFactory(title="Draft", status=Status.DRAFT)
    index = ET.fromstring(client.get(reverse("sitemap")).content)
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    news_files = [
        loc.text
        for loc in index.iterfind("sm:sitemap/sm:loc", NS)
        if "sitemap-news.xml" in loc.text
    ]
    assert len(news_files) == 3  # 12 items, at most 5 a file
    assert all(
        s.findtext("sm:lastmod", namespaces=NS)
        for s in index.iterfind("sm:sitemap", NS)
        if "news" in s.findtext("sm:loc", namespaces=NS)
    )
    seen = []
    for url in news_files:
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200
        assert len(response.content) < 10 * 1024 * 1024
        urls = ET.fromstring(response.content).findall("sm:url", NS)
        assert 0 < len(urls) <= 5
        assert all(u.findtext("sm:lastmod", namespaces=NS) for u in urls)
        seen += [u.findtext("sm:loc", namespaces=NS) for u in urls]
    assert len(seen) == len(set(seen)) == 12
    assert "http://testserver/news/draft/" not in seen


def test_the_default_limit_keeps_files_under_both_protocol_limits(settings):
    from eurocities.sitemaps import ArticleSitemap

    limit = ArticleSitemap().limit
    longest_entry = len(
        "<url><loc>https://www.eurocities.eu/news/" + "x" * 255 + "/</loc>"
        "<lastmod>2026-12-01</lastmod></url>\n"
    )
    assert limit <= 50_000
    assert limit * longest_entry < 10 * 1024 * 1024


def test_the_sitemap_index_and_a_file_run_a_constant_number_of_queries(
    client, django_assert_num_queries
):
    ArticleFactory.create_batch(3)
    client.get(reverse("sitemap"))  # warm the site cache
    with django_assert_num_queries(10):  # a COUNT per section, a MAX per content type
        client.get(reverse("sitemap"))
    ArticleFactory.create_batch(10)
    with django_assert_num_queries(10):
        client.get(reverse("sitemap"))
    with django_assert_num_queries(2):  # a COUNT for the paginator, then the page
        client.get("/sitemap-news.xml")


def news_files(client):
    return news_files_of(client.get(reverse("sitemap")))


def news_files_of(response):
    index = ET.fromstring(response.content)
    return [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS) if "news" in loc.text]


@pytest.mark.usefixtures("shared_cache")
def test_the_index_keeps_its_counts_while_content_stays_and_follows_every_change(
    client, settings, django_assert_max_num_queries
):
    settings.SITEMAP_LIMIT = 5
    articles = ArticleFactory.create_batch(5)
    client.get(reverse("sitemap"))
    with django_assert_max_num_queries(0):  # every section's count and lastmod kept
        assert len(news_files(client)) == 1
    ArticleFactory()  # a sixth: a second file, at once
    assert len(news_files(client)) == 2
    articles[0].status = Status.DRAFT
    articles[0].save()  # back to five
    assert len(news_files(client)) == 1


def test_the_index_is_written_as_djangos_template_would_write_it(client, settings):
    """eurocities.hosts.index_xml stands in for sitemap_index.xml: the same bytes."""
    settings.SITEMAP_LIMIT = 2
    ArticleFactory.create_batch(5, title="Cities & <towns>")
    response = client.get(reverse("sitemap"), HTTP_HOST="localhost")
    items = response.context_data["sitemaps"]
    assert len(items) > 3 and any(item.last_mod for item in items)
    assert response.content == render_to_string("sitemap_index.xml", {"sitemaps": items}).encode()
    assert all(loc.startswith("http://localhost/") for loc in news_files_of(response))
