from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CityFactory,
    EventFactory,
    PersonFactory,
    ThemeFactory,
    WorkingGroupFactory,
)
from tests.query_counts import assert_query_counts

pytestmark = pytest.mark.django_db

# Queries per page (SQLite and PostgreSQL alike), pinned exactly so that one more fails:
# when a page legitimately changes, update its number here, the one place that holds them.
# The home, topic, working group and city pages are in tests/eurocities/test_query_counts.py.
QUERIES = {
    "upcoming list": 4,
    "upcoming list, filtered": 4,
    "past list": 4,
    "conference": 6,
    "session": 5,
    "conference calendar": 1,
    "upcoming calendar": 1,
    "upcoming calendar, one theme": 2,
}
SIZES = [2, 40]  # events: hardly any, and more than a page


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
    conference = objects["conference"]
    return {
        "upcoming list": reverse("events:list"),
        "upcoming list, filtered": reverse("events:list")
        + "?theme=migration&kind=workshop&attendance=in_person",
        "past list": reverse("events:past"),
        "conference": conference.get_absolute_url(),
        "session": conference.programme.first().get_absolute_url(),
        "conference calendar": conference.get_ics_url(),
        "upcoming calendar": reverse("events:upcoming_ics"),
        "upcoming calendar, one theme": reverse("events:upcoming_ics") + "?theme=migration",
    }


@pytest.mark.parametrize("count", SIZES)
def test_every_events_page_runs_an_exact_number_of_queries(client, make_events, count):
    assert_query_counts(client, pages(make_events(count)), QUERIES)
