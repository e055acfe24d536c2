from datetime import date, datetime, timedelta

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content.demo import BRUSSELS, brussels
from content.models import Status
from events.models import Event
from tests.clock import NEXT_YEAR, NOW
from tests.factories import CityFactory, EventFactory, ThemeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar):
    return calendar.walk("VEVENT")


def test_event_ics_round_trips_through_icalendar(client):
    event = EventFactory(
        title="Labour market integration of migrants",
        starts_at=brussels(NEXT_YEAR, 11, 30, 10, 0),
        ends_at=brussels(NEXT_YEAR, 11, 30, 11, 30),
        city=CityFactory(name="Nuremberg"),
        venue_name="Online platform",
    )
    response = client.get(event.get_ics_url())
    assert response["Content-Disposition"] == f'attachment; filename="event-{event.pk}.ics"'
    calendar = parse(response)
    assert calendar["VERSION"] == "2.0"
    (vevent,) = vevents(calendar)
    assert vevent["UID"] == f"event-{event.pk}@eurocities"
    assert vevent["SUMMARY"] == "Labour market integration of migrants"
    assert vevent["URL"] == f"http://testserver{event.get_absolute_url()}"
    assert vevent["STATUS"] == "CONFIRMED"
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert start == brussels(NEXT_YEAR, 11, 30, 10, 0)
    assert end == brussels(NEXT_YEAR, 11, 30, 11, 30)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert f"DTSTART;TZID=Europe/Brussels:{NEXT_YEAR}1130T100000".encode() in response.content


def test_ics_carries_a_brussels_vtimezone_with_both_zone_names(client):
    # Summer time starts on the last Sunday of March, between the 25th and the 31st.
    event = EventFactory(
        starts_at=brussels(NEXT_YEAR, 3, 24, 10), ends_at=brussels(NEXT_YEAR, 4, 1, 10)
    )
    calendar = parse(client.get(event.get_ics_url()))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Brussels"
    assert {str(part["TZNAME"]) for part in vtimezone.subcomponents} == {"CET", "CEST"}
    vevent = vevents(calendar)[0]
    assert vevent.decoded("DTSTART").utcoffset() == timedelta(hours=1)
    assert vevent.decoded("DTEND").utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("year", [2020, 2021, 2026, 2037, 2050])
def test_the_vtimezone_alone_gives_the_right_offset_around_each_clock_change(client, year):
    """A client that knows nothing of 'Europe/Brussels' reads the same times from the file."""
    calendar = parse(client.get(EventFactory().get_ics_url()))
    from_file = calendar.timezones[0].to_tz()
    day = datetime(year, 3, 20, 12)  # noqa: DTZ001 (wall-clock time, zone attached below)
    while day < datetime(year, 11, 10):  # noqa: DTZ001
        for local in (day, day.replace(hour=1, minute=30), day.replace(hour=3, minute=30)):
            assert local.replace(tzinfo=from_file).utcoffset() == (
                local.replace(tzinfo=BRUSSELS).utcoffset()
            ), local
        day += timedelta(days=1)


def test_all_day_events_are_date_values_with_an_exclusive_end(client):
    event = EventFactory(all_day=True, starts_at=brussels(2020, 5, 6), ends_at=brussels(2020, 5, 8))
    response = client.get(event.get_ics_url())
    (vevent,) = vevents(parse(response))
    assert vevent.decoded("DTSTART") == date(2020, 5, 6)
    assert vevent.decoded("DTEND") == date(2020, 5, 9)
    assert b"DTSTART;VALUE=DATE:20200506" in response.content


def test_cancelled_event_has_status_cancelled_and_says_so_in_its_summary(client):
    event = EventFactory(title="Webinar", occurrence=Event.Occurrence.CANCELLED)
    (vevent,) = vevents(parse(client.get(event.get_ics_url())))
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SUMMARY"] == "Cancelled: Webinar"


def test_postponed_event_is_tentative(client):
    event = EventFactory(title="Webinar", occurrence=Event.Occurrence.POSTPONED)
    (vevent,) = vevents(parse(client.get(event.get_ics_url())))
    assert vevent["STATUS"] == "TENTATIVE"
    assert vevent["SUMMARY"] == "Postponed: Webinar"


def test_uid_stays_the_same_when_the_event_is_edited(client):
    event = EventFactory(title="Before")
    before = vevents(parse(client.get(event.get_ics_url())))[0]["UID"]
    event.title = "After"
    event.starts_at += timedelta(days=1)
    event.ends_at += timedelta(days=1)
    event.save()
    after = vevents(parse(client.get(event.get_ics_url())))[0]
    assert after["UID"] == before
    assert after["SUMMARY"] == "After"


def test_hostile_title_is_plain_text_in_the_calendar(client):
    payload = "<script>alert(1)</script>\nX-INJECTED:yes"
    event = EventFactory(title=payload)
    (vevent,) = vevents(parse(client.get(event.get_ics_url())))
    assert "X-INJECTED" not in vevent
    assert str(vevent["SUMMARY"]) == payload


