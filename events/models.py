from datetime import datetime, time, timedelta
from functools import cache

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.fields import RichTextField
from content.links import slug_url
from content.models import (
    City,
    Person,
    Project,
    Publishable,
    PublishableQuerySet,
    Status,
    WorkingGroup,
    contacts_with_roles,
    not_blank,
    theme_field,
)
from content.timezones import (
    BRUSSELS,
    abbreviation,
    formatted,
    organisation_zone_name,
    validate_time_zone,
    zone_or_default,
)

DASH = " – "  # an en dash with spaces, as the organisation writes ranges


# These addresses under /events/ are lists and feeds, not events.
RESERVED_SLUGS = {"past", "upcoming"}


# What an event's card reads of the conference it is part of (Event.public_parent).
PARENT_SHOWN = {"id", "title", "slug", "status", "published_at", "unpublish_at"}


@cache
def parent_fields_not_shown():
    """The parent event's fields an event list leaves out (all but PARENT_SHOWN)."""
    return tuple(
        f"parent__{field.attname}"
        for field in Event._meta.concrete_fields
        if field.attname not in PARENT_SHOWN
    )


class EventQuerySet(PublishableQuerySet):
    def upcoming(self, at=None):
        """Events that have not ended yet (a running event is upcoming), soonest first."""
        return self.filter(ends_at__gte=at or timezone.now()).order_by("starts_at", "pk")

    def past(self, at=None):
        """Events that have ended, most recent first."""
        return self.filter(ends_at__lt=at or timezone.now()).order_by("-starts_at", "-pk")

    def next_visibility_change(self, at=None):
        """Also the next time an event starts or ends: it moves from upcoming to
        running to past on the lists and calendars."""
        at = at or timezone.now()
        public = self.published(at)
        times = [
            super().next_visibility_change(at),
            public.filter(ends_at__gt=at)
            .order_by("ends_at")
            .values_list("ends_at", flat=True)
            .first(),
            public.filter(starts_at__gt=at)
            .order_by("starts_at")
            .values_list("starts_at", flat=True)
            .first(),
        ]
        return min((t for t in times if t is not None), default=None)

    def without_description(self):
        """Events whose body is empty (what the dashboard asks editors to fill in)."""
        return self.exclude(not_blank("body"))

    def with_draft_sessions(self):
        """Published main events with programme sessions still in draft."""
        drafts = Event.objects.filter(parent=OuterRef("pk"), status=Status.DRAFT)
        return self.filter(status=Status.PUBLISHED, parent__isnull=True).filter(Exists(drafts))

    def main_events(self):
        """Events without their sessions: a conference's programme is on its own page,
        and a charter is signed at the conference, not at one of its sessions."""
        return self.filter(parent__isnull=True)

    def for_listing(self):
        """What every event card reads: themes, the host city and the parent event."""
        return (
            super().for_listing().select_related("city", "parent").defer(*parent_fields_not_shown())
        )

    def for_detail(self):
        public_sessions = Event.objects.published().select_related("city").order_by("starts_at")
        return (
            self.select_related("city", "working_group", "project", "parent")
            .prefetch_related(
                contacts_with_roles(), Prefetch("programme", queryset=public_sessions)
            )
            .with_card_themes()
        )

    def host_cities(self):
        """The cities hosting these events: the options a list of them may offer."""
        return City.objects.filter(pk__in=self.order_by().values("city"))

    def for_calendar(self):
        """What an iCalendar entry reads (the location)."""
        return self.select_related("city")


