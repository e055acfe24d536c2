"""Events in their own time zone: entry in the admin, display, and the .ics file."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from content.timezones import BRUSSELS
from events.models import Event
from tests.factories import CityFactory, EventFactory

from .test_admin import form_data

pytestmark = pytest.mark.django_db

LISBON = ZoneInfo("Europe/Lisbon")
HELSINKI = ZoneInfo("Europe/Helsinki")
ISTANBUL = ZoneInfo("Europe/Istanbul")
DUBLIN = ZoneInfo("Europe/Dublin")

# In 2026 the EU's clocks go forward on 29 March and back on 25 October (01:00 UTC).
BEFORE_SPRING, AFTER_SPRING = (2026, 3, 28), (2026, 3, 30)
BEFORE_AUTUMN, AFTER_AUTUMN = (2026, 10, 24), (2026, 10, 26)


def page_text(client, event):
    return " ".join(strip_tags(client.get(event.get_absolute_url()).content.decode()).split())


def local(zone, day, hour, minute=0):
    return datetime(*day, hour, minute, tzinfo=zone)


def event_in(zone, day, hour=9, **kwargs):
    start = local(zone, day, hour)
    kwargs.setdefault("attendance", Event.Attendance.IN_PERSON)
    return EventFactory(
        time_zone=zone.key, starts_at=start, ends_at=start + timedelta(hours=1), **kwargs
    )


@pytest.mark.parametrize(
    ("zone", "day", "label"),
    [
        (LISBON, BEFORE_SPRING, "09:00 – 10:00 WET"),
        (LISBON, AFTER_SPRING, "09:00 – 10:00 WEST"),
        (LISBON, BEFORE_AUTUMN, "09:00 – 10:00 WEST"),
        (LISBON, AFTER_AUTUMN, "09:00 – 10:00 WET"),
        (HELSINKI, BEFORE_SPRING, "09:00 – 10:00 EET"),
        (HELSINKI, AFTER_SPRING, "09:00 – 10:00 EEST"),
        (HELSINKI, AFTER_AUTUMN, "09:00 – 10:00 EET"),
        (DUBLIN, BEFORE_SPRING, "09:00 – 10:00 GMT"),
        (DUBLIN, AFTER_SPRING, "09:00 – 10:00 IST"),
        (ISTANBUL, BEFORE_SPRING, "09:00 – 10:00 UTC+3"),
        (ISTANBUL, AFTER_AUTUMN, "09:00 – 10:00 UTC+3"),
        (BRUSSELS, BEFORE_SPRING, "09:00 – 10:00 CET"),
        (BRUSSELS, AFTER_SPRING, "09:00 – 10:00 CEST"),
    ],
)
@time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=UTC), tick=False)
def test_an_event_is_shown_in_its_local_time_with_the_zone_abbreviation(client, zone, day, label):
    event = event_in(zone, day)
    assert event.when_label.endswith(label)
    assert label in page_text(client, event)


@pytest.mark.parametrize(
    ("zone", "day", "brussels_label"),
    [
        (LISBON, BEFORE_SPRING, "10:00 – 11:00 CET"),
        (LISBON, AFTER_SPRING, "10:00 – 11:00 CEST"),
        (HELSINKI, BEFORE_AUTUMN, "08:00 – 09:00 CEST"),
        (HELSINKI, AFTER_AUTUMN, "08:00 – 09:00 CET"),
        (ISTANBUL, BEFORE_SPRING, "07:00 – 08:00 CET"),
        (ISTANBUL, AFTER_SPRING, "08:00 – 09:00 CEST"),
    ],
)
@time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=UTC), tick=False)
def test_an_event_outside_brussels_also_gives_the_brussels_time(client, zone, day, brussels_label):
    event = event_in(zone, day, city=CityFactory(name="Host"))
    text = page_text(client, event)
    assert f"Brussels time: {event.brussels_when_label}" in text
    assert brussels_label in text
    assert event.brussels_when_label.endswith(brussels_label)


@time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=UTC), tick=False)
def test_a_brussels_event_gives_no_second_time(client):
    html = client.get(event_in(BRUSSELS, AFTER_SPRING).get_absolute_url()).content.decode()
    assert "Brussels time:" not in html


@time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=UTC), tick=False)
def test_an_online_event_is_shown_in_brussels_time_whatever_its_zone(client):
    event = event_in(LISBON, AFTER_SPRING, attendance=Event.Attendance.ONLINE)
    assert event.when_label.endswith("10:00 – 11:00 CEST")
    text = page_text(client, event)
    assert "10:00 – 11:00 CEST" in text
    assert "Brussels time:" not in text


# --- The admin: times entered in the event's zone -----------------------------------


def admin_post(staff_client, **overrides):
    data = form_data(attendance=Event.Attendance.IN_PERSON, **overrides)
    return staff_client.post(reverse("admin:events_event_add"), data)


def test_admin_says_which_zone_times_are_entered_in(staff_client):
    html = staff_client.get(reverse("admin:events_event_add")).content.decode()
    assert "own time zone, chosen first" in html
    assert '<option value="Europe/Lisbon">Lisbon</option>' in html
    assert '<option value="Europe/Brussels" selected>Brussels</option>' in html


def test_admin_times_are_read_in_the_chosen_zone(staff_client):
    response = admin_post(
        staff_client,
        time_zone="Europe/Lisbon",
        starts_at_0="2026-03-29",
        starts_at_1="09:00",
        ends_at_0="2026-03-29",
        ends_at_1="10:30",
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert event.time_zone == "Europe/Lisbon"
    assert event.starts_at == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)  # 09:00 WEST
    assert event.ends_at == datetime(2026, 3, 29, 9, 30, tzinfo=UTC)


def test_admin_edit_form_shows_the_times_in_the_events_zone(staff_client):
    event = event_in(HELSINKI, AFTER_SPRING, hour=9)
    html = staff_client.get(reverse("admin:events_event_change", args=[event.pk])).content
    assert b'name="starts_at_1" value="09:00:00"' in html
    assert b'<option value="Europe/Helsinki" selected>' in html


def test_a_time_missing_in_brussels_is_fine_where_it_exists(staff_client):
    # 02:30 on 29 March 2026 never happens in Brussels, but does in Lisbon (WEST).
    response = admin_post(
        staff_client,
        time_zone="Europe/Lisbon",
        starts_at_0="2026-03-29",
        starts_at_1="02:30",
        ends_at_0="2026-03-29",
        ends_at_1="03:00",
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Event.objects.get().starts_at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "at", "message"),
    [
        (
            "Europe/Helsinki",
            "2026-03-29",
            "03:30",
            "03:30 on 29 March 2026 does not exist in Europe/Helsinki: the clocks go "
            "forward that night.",
        ),
        (
            "Europe/Brussels",
            "2026-03-29",
            "02:15",
            "02:15 on 29 March 2026 does not exist in Europe/Brussels",
        ),
        (
            "Europe/Lisbon",
            "2026-10-25",
            "01:30",
            "01:30 on 25 October 2026 happens twice in Europe/Lisbon: the clocks go back",
        ),
        (
            "Europe/Dublin",
            "2026-10-25",
            "01:00",
            "01:00 on 25 October 2026 happens twice in Europe/Dublin",
        ),
    ],
)
def test_admin_refuses_times_that_do_not_exist_or_happen_twice(
    staff_client, zone, day, at, message
):
    response = admin_post(
        staff_client,
        time_zone=zone,
        starts_at_0=day,
        starts_at_1=at,
        ends_at_0=day,
        ends_at_1="12:00",
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in errors["starts_at"][0]
    assert not Event.objects.exists()


def test_admin_refuses_a_zone_not_on_the_iana_list(staff_client):
    response = admin_post(staff_client, time_zone="Mars/Olympus_Mons")
    assert response.status_code == 200
    assert "time_zone" in response.context["adminform"].form.errors
    assert not Event.objects.exists()


def test_the_orm_refuses_a_zone_not_on_the_iana_list():
    event = EventFactory.build(time_zone="Europe/Atlantis")
    with pytest.raises(Exception, match="not a time zone of the IANA list"):
        event.full_clean()


def test_an_imported_bad_zone_still_shows_a_time_in_brussels():
    event = EventFactory(time_zone="nowhere", starts_at=local(BRUSSELS, AFTER_SPRING, 9))
    assert event.when_label.endswith("CEST")


def test_an_all_day_event_covers_whole_days_in_its_own_zone():
    event = EventFactory(
        time_zone="Europe/Helsinki",
        all_day=True,
        starts_at=local(HELSINKI, AFTER_SPRING, 15),
        ends_at=local(HELSINKI, (2026, 3, 31), 15),
    )
    assert event.starts_at == local(HELSINKI, AFTER_SPRING, 0)
    assert event.end_date.isoformat() == "2026-03-31"


# --- The .ics file ------------------------------------------------------------------


def calendar_of(client, event):
    response = client.get(event.get_ics_url())
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content), response.content


@pytest.mark.parametrize("zone", [LISBON, HELSINKI, DUBLIN, ISTANBUL, BRUSSELS])
@pytest.mark.parametrize("day", [BEFORE_SPRING, AFTER_SPRING, BEFORE_AUTUMN, AFTER_AUTUMN])
@time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=UTC), tick=False)
def test_ics_gives_the_local_time_with_that_zones_vtimezone(client, zone, day):
    event = event_in(zone, day)
    calendar, raw = calendar_of(client, event)
    stamp = f"{day[0]}{day[1]:02d}{day[2]:02d}T090000"
    assert f"DTSTART;TZID={zone.key}:{stamp}".encode() in raw
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == zone.key
    # A client that knows nothing of the zone's name places the event right.
    from_file = vtimezone.to_tz()
    start = datetime(*day, 9)  # noqa: DTZ001 (wall-clock time, zone attached below)
    assert start.replace(tzinfo=from_file).utcoffset() == local(zone, day, 9).utcoffset()


@pytest.mark.parametrize("zone", [LISBON, HELSINKI, DUBLIN, ISTANBUL])
@pytest.mark.parametrize("year", [2017, 2026, 2040])
@time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=UTC), tick=False)
def test_the_vtimezone_is_right_around_both_changes_of_every_year(client, zone, year):
    """Like Brussels' own: rules, not dates, so other years are right too."""
    calendar, _raw = calendar_of(client, event_in(zone, AFTER_SPRING))
    from_file = calendar.walk("VTIMEZONE")[0].to_tz()
    for month, first_day in ((3, 20), (10, 20)):
        for day in range(first_day, first_day + 12):
            for hour in (0, 1, 2, 3, 4, 5, 12):
                wall = datetime(year, month, day, hour, 30)  # noqa: DTZ001
                # Skip the hour that does not exist or happens twice: no rule names it.
                real = wall.replace(tzinfo=zone)
                if real.utcoffset() != wall.replace(tzinfo=zone, fold=1).utcoffset():
                    continue
                assert wall.replace(tzinfo=from_file).utcoffset() == real.utcoffset(), wall


