"""iCalendar (RFC 5545) files for events, built with the icalendar library."""

from datetime import date, timedelta

import icalendar
from django.utils import timezone

from .models import BRUSSELS, Event, exclusive_end_date

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
    vevent.add("dtstamp", timezone.now())
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
    events = list(events)
    for event in events:
        cal.add_component(to_vevent(event, build_absolute_uri))
    # Spell out the daylight-saving rules for the years the events cover, so every
    # client shows the right local time without guessing what 'Europe/Brussels' is.
    if events:
        first = min(event.start_date for event in events)
        last = max(event.end_date for event in events)
    else:
        first = last = timezone.localdate(timezone=BRUSSELS)
    vtimezone = icalendar.Timezone.from_tzinfo(
        BRUSSELS,
        tzid=TZID,
        first_date=date(first.year - 1, 1, 1),
        last_date=date(last.year + 1, 12, 31) + timedelta(days=1),
    )
    cal.subcomponents.insert(0, vtimezone)  # defined before the events that use it
    return cal.to_ical()
