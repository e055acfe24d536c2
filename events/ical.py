"""iCalendar (RFC 5545) files for events, built with the icalendar library."""

from datetime import datetime, timedelta

import icalendar

from .models import Event, exclusive_end_date

PRODID = "-//Eurocities//Events//EN"
TZID = "Europe/Brussels"


def uid(event):
    """Stable for the life of the event, whatever is edited: calendars match on it."""
    return f"event-{event.pk}@eurocities"


def summary(event):
    # The status goes into the title too: some clients hide STATUS:CANCELLED
    # entries of a subscription or ignore TENTATIVE, and people must see it.
    if event.is_cancelled:
        return f"{Event.Occurrence.CANCELLED.label}: {event.title}"
    if event.is_postponed:
        return f"{Event.Occurrence.POSTPONED.label}: {event.title}"
    return event.title


def to_vevent(event, build_absolute_uri):
    url = build_absolute_uri(event.get_absolute_url())
    vevent = icalendar.Event()
    vevent.add("uid", uid(event))
    # In a published calendar DTSTAMP is when the entry last changed (RFC 5545,
    # 3.8.7.2); the time of the request would change the file, and its ETag, every second.
    vevent.add("dtstamp", event.updated_at)
    vevent.add("last-modified", event.updated_at)
    vevent.add("summary", summary(event))
    if event.all_day:
        vevent.add("dtstart", event.start_date)
        vevent.add("dtend", exclusive_end_date(event))
    else:
        vevent.add("dtstart", event.local_start)
        vevent.add("dtend", event.local_end)
    description = "\n\n".join(part for part in [event.summary, url] if part)
    vevent.add("description", description)
    vevent.add("url", url)
    if event.location_label:
        vevent.add("location", event.location_label)
    if event.is_cancelled:
        vevent.add("status", "CANCELLED")
    elif event.is_postponed:
        vevent.add("status", "TENTATIVE")
    else:
        vevent.add("status", "CONFIRMED")
    return vevent


def calendar_for(events, build_absolute_uri, name=None):
    """A VCALENDAR with one VEVENT per event and the Brussels VTIMEZONE they use."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    cal.add_component(brussels_vtimezone())  # defined before the events that use it
    for event in events:
        cal.add_component(to_vevent(event, build_absolute_uri))
    return cal.to_ical()


def brussels_vtimezone():
    """Europe/Brussels as yearly rules (the EU's since 1996: last Sunday of March at
    02:00 CET to CEST, last Sunday of October at 03:00 CEST back to CET).

    Rules rather than a list of dates keep the file small and right for any year, and
    every calendar client can place the events without knowing the zone's name.
    """
    summer = icalendar.TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("dtstart", datetime(1970, 3, 29, 2, 0))  # noqa: DTZ001 (local time by RFC 5545)
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = icalendar.TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("dtstart", datetime(1970, 10, 25, 3, 0))  # noqa: DTZ001 (local time by RFC 5545)
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    vtimezone = icalendar.Timezone()
    vtimezone.add("tzid", TZID)
    vtimezone.add_component(summer)
    vtimezone.add_component(winter)
    return vtimezone
