from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CityFactory,
    EventFactory,
    PersonFactory,
    ThemeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 24  # facets: one aggregate query per facet (content.facets)


@pytest.fixture
def make_events():
    def make(count):
        theme = ThemeFactory(slug="migration")
        sub = ThemeFactory(slug="children", parent=theme)
        city = CityFactory(name="Nuremberg")
        group = WorkingGroupFactory(slug="migration-group")
        people = PersonFactory.create_batch(2)
        now = timezone.now()
        conference = EventFactory(
            title="Conference",
            slug="conference",
            city=city,
            working_group=group,
            themes=[theme, sub],
            contacts=people,
        )
        for n in range(count):
            start = now + timedelta(days=n - count // 2)
            EventFactory(
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                parent=conference if n % 2 else None,
                city=city,
                working_group=group,
                themes=[theme, sub],
                contacts=people,
            )
        return {"theme": theme, "city": city, "group": group, "conference": conference}

    return make


def pages(objects):
    return [
        reverse("events:list"),
        reverse("events:list") + "?theme=migration&kind=workshop&attendance=online",
        reverse("events:past"),
        objects["conference"].get_absolute_url(),
        objects["conference"].get_ics_url(),
        reverse("events:upcoming_ics"),
        reverse("events:upcoming_ics") + "?theme=migration",
        reverse("home"),
        reverse("topic", kwargs={"slug": "migration"}),
        objects["group"].get_absolute_url(),
        objects["city"].get_absolute_url(),
    ]


@pytest.mark.parametrize("count", [2, 40])
def test_every_events_page_stays_under_15_queries(
    client, make_events, django_assert_max_num_queries, count
):
    objects = make_events(count)
    for url in pages(objects):
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(url)
        assert response.status_code == 200, url


def test_query_counts_do_not_grow_with_the_number_of_events(
    client, make_events, django_assert_num_queries
):
    objects = make_events(2)
    few = {}
    for url in pages(objects):
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        few[url] = len(ctx.captured_queries)
    conference = objects["conference"]
    for n in range(30):
        EventFactory(
            parent=conference if n % 2 else None,
            city=objects["city"],
            working_group=objects["group"],
            themes=[objects["theme"]],
        )
    for url in pages(objects):
        with django_assert_num_queries(few[url]):
            client.get(url)