@time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=UTC), tick=False)
def test_a_calendar_with_events_in_several_zones_defines_each_zone_once(client):
    event_in(LISBON, AFTER_SPRING)
    event_in(HELSINKI, AFTER_SPRING)
    online = event_in(BRUSSELS, AFTER_SPRING, attendance=Event.Attendance.ONLINE)
    online.time_zone = "Europe/Lisbon"
    online.save()
    response = client.get(reverse("events:upcoming_ics"))
    calendar = icalendar.Calendar.from_ical(response.content)
    assert sorted(tz["TZID"] for tz in calendar.walk("VTIMEZONE")) == [
        "Europe/Brussels",
        "Europe/Helsinki",
        "Europe/Lisbon",
    ]
    assert b"DTSTART;TZID=Europe/Brussels:20260330T090000" in response.content


def test_istanbul_before_and_after_it_stopped_changing_clocks():
    from events.ical import vtimezone

    component = vtimezone("Europe/Istanbul", {2015, 2026})
    from_file = component.to_tz()
    for wall, zone_time in [
        (datetime(2015, 1, 15, 12), datetime(2015, 1, 15, 12, tzinfo=ISTANBUL)),  # noqa: DTZ001
        (datetime(2015, 7, 15, 12), datetime(2015, 7, 15, 12, tzinfo=ISTANBUL)),  # noqa: DTZ001
        (datetime(2026, 1, 15, 12), datetime(2026, 1, 15, 12, tzinfo=ISTANBUL)),  # noqa: DTZ001
        (datetime(2040, 1, 15, 12), datetime(2040, 1, 15, 12, tzinfo=ISTANBUL)),  # noqa: DTZ001
    ]:
        assert wall.replace(tzinfo=from_file).utcoffset() == zone_time.utcoffset(), wall