def test_upcoming_feed_lists_upcoming_public_events_only(client):
    now = timezone.now()
    running = EventFactory(
        title="Running", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    coming = EventFactory(title="Coming")
    EventFactory(title="Over", starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=3))
    EventFactory(title="Draft", status=Status.DRAFT)
    EventFactory(title="Scheduled", published_at=now + timedelta(days=1))
    calendar = parse(client.get(reverse("events:upcoming_ics")))
    assert [str(v["UID"]) for v in vevents(calendar)] == [
        f"event-{running.pk}@eurocities",
        f"event-{coming.pk}@eurocities",
    ]
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_upcoming_feed_per_theme_includes_sub_themes(client):
    parent = ThemeFactory(slug="inclusion", name="Inclusion")
    child = ThemeFactory(slug="migration", parent=parent)
    EventFactory(title="Child", themes=[child])
    EventFactory(title="Parent", themes=[parent])
    EventFactory(title="Other")
    calendar = parse(client.get(reverse("events:upcoming_ics"), {"theme": "inclusion"}))
    assert sorted(str(v["SUMMARY"]) for v in vevents(calendar)) == ["Child", "Parent"]
    assert calendar["X-WR-CALNAME"] == "Eurocities events: Inclusion"


def test_empty_feed_is_still_a_valid_calendar(client):
    calendar = parse(client.get(reverse("events:upcoming_ics")))
    assert vevents(calendar) == []
    assert calendar.walk("VTIMEZONE")


@pytest.mark.parametrize(
    "query",
    [{"theme": "nope"}, {"theme": "\x00"}, {"start": "2020-13-45"}, {"kind": "x" * 3000}],
)
def test_upcoming_feed_with_invalid_filters_is_404(client, query):
    assert client.get(reverse("events:upcoming_ics"), query).status_code == 404


@time_machine.travel(datetime(NEXT_YEAR, 5, 1, 9, 0, tzinfo=BRUSSELS), tick=False)
def test_feed_times_stay_in_brussels_for_a_summer_event(client):
    EventFactory(
        starts_at=brussels(NEXT_YEAR, 7, 1, 10, 0), ends_at=brussels(NEXT_YEAR, 7, 1, 12, 0)
    )
    (vevent,) = vevents(parse(client.get(reverse("events:upcoming_ics"))))
    start = vevent.decoded("DTSTART")
    assert start.astimezone(BRUSSELS).hour == 10
    assert start.utcoffset() == timedelta(hours=2)


@pytest.mark.usefixtures("shared_cache")
def test_a_calendar_of_kept_events_reads_only_their_pks(client):
    """Kept lines need no row (they are kept with the zone and years their times
    need): the events' pks are all a calendar reads then; a new event is read
    whole, in one more query."""
    EventFactory(title="Forum in Ghent", city=CityFactory(name="Ghent"))
    EventFactory(title="Webinar", attendance=Event.Attendance.ONLINE)
    url = reverse("events:upcoming_ics")
    first = client.get(url).content
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).content == first
    (events,) = [q["sql"] for q in queries.captured_queries if "events_event" in q["sql"]]
    assert events.startswith('SELECT "events_event"."id" AS "pk" FROM ')

    EventFactory(title="Study visit")
    with CaptureQueriesContext(connection) as queries:
        titles = [str(v["SUMMARY"]) for v in vevents(parse(client.get(url)))]
    assert set(titles) == {"Forum in Ghent", "Webinar", "Study visit"}
    whole = [q for q in queries.captured_queries if '"events_event"."title"' in q["sql"]]
    assert len(whole) == 1


@pytest.mark.usefixtures("shared_cache")
def test_kept_event_lines_make_the_same_calendar_and_follow_every_change(
    client, settings, monkeypatch
):
    from events import ical

    city = CityFactory(name="Ghent")
    event = EventFactory(title="Before", city=city)
    EventFactory(title="Other")
    url = reverse("events:upcoming_ics")
    first = client.get(url).content
    built = []
    serialise = ical.to_vevent
    monkeypatch.setattr(
        ical, "to_vevent", lambda *args: built.append(args[0].pk) or serialise(*args)
    )
    assert client.get(url).content == first  # every event's lines kept
    assert built == []
    settings.SHARED_CACHE = False  # nothing kept: every event serialised afresh
    assert client.get(url).content == first
    assert len(built) == 2
    settings.SHARED_CACHE = True

    event.title = "After"
    event.save()
    assert [str(v["SUMMARY"]) for v in vevents(parse(client.get(url)))][0] == "After"
    city.name = "Gent"
    city.save()
    (after_rename, _other) = vevents(parse(client.get(url)))
    assert "Gent" in str(after_rename["LOCATION"]) and "Ghent" not in str(after_rename["LOCATION"])
