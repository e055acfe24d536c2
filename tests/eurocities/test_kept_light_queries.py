"""The mixed feed's light rows (topic pages, search, working groups, topic RSS) are
read once per feed and content version and kept for all its pages
(eurocities.latest.kept_feed_rows), and a topic's working groups and projects are
compiled once (content.versions.compiled_once): the pages show the same items as a
process that keeps nothing, and every change to public content is on the next page."""

from datetime import datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.urls import reverse

from content.demo import BRUSSELS
from content.models import Theme
from eurocities import latest
from tests.factories import (
    ArticleFactory,
    EventFactory,
    ProjectFactory,
    PublicationFactory,
    ThemeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=BRUSSELS)


@pytest.fixture
def housing():
    """A topic with a feed of three pages, an upcoming event, a publication, a
    working group and a subtopic with a project of its own."""
    theme = ThemeFactory(name="Housing", slug="housing", has_topic_page=True)
    WorkingGroupFactory(name="Housing group").themes.set([theme])
    rents = ThemeFactory(name="Rents", slug="rents", parent=theme, has_topic_page=True)
    ProjectFactory(acronym="RENTWISE").themes.set([rents])
    for day in range(30):
        ArticleFactory(
            title=f"Housing story {day:02d}",
            themes=[theme],
            published_at=START - timedelta(days=day + 1),
        )
    EventFactory(
        title="Housing forum",
        themes=[theme],
        published_at=START - timedelta(days=40),
        starts_at=START + timedelta(days=5),
        ends_at=START + timedelta(days=6),
    )
    PublicationFactory(
        title="Housing guide", themes=[theme], published_at=START - timedelta(hours=5)
    )
    return theme


@pytest.fixture
def compiled():
    """How many times the light query was compiled (and read)."""
    with mock.patch.object(latest, "light_query", wraps=latest.light_query) as spy:
        yield spy


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def pages(client, topic):
    return [
        text(client, url)
        for url in (
            topic,
            f"{topic}?page=2",
            f"{topic}?page=3",
            f"{topic}?page=99",  # stale: the last page
            f"{topic}?kind=event",
            f"{topic}?kind=publication",
            reverse("topic", kwargs={"slug": "rents"}),
            reverse("search") + "?q=housing",
            reverse("search") + "?q=forum",
        )
    ]


@time_machine.travel(START, tick=False)
def test_kept_pages_are_those_of_a_process_that_keeps_nothing(client, settings, housing, compiled):
    topic = housing.get_absolute_url()
    settings.SHARED_CACHE = False
    unkept = pages(client, topic)
    assert compiled.call_count == 9

    settings.SHARED_CACHE = True
    compiled.reset_mock()
    assert pages(client, topic) == unkept
    # The topic's first read has its whole feed (31 items): its pages 2, 3 and 99 are
    # read from it; each filter, the subtopic and each search is a feed of its own.
    assert compiled.call_count == 6
    assert pages(client, topic) == unkept
    assert compiled.call_count == 6  # none read again
    assert "Housing story 00" in unkept[0] and "Housing story 00" not in unkept[1]
    assert "Housing forum" in unkept[4] and "Housing story 00" not in unkept[4]
    assert "Housing forum" in unkept[8] and "Housing story 00" not in unkept[8]
    assert "Housing group" in unkept[0] and "RENTWISE" in unkept[0]  # the subtopic's too
    assert "Housing group" not in unkept[6] and "RENTWISE" in unkept[6]


def test_a_new_project_is_on_a_kept_topic_page_at_once(client, shared_cache, housing):
    topic = housing.get_absolute_url()
    assert "HOMES" not in text(client, topic)
    ProjectFactory(acronym="HOMES").themes.set([housing])
    assert "HOMES" in text(client, topic)


@time_machine.travel(START, tick=False)
def test_a_new_article_is_on_a_kept_topic_page_at_once(client, shared_cache, housing):
    topic = housing.get_absolute_url()
    assert "Housing story 00" in text(client, topic)
    ArticleFactory(title="Just published", themes=[housing], published_at=START)
    page = text(client, topic)
    assert "Just published" in page
    assert "Housing story 11" not in page  # moved on to page 2
    assert "Housing story 11" in text(client, f"{topic}?page=2")


def test_a_scheduled_article_joins_a_kept_topic_page_when_its_time_comes(
    client, shared_cache, housing
):
    topic = housing.get_absolute_url()
    with time_machine.travel(START, tick=False) as traveller:
        ArticleFactory(
            title="Embargoed housing report",
            themes=[housing],
            published_at=START + timedelta(hours=2),
        )
        assert "Embargoed housing report" not in text(client, topic)
        assert "Embargoed housing report" not in text(client, reverse("search") + "?q=embargoed")
        traveller.move_to(START + timedelta(hours=2, seconds=1))
        assert "Embargoed housing report" in text(client, topic)
        assert "Embargoed housing report" in text(client, reverse("search") + "?q=embargoed")