def test_brussels_vtimezone_keeps_its_eu_rules():
    from events.ical import vtimezone

    summer, winter = vtimezone("Europe/Brussels", {2026}).subcomponents
    assert (summer.name, summer["TZNAME"], summer.decoded("DTSTART")) == (
        "DAYLIGHT",
        "CEST",
        datetime(1970, 3, 29, 2, 0),  # noqa: DTZ001
    )
    assert (winter.name, winter["TZNAME"], winter.decoded("DTSTART")) == (
        "STANDARD",
        "CET",
        datetime(1970, 10, 25, 3, 0),  # noqa: DTZ001
    )
    assert summer["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert winter["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"


# --- Sessions belong to their conference --------------------------------------------


@time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=UTC), tick=False)
def test_a_session_in_the_lists_links_to_its_conference(client):
    conference = EventFactory(title="Integrating Cities Conference", kind=Event.Kind.CONFERENCE)
    EventFactory(title="Workshop on housing", parent=conference)
    html = client.get(reverse("events:list")).content.decode()
    assert (
        f'Part of <a href="{conference.get_absolute_url()}">Integrating Cities Conference</a>'
        in html
    )


@time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=UTC), tick=False)
def test_the_lists_read_the_conferences_of_their_sessions_with_the_sessions(client):
    def list_queries():
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("events:list")).content.decode()
        return html, len(queries)

    EventFactory(title="Workshop 0", parent=EventFactory(title="Conference 0"))
    _html, one_conference = list_queries()
    for n in (1, 2):
        EventFactory(title=f"Workshop {n}", parent=EventFactory(title=f"Conference {n}"))
    html, three_conferences = list_queries()
    assert three_conferences == one_conference
    for n in range(3):
        assert f'">Conference {n}</a></span>' in html  # "Part of" on the session's card


