"""iCalendar (RFC 5545) files for events, built with the icalendar library."""

from collections import defaultdict
from datetime import UTC, datetime

import icalendar
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from content import versions
from content.timezones import (
    WEEKDAYS,
    organisation_zone_name,
    rule_occurrence,
    vtimezone_periods,
)

from .models import Event, exclusive_end_date

PRODID = "-//Eurocities//Events//EN"
CALENDAR_END = b"END:VCALENDAR\r\n"
# Serialising an event takes icalendar about 3,000 calls (it folds lines a
# character at a time): a calendar of 100 events cost 35 ms at full scale. An
# event's lines are the same for every calendar it is in until content changes.
KEPT_EVENTS = 2000
_kept_events = versions.KeptPerVersion()


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
    if event.parent_id:
        # A session of a conference: calendars can group it under the conference.
        vevent.add(
            "related-to", f"event-{event.parent_id}@eurocities", parameters={"RELTYPE": "PARENT"}
        )
    if event.is_cancelled:
        vevent.add("status", "CANCELLED")
    elif event.is_postponed:
        vevent.add("status", "TENTATIVE")
    else:
        vevent.add("status", "CONFIRMED")
    return vevent


# What a calendar's time zones need of an event (calendar_for).
CALENDAR_TIMES = ("all_day", "attendance", "time_zone", "starts_at", "ends_at")


def calendar_for(events, build_absolute_uri, name=None):
    """A VCALENDAR with one VEVENT per event and a VTIMEZONE for each zone they use.

    `events` is a list, or a queryset: then, while lines are kept (content has a
    version), only their times are read, and the whole rows of those whose lines
    are not kept, in one more query (a calendar of a hundred events kept reads no
    body, summary or city)."""
    site, language = build_absolute_uri("/"), get_language()
    light = isinstance(events, QuerySet) and versions.current() is not None
    events = list(events.select_related(None).only(*CALENDAR_TIMES) if light else events)
    keys = [(event.pk, site, language) for event in events]
    lines = _kept_events.found(keys)
    missing = [event for event, key in zip(events, keys, strict=True) if key not in lines]
    if light and missing:
        missing = Event.objects.for_calendar().filter(pk__in=[event.pk for event in missing])
    for event in missing:
        key = (event.pk, site, language)
        lines[key] = _kept_events.get(
            key,
            lambda event=event: to_vevent(event, build_absolute_uri).to_ical(),
            limit=KEPT_EVENTS,
        )
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    years = defaultdict(set)
    for event in events:
        if not event.all_day:
            zone = event.display_zone.key
            years[zone].update({event.local_start.year, event.local_end.year})
    if not years:
        years[organisation_zone_name()].add(timezone.now().year)
    for zone_name in sorted(years):  # defined before the events that use them
        cal.add_component(vtimezone(zone_name, years[zone_name]))
    head = cal.to_ical()
    # The events' lines go where icalendar would have put them: before the end (an
    # event deleted meanwhile has none).
    body = [lines[key] for key in keys if key in lines]
    return b"".join([head.removesuffix(CALENDAR_END), *body, CALENDAR_END])


def vtimezone(zone_name, years):
    """`zone_name` as yearly rules, e.g. Europe/Brussels as the EU's since 1996: last
    Sunday of March at 02:00 CET to CEST, last Sunday of October at 03:00 CEST to CET.

    Rules rather than a list of dates keep the file small and right for any year
    (the rules in force in `years` reach back to 1970 and on with no end), and every
    calendar client can place the events without knowing the zone's name. A zone
    whose rules changed in between (Istanbul stopped changing clocks in 2016) gets
    one set of rules per period.
    """
    component = icalendar.Timezone()
    component.add("tzid", zone_name)
    for first, last, signature in vtimezone_periods(zone_name, years):
        if signature[0] == "fixed":
            _kind, offset, tzname = signature
            standard = icalendar.TimezoneStandard()
            standard.add("tzname", tzname)
            standard.add("tzoffsetfrom", offset)
            standard.add("tzoffsetto", offset)
            standard.add("dtstart", datetime(first, 1, 1))  # noqa: DTZ001 (local time by RFC 5545)
            component.add_component(standard)
            continue
        for rule, before, after, tzname in signature:
            month, nth, weekday, _at = rule
            # The observance with the larger offset is the summer (daylight) time.
            observance = (
                icalendar.TimezoneDaylight() if after > before else icalendar.TimezoneStandard()
            )
            observance.add("tzname", tzname)
            observance.add("tzoffsetfrom", before)
            observance.add("tzoffsetto", after)
            observance.add("dtstart", rule_occurrence(first, rule))
            if last != first:
                rrule = {"freq": "yearly", "bymonth": month, "byday": f"{nth}{WEEKDAYS[weekday]}"}
                if last is not None:
                    # UNTIL is in UTC inside a VTIMEZONE (RFC 5545, 3.3.10).
                    rrule["until"] = (rule_occurrence(last, rule) - before).replace(tzinfo=UTC)
                observance.add("rrule", rrule)
            component.add_component(observance)
    return component


def brussels_vtimezone():
    """The organisation's zone for this year's events (kept for callers and tests)."""
    return vtimezone(organisation_zone_name(), {timezone.now().year})
