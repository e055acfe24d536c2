"""Performance rules that hold at any size: at most 10 queries on every public
page, the same count for a few items and for hundreds (seed_scale), bounded feeds,
calendars and sitemaps, conditional GET, and the benchmark's own pieces."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content.demo import BRUSSELS
from content.models import Article, City, Status, Theme, WorkingGroup
from eurocities import benchmark, sitemaps
from eurocities.feeds import FEED_LENGTH
from events import views as event_views
from events.models import Event
from publications.models import Publication
from tests.factories import ArticleFactory, EventFactory, ThemeFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10
NOW = datetime(2026, 6, 10, 12, 0, tzinfo=BRUSSELS)


def public_urls():
    article = Article.objects.published().first()
    event = Event.objects.published().upcoming().filter(parent__isnull=True).first()
    publication = Publication.objects.published().first()
    topic = Theme.objects.filter(has_topic_page=True, parent__isnull=True).first()
    group = WorkingGroup.objects.first()
    city = City.objects.filter(events__isnull=False).first() or City.objects.first()
    # A filtered list that finds something (an empty one may skip its queries).
    online = Event.objects.published().upcoming().exclude(attendance="in_person").first()
    online_theme = online.themes.first().slug if online else topic.slug
    urls = [
        reverse("home"),
        reverse("topic_list"),
        topic.get_absolute_url(),
        topic.get_absolute_url() + "?page=3",
        topic.get_absolute_url() + "?kind=story",
        reverse("topic_feed", kwargs={"slug": topic.slug}),
        reverse("content:article_list"),
        reverse("content:article_list") + "?page=4",
        reverse("content:article_list") + f"?kind=news&theme={topic.slug}",
        article.get_absolute_url(),
        reverse("events:list"),
        reverse("events:list") + f"?theme={online_theme}&attendance=online",
        reverse("events:past") + "?page=3",
        event.get_absolute_url(),
        event.get_ics_url(),
        reverse("events:upcoming_ics"),
        reverse("publications:list"),
        reverse("publications:list") + "?page=2",
        publication.get_absolute_url(),
        reverse("search") + "?q=housing",
        reverse("news_feed"),
        reverse("sitemap"),
        reverse("robots_txt"),
        group.get_absolute_url(),
        reverse("charter:charter"),
        reverse("charter:pledges"),
        city.get_absolute_url(),
    ]
    return urls


def query_counts(client):
    counts = {}
    for url in public_urls():
        client.get(url)  # a worker's steady state: content types cached
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        # Detail addresses differ between the sizes; the page's place in the list does not.
        counts[len(counts)] = (url, len(queries))
    return counts


@time_machine.travel(NOW, tick=False)
def test_every_public_page_runs_at_most_10_queries_at_small_and_large_size(client):
    # Enough that every section of every page has something to show: an empty
    # section may skip its query, which would hide a count that grows.
    call_command("seed_scale", articles=60, events=40, publications=30, cities=4, stdout=None)
    small = query_counts(client)
    call_command("seed_scale", articles=400, events=120, publications=80, cities=10, force=True)
    large = query_counts(client)
    counted = [*small.values(), *large.values()]
    assert not [(url, count) for url, count in counted if count > MAX_QUERIES]
    # The count does not grow with the content.
    grown = [(url, small[n][1], count) for n, (url, count) in large.items() if count > small[n][1]]
    assert not grown


@time_machine.travel(NOW, tick=False)
def test_deep_pages_answer_with_the_page_asked_for(client):
    call_command("seed_scale", articles=300, events=0, publications=0, cities=1)
    response = client.get(reverse("content:article_list") + "?page=20")
    page = response.context["page_obj"]
    assert page.number == 20
    assert len(page.object_list) == 12
    # The year facet's counts (made anyway) give the length of the list: exact, and
    # the links reach the last page.
    total = Article.objects.published().count()
    assert total > 20 * 12
    assert f"{total} articles" in response.text and "More than" not in response.text
    assert page.paginator.get_elided_page_range(20)[-1] == page.paginator.num_pages
    last = client.get(reverse("content:article_list") + "?page=1000").context["page_obj"]
    assert last.number == last.paginator.num_pages == -(-total // 12)


def test_a_short_list_keeps_its_exact_count_and_last_page_link(client):
    for _ in range(30):
        ArticleFactory()
    response = client.get(reverse("content:article_list"))
    assert "30 articles" in response.text
    assert list(response.context["page_obj"].paginator.get_elided_page_range(1)) == [1, 2, 3]


def test_rss_feeds_stay_at_their_length_whatever_the_content(client):
    theme = ThemeFactory(slug="housing")
    for _ in range(FEED_LENGTH + 5):
        ArticleFactory(themes=[theme])
    for url in [reverse("news_feed"), reverse("topic_feed", kwargs={"slug": "housing"})]:
        root = ET.fromstring(client.get(url).content)
        assert len(root.findall("./channel/item")) == FEED_LENGTH


def test_the_calendar_keeps_to_its_window_and_its_count(client, monkeypatch):
    monkeypatch.setattr(event_views, "FEED_LIMIT", 3)
    with time_machine.travel(NOW, tick=False):
        for days in [1, 2, 3, 4, 5]:
            EventFactory(title=f"Soon {days}", starts_at=NOW + timedelta(days=days),
                         ends_at=NOW + timedelta(days=days, hours=2))  # fmt: skip
        EventFactory(title="Far away", starts_at=NOW + timedelta(days=400),
                     ends_at=NOW + timedelta(days=400, hours=2))  # fmt: skip
        body = client.get(reverse("events:upcoming_ics")).content.decode()
    assert body.count("BEGIN:VEVENT") == 3
    assert "Soon 1" in body and "Soon 3" in body and "Soon 4" not in body
    monkeypatch.setattr(event_views, "FEED_LIMIT", 100)
    with time_machine.travel(NOW, tick=False):
        body = client.get(reverse("events:upcoming_ics")).content.decode()
    assert body.count("BEGIN:VEVENT") == 5
    assert "Far away" not in body  # beyond CALENDAR_WINDOW


def test_the_sitemap_lists_at_most_its_limit_per_section_newest_first(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 4)
    articles = [ArticleFactory() for _ in range(6)]
    body = client.get("/sitemap-news.xml").content.decode()
    listed = [a for a in articles if a.get_absolute_url() in body]
    assert len(listed) == 4
    newest = sorted(articles, key=lambda a: (a.published_at, a.pk), reverse=True)[:4]
    assert {a.pk for a in listed} == {a.pk for a in newest}


@pytest.mark.parametrize("name", ["news_feed", "topic_feed", "events:upcoming_ics", "sitemap"])
def test_feeds_calendars_and_sitemaps_answer_conditional_get(client, name):
    theme = ThemeFactory(slug="housing")
    ArticleFactory(themes=[theme])
    EventFactory(themes=[theme])
    url = reverse(name, kwargs={"slug": "housing"} if name == "topic_feed" else None)
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    ArticleFactory(themes=[theme], title="Something new")
    EventFactory(themes=[theme], title="Something happening")
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_sitemap_and_news_feed_answer_if_modified_since(client):
    ArticleFactory()
    first = client.get(reverse("news_feed"))
    modified = first["Last-Modified"]
    again = client.get(reverse("news_feed"), headers={"if-modified-since": modified})
    assert again.status_code == 304


def test_seed_scale_fills_an_empty_database_and_refuses_one_with_content(capsys):
    call_command("seed_scale", articles=25, events=6, publications=4, cities=3)
    out = capsys.readouterr().out
    assert "articles: 25/25" in out
    assert Article.objects.filter(slug__contains="-").count() >= 25
    assert Event.objects.count() >= 6 and Publication.objects.count() >= 4
    # Public as editors' items are: a publication without a file or a link is hidden.
    assert (
        Publication.objects.published().count()
        == Publication.objects.filter(
            status=Status.PUBLISHED, published_at__lte=timezone.now()
        ).count()
    )
    seeded = Article.objects.exclude(themes=None).count()
    assert seeded >= 25  # every generated item carries themes
    with pytest.raises(CommandError, match="already has content"):
        call_command("seed_scale", articles=5)
    before = Article.objects.count()
    call_command("seed_scale", articles=5, events=0, publications=0, cities=0, force=True)
    assert Article.objects.count() == before + 5


def test_seed_scale_refuses_negative_sizes():
    with pytest.raises(CommandError, match="cannot be negative"):
        call_command("seed_scale", articles=-1)


WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8600/news/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.51ms    3.20ms  48.10ms   80.00%
    Req/Sec   320.00     20.00   400.00     70.00%
  Latency Distribution
     50%   11.80ms
     75%   13.90ms
     90%   16.20ms
     99%   31.40ms
  3201 requests in 5.00s, 40.10MB read
  Non-2xx or 3xx responses: 2
Requests/sec:    640.20
Transfer/sec:      8.02MB
"""