class Event(Publishable):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")
        FORUM_MEETING = "forum_meeting", _("Forum meeting")
        WORKING_GROUP_MEETING = "working_group_meeting", _("Working group meeting")
        STUDY_VISIT = "study_visit", _("Study visit")
        OTHER = "other", _("Other event")

    class Occurrence(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        POSTPONED = "postponed", _("Postponed")

    class Attendance(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        MIXED = "mixed", _("Online and in person")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind, default=Kind.CONFERENCE)
    body = RichTextField(
        _("body"), blank=True, help_text=_("Rich text; scripts and unsafe links are removed.")
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=organisation_zone_name,
        validators=[validate_time_zone],
        help_text=_(
            "Where the event takes place (for example Europe/Lisbon); its times are "
            "entered and shown in this zone. Online events are shown in Brussels time."
        ),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(
        _("ends"), help_text=_("A running event is listed as upcoming until it ends.")
    )
    all_day = models.BooleanField(
        _("all day"),
        default=False,
        help_text=_(
            "Only the dates count: the event runs from the start of its first day to the "
            "end of its last day (in the event's time zone)."
        ),
    )
    occurrence = models.CharField(
        _("happening"),
        max_length=16,
        choices=Occurrence,
        default=Occurrence.SCHEDULED,
        help_text=_("Cancel or postpone an event instead of deleting it, so people are told."),
    )
    attendance = models.CharField(
        _("attendance"), max_length=16, choices=Attendance, default=Attendance.IN_PERSON
    )
    venue_name = models.CharField(_("venue"), max_length=255, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=255, blank=True)
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Where online participants join, if it may be public."),
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    city = models.ForeignKey(
        City,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("host city"),
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organising working group"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("project"),
    )
    contacts = models.ManyToManyField(
        Person, blank=True, related_name="events", verbose_name=_("contacts")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme",
        verbose_name=_("part of"),
        help_text=_("For a session: the conference whose programme it belongs to."),
    )
    themes = theme_field("events")

    objects = EventQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            # Upcoming events (home, list, calendar): the few public events not ended.
            models.Index(
                fields=["ends_at"], condition=Q(status="published"), name="event_public_ends"
            ),
            # Past events, most recent first, page after page (docs/performance.md).
            models.Index(
                fields=["-starts_at", "-id", "ends_at"],
                condition=Q(status="published"),
                name="event_public_latest_start",
            ),
            # The topic page's mixed feed, newest first.
            models.Index(
                fields=["-published_at", "-id", "unpublish_at"],
                condition=Q(status="published"),
                name="event_public_newest",
            ),
            # The sitemap index's lastmod: the latest change among public items.
            models.Index(
                fields=["-updated_at"],
                condition=Q(status="published"),
                name="event_public_updated",
            ),
        ]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="event_not_its_own_session",
                violation_error_message=_("An event cannot be a session of itself."),
            ),
        ]

    def save(self, *args, **kwargs):
        self.normalise_all_day()
        if self.slug in RESERVED_SLUGS:
            self.slug = f"{self.slug}-event"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("events:detail", self.slug)

    search_select_related = ("city",)

    def search_parts(self):
        title, summary, body, extra = super().search_parts()
        return title, summary, body, f"{extra} {self.city_name} {self.venue_name}"

    def get_ics_url(self):
        return slug_url("events:ics", self.slug)

    def get_programme_ics_url(self):
        return f"{self.get_ics_url()}?programme=1"

    @property
    def public_parent(self):
        """The conference this session belongs to, if the public may see it."""
        parent = self.parent if self.parent_id else None
        return parent if parent is not None and parent.is_public() else None

    def clean(self):
        super().clean()
        self.normalise_all_day()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("“%(slug)s” is taken by a page of the site.") % {"slug": self.slug}}
            )
        # The database constraint stands behind this; checking here puts the message
        # on the field that is wrong instead of at the top of the form.
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("An event cannot end before it starts.")})
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("An event cannot be a session of itself.")})
            # A programme is one level deep, which also rules out loops of sessions.
            if self.parent.parent_id or (self.pk and self.programme.exists()):
                raise ValidationError(
                    {"parent": _("Choose a main event: sessions cannot have sessions.")}
                )

    def normalise_all_day(self):
        """An all-day event runs from 00:00 on its first day to the end of its last day."""
        if not (self.all_day and self.starts_at and self.ends_at):
            return
        zone = self.display_zone
        first = timezone.localtime(self.starts_at, zone).date()
        last = timezone.localtime(self.ends_at, zone).date()
        self.starts_at = datetime.combine(first, time.min, tzinfo=zone)
        self.ends_at = datetime.combine(last, time.max.replace(microsecond=0), tzinfo=zone)

    @property
    def zone(self):
        """The zone the event takes place in (its times are entered in it)."""
        return zone_or_default(self.time_zone)

    @property
    def display_zone(self):
        """Where the event is, or Brussels for an event only online."""
        return BRUSSELS if self.attendance == self.Attendance.ONLINE else self.zone

    @property
    def shows_brussels_time(self):
        """An event shown in another zone also gives the Brussels time (online guests)."""
        return not self.all_day and self.display_zone.key != BRUSSELS.key

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.display_zone)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.display_zone)

    @property
    def start_date(self):
        return self.local_start.date()

    @property
    def end_date(self):
        """The last day of the event (inclusive)."""
        return self.local_end.date()

    @property
    def is_cancelled(self):
        return self.occurrence == self.Occurrence.CANCELLED

    @property
    def is_postponed(self):
        return self.occurrence == self.Occurrence.POSTPONED

    @property
    def is_online(self):
        return self.attendance in {self.Attendance.ONLINE, self.Attendance.MIXED}

    @property
    def is_in_person(self):
        return self.attendance in {self.Attendance.IN_PERSON, self.Attendance.MIXED}

    def is_running(self, at=None):
        at = at or timezone.now()
        return self.starts_at <= at <= self.ends_at

    def is_past(self, at=None):
        return self.ends_at < (at or timezone.now())

    def when_parts(self, zone=None):
        """The date range as (text, ISO value or None) pieces, in the event's local
        time (or `zone`).

        Shared by the plain-text label and the HTML with <time> elements. A range
        over several days is written once ('6–8 May 2020'); times carry the zone as
        people write it (WEST, CET), on both ends only when it changes in between.
        """
        if zone is None:
            start, end = self.local_start, self.local_end
        else:
            start, end = (
                timezone.localtime(self.starts_at, zone),
                timezone.localtime(self.ends_at, zone),
            )
        if self.all_day:
            return date_range_parts(start.date(), end.date())
        start_zone, end_zone = abbreviation(start), abbreviation(end)
        start_text = f"{format_date(start)}, {start:%H:%M}"
        if start.date() == end.date():
            end_text = f"{end:%H:%M}"
        else:
            end_text = f"{format_date(end)}, {end:%H:%M}"
        if start == end:
            return [(start_text, start.isoformat()), (f" {start_zone}", None)]
        if start_zone != end_zone:
            return [
                (start_text, start.isoformat()),
                (f" {start_zone}{DASH}", None),
                (end_text, end.isoformat()),
                (f" {end_zone}", None),
            ]
        return [
            (start_text, start.isoformat()),
            (DASH, None),
            (end_text, end.isoformat()),
            (f" {end_zone}", None),
        ]

    @property
    def when_label(self):
        """'2 December 2020, 10:00 – 11:30 CET' (plain text)."""
        return "".join(text for text, _iso in self.when_parts())

    @property
    def dates_label(self):
        """The days only, in local time: '2–3 December 2020'."""
        return "".join(text for text, _iso in date_range_parts(self.start_date, self.end_date))

    @property
    def brussels_when_parts(self):
        return self.when_parts(zone=BRUSSELS)

    @property
    def brussels_when_label(self):
        return "".join(text for text, _iso in self.brussels_when_parts)

    @property
    def location_label(self):
        place = ", ".join(
            part for part in [self.venue_name, self.venue_address, self.city_name] if part
        )
        if self.attendance == self.Attendance.ONLINE:
            return str(_("Online"))
        if self.attendance == self.Attendance.MIXED:
            return f"{place} {_('and online')}".strip() if place else str(_("Online"))
        return place

    @property
    def safe_registration_url(self):
        return web_url(self.registration_url)

    @property
    def safe_online_url(self):
        return web_url(self.online_url)

    @property
    def city_name(self):
        return self.city.name if self.city_id else ""


def web_url(value):
    """`value` if it is an http(s) link. The form validates URLs, but rows written
    around it (imports, fixtures) must not put a javascript: link on the page."""
    return value if value.lower().startswith(("https://", "http://")) else ""


def format_date(value):
    return formatted(value, "j F Y")


def date_range_parts(first, last):
    """Dates only: '6 May 2020', '6–8 May 2020', '30 November – 2 December 2020'."""
    if first == last:
        return [(format_date(first), first.isoformat())]
    if first.year != last.year:
        start_text = format_date(first)
    elif first.month != last.month:
        start_text = formatted(first, "j F")
    else:
        start_text = formatted(first, "j")
    separator = DASH if first.month != last.month or first.year != last.year else "–"
    return [
        (start_text, first.isoformat()),
        (separator, None),
        (format_date(last), last.isoformat()),
    ]


def exclusive_end_date(event):
    """iCalendar's DTEND for an all-day event is the day after the last day."""
    return event.end_date + timedelta(days=1)
