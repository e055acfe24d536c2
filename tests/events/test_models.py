from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from content.demo import brussels
from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # The last Sunday of March 2021 is the 28th: clocks go from CET to CEST.
        ((2021, 3, 27), "27 March 2021, 10:00 – 11:30 CET"),
        ((2021, 3, 28), "28 March 2021, 10:00 – 11:30 CEST"),
        # The last Sunday of October 2021 is the 31st: back from CEST to CET.
        ((2021, 10, 30), "30 October 2021, 10:00 – 11:30 CEST"),
        ((2021, 10, 31), "31 October 2021, 10:00 – 11:30 CET"),
    ],
)
def test_times_are_shown_in_brussels_with_the_zone_people_write(day, expected):
    event = EventFactory(starts_at=brussels(*day, 10, 0), ends_at=brussels(*day, 11, 30))
    assert event.when_label == expected


def test_times_stored_in_utc_are_shown_in_brussels_time():
    event = EventFactory(
        starts_at=datetime(2020, 12, 2, 9, 0, tzinfo=UTC),
        ends_at=datetime(2020, 12, 2, 10, 30, tzinfo=UTC),
    )
    event.refresh_from_db()
    assert event.when_label == "2 December 2020, 10:00 – 11:30 CET"


def test_an_event_spanning_the_clock_change_names_both_zones():
    event = EventFactory(starts_at=brussels(2021, 3, 28, 1, 0), ends_at=brussels(2021, 3, 28, 4, 0))
    assert event.when_label == "28 March 2021, 01:00 CET – 04:00 CEST"


def test_an_event_crossing_midnight_shows_both_dates():
    event = EventFactory(
        starts_at=brussels(2020, 12, 2, 22, 0), ends_at=brussels(2020, 12, 3, 1, 0)
    )
    assert event.when_label == "2 December 2020, 22:00 – 3 December 2020, 01:00 CET"


def test_an_event_crossing_midnight_in_utc_but_not_in_brussels_is_one_day():
    event = EventFactory(
        starts_at=datetime(2020, 12, 1, 23, 30, tzinfo=UTC),  # 00:30 CET on the 2nd
        ends_at=datetime(2020, 12, 2, 1, 0, tzinfo=UTC),
    )
    assert event.when_label == "2 December 2020, 00:30 – 02:00 CET"


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ((2020, 5, 6), (2020, 5, 6), "6 May 2020"),
        ((2020, 5, 6), (2020, 5, 8), "6–8 May 2020"),
        ((2020, 11, 30), (2020, 12, 2), "30 November – 2 December 2020"),
        ((2020, 12, 30), (2021, 1, 2), "30 December 2020 – 2 January 2021"),
    ],
)
def test_all_day_events_show_dates_only_and_the_range_once(first, last, expected):
    event = EventFactory(
        all_day=True, starts_at=brussels(*first, 14, 0), ends_at=brussels(*last, 9, 0)
    )
    assert event.when_label == expected


def test_an_all_day_event_runs_from_the_start_of_its_first_day_to_the_end_of_its_last():
    event = EventFactory(
        all_day=True, starts_at=brussels(2020, 5, 6, 14, 0), ends_at=brussels(2020, 5, 8, 9, 0)
    )
    event.refresh_from_db()
    assert event.starts_at == brussels(2020, 5, 6, 0, 0)
    assert event.ends_at == brussels(2020, 5, 8, 23, 59) + timedelta(seconds=59)
    assert (event.start_date.isoformat(), event.end_date.isoformat()) == (
        "2020-05-06",
        "2020-05-08",
    )


def test_the_database_refuses_an_event_ending_before_it_starts():
    start = brussels(2020, 12, 2, 10, 0)
    with pytest.raises(IntegrityError):
        EventFactory(starts_at=start, ends_at=start - timedelta(minutes=1))


def test_an_event_may_end_when_it_starts():
    start = brussels(2020, 12, 2, 10, 0)
    event = EventFactory(starts_at=start, ends_at=start)
    assert event.when_label == "2 December 2020, 10:00 CET"


def test_running_event_is_upcoming_and_not_past():
    at = datetime(2025, 6, 1, 12, tzinfo=UTC)
    running = EventFactory(starts_at=at - timedelta(days=1), ends_at=at + timedelta(hours=1))
    assert list(Event.objects.upcoming(at=at)) == [running]
    assert not Event.objects.past(at=at).exists()


def test_an_event_ending_exactly_now_is_still_upcoming_and_past_a_moment_later():
    at = datetime(2025, 6, 1, 12, tzinfo=UTC)
    event = EventFactory(starts_at=at - timedelta(hours=2), ends_at=at)
    assert list(Event.objects.upcoming(at=at)) == [event]
    later = at + timedelta(microseconds=1)
    assert list(Event.objects.past(at=later)) == [event]


def test_upcoming_is_soonest_first_and_past_is_newest_first():
    at = timezone.now()
    later = EventFactory(starts_at=at + timedelta(days=10), ends_at=at + timedelta(days=10))
    sooner = EventFactory(starts_at=at + timedelta(days=2), ends_at=at + timedelta(days=2))
    old = EventFactory(starts_at=at - timedelta(days=30), ends_at=at - timedelta(days=30))
    recent = EventFactory(starts_at=at - timedelta(days=3), ends_at=at - timedelta(days=3))
    assert list(Event.objects.upcoming(at=at)) == [sooner, later]
    assert list(Event.objects.past(at=at)) == [recent, old]


def test_body_is_sanitised_on_save():
    event = EventFactory(body='<p onclick="x()">Hi</p><script>alert(1)</script>')
    assert event.body == "<p>Hi</p>"


@pytest.mark.parametrize("slug", ["past", "upcoming"])
def test_event_slugs_that_would_hide_behind_list_addresses_are_avoided(slug):
    event = EventFactory(slug=slug)
    assert event.slug == f"{slug}-event"