def test_the_benchmark_reads_wrk_output():
    figures = benchmark.parse_wrk(WRK_OUTPUT)
    assert figures == {
        "requests": 3201,
        "rps": 640.2,
        "p50_ms": 11.8,
        "p99_ms": 31.4,
        "errors": 2,
    }
    assert benchmark.duration_ms("850.00us") == pytest.approx(0.85)
    assert benchmark.duration_ms("1.20s") == pytest.approx(1200)
    with pytest.raises(ValueError):
        benchmark.parse_wrk("wrk: connection refused")


def test_the_benchmark_table_shows_ratios_queries_and_missed_targets():
    results = [
        benchmark.Result("floor", "floor", rps=2000, p50_ms=1, p99_ms=3, cpu_ms=0.8),
        benchmark.Result(
            "news",
            "list",
            rps=200,
            p50_ms=9,
            p99_ms=20,
            cpu_ms=6.4,
            queries=4,
            size_bytes=13 * 1024,
        ),  # fmt: skip
        benchmark.Result(
            "article", "detail", rps=100, p50_ms=9, p99_ms=80, cpu_ms=7.2, queries=12
        ),  # fmt: skip
    ]
    table = benchmark.format_table("scale, uncached", results, full_scale=True)
    lines = table.splitlines()
    assert lines[0] == "scale, uncached"
    for column in ["req/s", "p50 ms", "p99 ms", "CPU ms/req", "x floor", "queries"]:
        assert column in lines[1]
    news = next(line for line in lines if line.startswith("news"))
    assert "8.0" in news and news.rstrip().endswith("ok")
    article = next(line for line in lines if line.startswith("article"))
    assert "> 8x floor" in article and "> 10 queries" in article
    assert "p99" not in article  # detail pages have no latency target
    cached = benchmark.format_table(
        "cached",
        [results[0], benchmark.Result("news", "list", cpu_ms=1.6, p99_ms=2)],
        cached=True,
    )
    assert "cached > 1.5x floor" in cached


@pytest.mark.parametrize("page", ["99999999999999999999999999", "-5", "0", "1e3", "%00", "last"])
def test_odd_page_numbers_give_a_page_not_an_error(client, page):
    theme = ThemeFactory(slug="housing")
    for _ in range(3):
        ArticleFactory(themes=[theme])
    for url in [reverse("content:article_list"), reverse("topic", kwargs={"slug": "housing"})]:
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        assert len(response.context["page_obj"].object_list) == 3


def test_explain_names_only_the_large_tables_read_end_to_end():
    from eurocities.management.commands.bench_queries import sequential_scans

    plan = (
        "Index Scan using publication_public_newest on publications_publication\n"
        '  ->  Seq Scan on publications_publicationfile "U0"\n'
        "  ->  Seq Scan on events_event  (actual time=0.1..9.0 rows=19000 loops=1)"
    )
    assert sequential_scans(plan) == ["events_event"]