def test_an_ended_event_leaves_the_highlights_of_a_kept_topic_page(client, shared_cache, housing):
    topic = housing.get_absolute_url()
    with time_machine.travel(START, tick=False) as traveller:
        EventFactory(
            title="Morning workshop",
            themes=[housing],
            starts_at=START,
            ends_at=START + timedelta(hours=2),
        )
        assert "Morning workshop" in text(client, topic).split("latest-heading")[0]
        traveller.move_to(START + timedelta(hours=3))
        assert "Morning workshop" not in text(client, topic).split("latest-heading")[0]


@time_machine.travel(START, tick=False)
def test_kept_topic_feeds_are_each_their_topics_and_take_a_new_article_at_once(
    client, shared_cache, housing
):
    housing_feed = reverse("topic_feed", kwargs={"slug": "housing"})
    rents_feed = reverse("topic_feed", kwargs={"slug": "rents"})
    rents = Theme.objects.get(slug="rents")
    ArticleFactory(title="Rent caps compared", themes=[rents], published_at=START)
    for _ in range(2):
        housing_items, rents_items = text(client, housing_feed), text(client, rents_feed)
        assert "Rent caps compared" in housing_items and "Housing story 00" in housing_items
        assert "Rent caps compared" in rents_items and "Housing story 00" not in rents_items
    ArticleFactory(title="Tenants speak up", themes=[housing], published_at=START)
    assert "Tenants speak up" in text(client, housing_feed)
    assert "Tenants speak up" not in text(client, rents_feed)


@time_machine.travel(START, tick=False)
def test_a_kept_working_group_page_is_its_own_and_takes_a_new_article_at_once(client, shared_cache):
    housing_group = WorkingGroupFactory(name="Housing group")
    culture_group = WorkingGroupFactory(name="Culture group")
    ArticleFactory(title="Housing minutes", working_group=housing_group, published_at=START)
    ArticleFactory(title="Culture minutes", working_group=culture_group, published_at=START)
    for _ in range(2):
        housing_page = text(client, housing_group.get_absolute_url())
        culture_page = text(client, culture_group.get_absolute_url())
        assert "Housing minutes" in housing_page and "Culture minutes" not in housing_page
        assert "Culture minutes" in culture_page and "Housing minutes" not in culture_page
    stories = text(client, housing_group.get_absolute_url() + "?kind=story")
    assert "Housing minutes" not in stories
    ArticleFactory(
        title="Housing story", kind="story", working_group=housing_group, published_at=START
    )
    assert "Housing story" in text(client, housing_group.get_absolute_url() + "?kind=story")
    assert "Housing story" in text(client, housing_group.get_absolute_url())


@time_machine.travel(START, tick=False)
def test_paging_through_a_long_feed_reads_it_once_per_power_of_two(
    client, settings, housing, compiled
):
    for day in range(120):
        ArticleFactory(
            title=f"Older housing story {day:03d}",
            themes=[housing],
            published_at=START - timedelta(days=100 + day),
        )
    topic = housing.get_absolute_url()
    addresses = [f"{topic}?page={number}" for number in range(1, 15)]
    settings.SHARED_CACHE = False
    unkept = [text(client, address) for address in addresses]
    settings.SHARED_CACHE = True
    compiled.reset_mock()
    assert [text(client, address) for address in addresses] == unkept
    # 150 items, 12 a page: pages 1-2 read 64 rows, 3-8 read 128, 9-14 the rest.
    assert compiled.call_count == 3
    assert "Older housing story 119" in unkept[12]  # the last of 150 items, page 13
    assert 'aria-current="page">' in unkept[13] and "Older housing story 119" in unkept[13]


@time_machine.travel(START, tick=False)
def test_a_topic_whose_newest_items_are_its_highlights_still_links_on_from_page_one(
    client, settings
):
    """The highlights (three upcoming events, three documents) leave the feed; when
    they are its newest items the feed read for page 1 must still reach past the
    pages its links show, or the links end as if the list did."""
    settings.SHARED_CACHE = False  # read as far as page 1 needs, not rounded up to keep
    theme = ThemeFactory(name="Housing", slug="housing", has_topic_page=True)
    for number in range(3):
        EventFactory(
            themes=[theme],
            published_at=START - timedelta(hours=number + 1),
            starts_at=START + timedelta(days=number + 5),
            ends_at=START + timedelta(days=number + 6),
        )
        PublicationFactory(themes=[theme], published_at=START - timedelta(hours=number + 1))
    for day in range(50):
        ArticleFactory(themes=[theme], published_at=START - timedelta(days=day + 1))
    page_one = text(client, theme.get_absolute_url())
    assert '<span aria-hidden="true">…</span>' in page_one  # the list goes on past page 4
    last = text(client, theme.get_absolute_url() + "?page=5")
    assert 'aria-current="page">' in last and 'rel="next"' not in last