@time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=UTC), tick=False)
def test_a_session_of_a_draft_conference_does_not_link_to_it(client):
    conference = EventFactory(title="Secret conference", status="draft")
    EventFactory(title="Workshop on housing", parent=conference)
    assert "Secret conference" not in client.get(reverse("events:list")).content.decode()


@time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=UTC), tick=False)
def test_the_conference_ics_can_include_its_public_programme(client):
    conference = event_in(LISBON, AFTER_SPRING, title="Conference", kind=Event.Kind.CONFERENCE)
    event_in(LISBON, AFTER_SPRING, hour=11, title="Session A", parent=conference)
    event_in(
        LISBON, AFTER_SPRING, hour=14, title="Draft session", parent=conference, status="draft"
    )
    html = client.get(conference.get_absolute_url()).content.decode()
    assert conference.get_programme_ics_url() in html
    alone = icalendar.Calendar.from_ical(client.get(conference.get_ics_url()).content)
    assert [str(e["SUMMARY"]) for e in alone.walk("VEVENT")] == ["Conference"]
    response = client.get(conference.get_programme_ics_url())
    with_programme = icalendar.Calendar.from_ical(response.content)
    vevents = with_programme.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in vevents] == ["Conference", "Session A"]
    assert vevents[1]["RELATED-TO"] == f"event-{conference.pk}@eurocities"
    assert response["Content-Disposition"].endswith(f'event-{conference.pk}-programme.ics"')


def test_a_far_future_date_written_around_the_form_gives_a_calendar_quickly(client):
    far = datetime(9999, 1, 1, 9, tzinfo=LISBON)
    event = EventFactory(time_zone="Europe/Lisbon", starts_at=far, ends_at=far)
    response = client.get(event.get_ics_url())
    assert response.status_code == 200
    assert b"TZID:Europe/Lisbon" in response.content
