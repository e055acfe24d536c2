"""iCalendar (RFC 5545) files for events, built with the icalendar library."""

import functools
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


def calendar_for(events, build_absolute_uri, name=None):
    """A VCALENDAR with one VEVENT per event and a VTIMEZONE for each zone they use.

    Each event is written once per version of content (its lines, with the zone and
    years its times need). `events` is a list, or a queryset: then, while content
    has a version, only the pks are read, and the rows of the events not written
    yet in one more query (a calendar of a hundred kept events reads no event)."""
    site, language = build_absolute_uri("/"), get_language()
    light = isinstance(events, QuerySet) and versions.current() is not None
    if light:
        rows, pks = None, list(events.values_list("pk", flat=True))
    else:
        rows = {event.pk: event for event in events}
        pks = list(rows)
    keys = [(pk, site, language) for pk in pks]
    written = _kept_events.found(keys)
    missing = [pk for pk, key in zip(pks, keys, strict=True) if key not in written]
    if missing and rows is None:
        rows = Event.objects.for_calendar().in_bulk(missing)
    for pk in missing:
        if pk in rows:  # else deleted meanwhile
            written[(pk, site, language)] = _kept_events.get(
                (pk, site, language),
                lambda event=rows[pk]: write_event(event, build_absolute_uri),
                limit=KEPT_EVENTS,
            )
    entries = [written[key] for key in keys if key in written]
    years = defaultdict(set)
    for _lines, zone, zone_years in entries:
        if zone:
            years[zone].update(zone_years)
    if not years:
        years[organisation_zone_name()].add(timezone.now().year)
    zones = tuple((zone, tuple(sorted(years[zone]))) for zone in sorted(years))
    head = calendar_head(str(name) if name else None, zones)
    # The events' lines go where icalendar would have put them: before the end.
    return b"".join([head, *(lines for lines, _zone, _years in entries), CALENDAR_END])


def write_event(event, build_absolute_uri):
    """(its VEVENT's lines, the zone its times are in, their years): what a calendar
    needs of an event, kept (calendar_for). An all-day event needs no zone."""
    lines = to_vevent(event, build_absolute_uri).to_ical()
    if event.all_day:
        return lines, None, ()
    return lines, event.display_zone.key, (event.local_start.year, event.local_end.year)


@functools.lru_cache(maxsize=256)
def calendar_head(name, zones):
    """The lines of a calendar named `name` up to its first event: its properties
    and a VTIMEZONE for each (zone, years) of `zones`, defined before the events
    that use them. The same for every calendar of these zones and years."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    for zone_name, years in zones:
        cal.add_component(vtimezone(zone_name, set(years)))
    return cal.to_ical().removesuffix(CALENDAR_END)


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
