"""Time zones: the organisation's own (Brussels) and the zone an event takes place in.

The organisation's zone is named once, as settings.TIME_ZONE; everything else asks
this module. An event in a city is entered and shown in that city's zone; the
organisation's zone is the reference for online participants.
"""

import calendar
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def organisation_zone_name():
    """'Europe/Brussels': also the default zone of an event (a migration refers to it)."""
    return settings.TIME_ZONE


def organisation_zone():
    return ZoneInfo(settings.TIME_ZONE)


BRUSSELS = organisation_zone()


@lru_cache(maxsize=64)
def month_names(language):
    return {number: str(name) for number, name in MONTHS.items()}


def formatted(value, format_string):
    """A date, or a time already in the zone it is read in, as date_format() writes
    it. The formats of cards and event dates are put together directly: a list of
    events writes dozens of them, and a formatter costs a lookup per letter."""
    if format_string == "j F Y":
        return f"{value.day} {month_names(get_language())[value.month]} {value.year}"
    if format_string == "j F":
        return f"{value.day} {month_names(get_language())[value.month]}"
    if format_string == "j":
        return str(value.day)
    if format_string == "c" and isinstance(value, datetime):
        return value.isoformat()
    return date_format(value, format_string)


@cache
def _all_zone_names():
    # "localtime", "Factory" and the old aliases (e.g. "posixrules") are not places.
    return frozenset(
        name
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix", "right"))
    ) | {"UTC"}


def is_time_zone(name):
    return name in _all_zone_names()


def validate_time_zone(value):
    if not is_time_zone(value):
        raise ValidationError(
            _("“%(value)s” is not a time zone of the IANA list (for example Europe/Lisbon).")
            % {"value": value},
            code="invalid_time_zone",
        )


def zone_or_default(name):
    """ZoneInfo for `name`, or the organisation's zone for a value written around the
    form (an import) that is not a zone: a page must still show a time."""
    try:
        return ZoneInfo(name) if is_time_zone(name) else organisation_zone()
    except (ZoneInfoNotFoundError, ValueError):
        return organisation_zone()


def time_zone_choices():
    """Europe first (where members are), then the rest of the world, by name.

    Under the "Europe" heading a zone is named by its city alone ("Brussels"), so
    the narrow select of the programme table shows it whole.
    """
    names = sorted(_all_zone_names())
    europe = [
        (n, n.removeprefix("Europe/").replace("_", " ")) for n in names if n.startswith("Europe/")
    ]
    other = [(n, n.replace("_", " ")) for n in names if not n.startswith("Europe/")]
    return [(_("Europe"), europe), (_("Other time zones"), other)]


def abbreviation(value):
    """The zone as people write it after a time: 'CET', 'WEST', 'EEST'.

    Zones without a letter abbreviation (Europe/Istanbul is '+03' in the tz
    database) are written 'UTC+3'.
    """
    name = value.tzname() or ""
    if name[:1] in "+-" and name[1:].replace(":", "").isdigit():
        offset = value.utcoffset()
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "−"
        hours, rest = divmod(abs(minutes), 60)
        return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    return name


def localise(naive, zone):
    """`naive` wall-clock time in `zone`, refused where that time does not exist
    (clocks go forward) or happens twice (clocks go back)."""
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    params = {
        "time": f"{naive:%H:%M}",
        "date": date_format(naive.date(), "j F Y"),
        "zone": zone.key,
    }
    back_again = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back_again != naive:
        raise ValidationError(
            _(
                "%(time)s on %(date)s does not exist in %(zone)s: the clocks go forward "
                "that night. Enter a time before or after the change."
            )
            % params,
            code="nonexistent_time",
        )
    raise ValidationError(
        _(
            "%(time)s on %(date)s happens twice in %(zone)s: the clocks go back that "
            "night, so it is not clear which one is meant. Enter a time before or after "
            "the change."
        )
        % params,
        code="ambiguous_time",
    )


# --- VTIMEZONE (RFC 5545) rules --------------------------------------------------

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
FIRST_RULE_YEAR = 1970  # a VTIMEZONE's rules start here, so any event date is covered
LAST_RULE_YEAR = 2100  # the last year's rules run on with no end


@cache
def transitions(zone_name, year):
    """The offset changes of a zone during `year`, as
    (local wall time just before, offset before, offset after, abbreviation after)."""
    zone = ZoneInfo(zone_name)
    found = []
    instant = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    before = instant.astimezone(zone).utcoffset()
    step = timedelta(hours=1)
    while instant < end:
        following = instant + step
        after = following.astimezone(zone).utcoffset()
        if after != before:
            # The change lies in (instant, following]: find its minute.
            low, high = instant, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            wall = (high + before).replace(tzinfo=None)
            found.append((wall, before, after, abbreviation(high.astimezone(zone))))
            before = after
        instant = following
    return tuple(found)


def _rule(wall):
    """The yearly rule a change on `wall` follows: (month, 'n' or -1, weekday, time)."""
    days_in_month = calendar.monthrange(wall.year, wall.month)[1]
    nth = -1 if wall.day + 7 > days_in_month else (wall.day - 1) // 7 + 1
    return (wall.month, nth, wall.weekday(), wall.time())


def rule_occurrence(year, rule):
    month, nth, weekday, at = rule
    days = [
        day
        for day in range(1, calendar.monthrange(year, month)[1] + 1)
        if calendar.weekday(year, month, day) == weekday
    ]
    day = days[nth - 1] if nth > 0 else days[-1]
    return datetime.combine(datetime(year, month, day).date(), at)  # noqa: DTZ001


def _year_signature(zone_name, year):
    """What a year looks like in a zone: its yearly rules, or its fixed offset."""
    changes = transitions(zone_name, year)
    if not changes:
        moment = datetime(year, 7, 1, tzinfo=UTC).astimezone(ZoneInfo(zone_name))
        return ("fixed", moment.utcoffset(), abbreviation(moment))
    return tuple((_rule(wall), before, after, name) for wall, before, after, name in changes)


def vtimezone_periods(zone_name, years):
    """Consecutive runs of years with the same rules: [(first, last, signature)].

    The first run reaches back to 1970 and the last runs on with no end, so the
    VTIMEZONE is right for every year whose rules match those of `years`.
    """
    # Dates written around the form (year 9999) must not make this loop for ages.
    years = {min(max(year, FIRST_RULE_YEAR), LAST_RULE_YEAR) for year in years}
    periods = []
    for year in range(min(years), max(years) + 1):
        signature = _year_signature(zone_name, year)
        if periods and periods[-1][2] == signature:
            periods[-1][1] = year
        else:
            periods.append([year, year, signature])
    periods[0][0] = FIRST_RULE_YEAR
    periods[-1][1] = None
    return [tuple(period) for period in periods]
