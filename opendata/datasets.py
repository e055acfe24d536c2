# ruff: noqa: E501  (field descriptions read best on one line)
"""The open datasets: what each publishes, row by row, under the site's public rules.

A dataset is public data only: the publishing rule (`published()`) for events and
publications, the charter's own rules (`current()` signatories, `public()` pledges).
Internal fields (notes, contacts, pipeline dates) are never listed here.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Count, Max, OuterRef, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from charter.models import ROLES, Pledge, Signatory
from events.models import Event, web_url
from publications.models import Publication

SEPARATOR = ";"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "CC BY 4.0"
ROLE_KEYS = [(field, field.removeprefix("role_")) for field, _label in ROLES]


@dataclass(frozen=True)
class Column:
    name: str
    description: str


@dataclass
class State:
    """What the conditional GET compares: how many rows, and their latest change."""

    count: int
    last_modified: datetime | None
    fingerprint: str

    def etag(self, fmt):
        return hashlib.sha256(f"{fmt}|{self.fingerprint}".encode()).hexdigest()[:32]


class Dataset:
    slug = ""
    title = ""
    description = ""
    keywords = []
    columns = []
    # Dates of the publishing rule that make rows appear without being saved.
    appear_fields = []

    def queryset(self):
        raise NotImplementedError

    def state(self):
        """One aggregate query: count, latest change, and a fingerprint of the rows."""
        fields = {"count": Count("pk"), "ids": Sum("pk"), "changed": Max("updated_at")}
        for name in self.appear_fields:
            fields[name] = Max(name)
        values = self.queryset().order_by().aggregate(**fields)
        moments = [values["changed"]] + [as_datetime(values[n]) for n in self.appear_fields]
        moments = [m for m in moments if m is not None]
        last = max(moments) if moments else None
        last = last.replace(microsecond=0) if last else None
        fingerprint = f"{values['count']}|{values['ids']}|{last.isoformat() if last else ''}"
        return State(values["count"], last, fingerprint)

    def rows(self, request):
        """Each row as a dict of JSON-ready values (lists for list fields)."""
        raise NotImplementedError


def as_datetime(value):
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, time.min, tzinfo=timezone.get_current_timezone())


def iso(value):
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def absolute(request, path):
    return request.build_absolute_uri(path)


class SignatoryDataset(Dataset):
    slug = "signatories"
    title = _("Integrating Cities Charter signatories")
    description = _(
        "The cities that have signed the Integrating Cities Charter and not withdrawn: "
        "when, where and by whom they signed, and the roles they commit in."
    )
    keywords = ["integration", "migration", "cities", "charter"]
    appear_fields = ["signed_on"]
    columns = [
        Column("id", _("Stable identifier of the signature")),
        Column("city", _("City name")),
        Column("city_id", _("Stable identifier of the city")),
        Column("country", _("ISO 3166-1 alpha-2 country code")),
        Column("latitude", _("Latitude of the city (WGS 84)")),
        Column("longitude", _("Longitude of the city (WGS 84)")),
        Column("signed_on", _("Date of signing (YYYY-MM-DD)")),
        Column("signed_at", _("Occasion or event of the signing")),
        Column("signed_by_name", _("Who signed")),
        Column("signed_by_title", _("Their office, for example Mayor")),
        Column(
            "roles", _("Roles the city commits in: policy_maker, service_provider, employer, buyer")
        ),
    ]

    def queryset(self):
        return Signatory.objects.current()

    def rows(self, request):
        public_events = Event.objects.published().filter(pk=OuterRef("signing_event_id"))
        queryset = (
            self.queryset()
            .select_related("city")
            .annotate(event_title=Subquery(public_events.values("title")[:1]))
            .order_by("slug")
        )
        for item in queryset.iterator(chunk_size=2000):
            yield {
                "id": item.slug,
                "city": item.city.name,
                "city_id": item.city.slug,
                "country": item.city.country.code,
                "latitude": decimal_text(item.city.latitude),
                "longitude": decimal_text(item.city.longitude),
                "signed_on": iso(item.signed_on),
                "signed_at": item.event_title or item.signing_occasion,
                "signed_by_name": item.signed_by_name,
                "signed_by_title": item.signed_by_title,
                "roles": [key for field, key in ROLE_KEYS if getattr(item, field)],
            }


class PledgeDataset(Dataset):
    slug = "pledges"
    title = _("City pledges to the European Pillar of Social Rights")
    description = _(
        "What cities have pledged to invest in the principles of the European Pillar of "
        "Social Rights, by principle number (1 to 20)."
    )
    keywords = ["social rights", "cities", "investment", "pledges"]
    appear_fields = ["pledged_on"]
    columns = [
        Column("id", _("Stable identifier of the pledge")),
        Column("city", _("City name")),
        Column("city_id", _("Stable identifier of the city")),
        Column("country", _("ISO 3166-1 alpha-2 country code")),
        Column("initiative", _("The initiative the pledge was made in")),
        Column("principles", _("Pillar principle numbers pledged (1 to 20)")),
        Column("amount_eur", _("Investment pledged, in euros (empty when not given)")),
        Column("pledged_on", _("Date of the pledge (YYYY-MM-DD)")),
        Column("summary", _("What the city pledged")),
    ]

    def queryset(self):
        return Pledge.objects.public()

    def rows(self, request):
        queryset = self.queryset().for_listing().order_by("slug")
        for item in queryset.iterator(chunk_size=2000):
            yield {
                "id": item.slug,
                "city": item.city.name,
                "city_id": item.city.slug,
                "country": item.city.country.code,
                "initiative": item.initiative,
                "principles": sorted(p.number for p in item.principles.all()),
                "amount_eur": decimal_text(item.amount_eur),
                "pledged_on": iso(item.pledged_on),
                "summary": item.summary,
            }


class EventDataset(Dataset):
    slug = "events"
    title = _("Events")
    description = _(
        "Conferences, workshops, webinars and meetings of the network, past and upcoming, "
        "with sessions linked to their conference."
    )
    keywords = ["events", "conferences", "cities"]
    appear_fields = ["published_at"]
    columns = [
        Column("id", _("Stable identifier (slug) of the event")),
        Column("url", _("The event's page")),
        Column("title", _("Title")),
        Column(
            "kind",
            _(
                "conference, workshop, webinar, forum_meeting, working_group_meeting, study_visit or other"
            ),
        ),
        Column("starts_at", _("Start, ISO 8601 with the offset from UTC")),
        Column("ends_at", _("End, ISO 8601 with the offset from UTC")),
        Column("all_day", _("true when only the dates count")),
        Column("status", _("scheduled, cancelled or postponed")),
        Column("attendance", _("online, in_person or mixed")),
        Column("venue", _("Venue name and address")),
        Column("city", _("Host city")),
        Column("country", _("ISO 3166-1 alpha-2 country code of the host city")),
        Column("part_of", _("Identifier of the conference a session belongs to")),
        Column("registration_url", _("Where to register")),
        Column("themes", _("Theme identifiers")),
        Column("summary", _("Summary")),
    ]

    def queryset(self):
        return Event.objects.published()

    def rows(self, request):
        public_parents = Event.objects.published().filter(pk=OuterRef("parent_id"))
        queryset = (
            self.queryset()
            .select_related("city")
            .prefetch_related("themes")
            .annotate(part_of=Subquery(public_parents.values("slug")[:1]))
            .order_by("starts_at", "slug")
        )
        for item in queryset.iterator(chunk_size=2000):
            yield {
                "id": item.slug,
                "url": absolute(request, item.get_absolute_url()),
                "title": item.title,
                "kind": item.kind,
                "starts_at": iso(item.starts_at),
                "ends_at": iso(item.ends_at),
                "all_day": item.all_day,
                "status": item.occurrence,
                "attendance": item.attendance,
                "venue": ", ".join(p for p in [item.venue_name, item.venue_address] if p),
                "city": item.city.name if item.city_id else "",
                "country": item.city.country.code if item.city_id else "",
                "part_of": item.part_of or "",
                "registration_url": web_url(item.registration_url),
                "themes": sorted(t.slug for t in item.themes.all()),
                "summary": item.summary,
            }


class PublicationDataset(Dataset):
    slug = "publications"
    title = _("Publications")
    description = _(
        "Reports, policy briefs and other documents of the network, with the address of "
        "each downloadable file."
    )
    keywords = ["publications", "reports", "policy", "cities"]
    appear_fields = ["published_at"]
    columns = [
        Column("id", _("Stable identifier (slug) of the publication")),
        Column("url", _("The publication's page")),
        Column("title", _("Title")),
        Column("document_type", _("Kind of document, for example report")),
        Column("published_on", _("Date of publication (YYYY-MM-DD)")),
        Column("themes", _("Theme identifiers")),
        Column("files", _("Download addresses, each with its language code (en: https://…)")),
        Column("summary", _("Summary")),
    ]

    def queryset(self):
        return Publication.objects.published()

    def rows(self, request):
        queryset = (
            self.queryset()
            .select_related("document_type")
            .prefetch_related("themes", "files")
            .order_by("-published_at", "slug")
        )
        for item in queryset.iterator(chunk_size=2000):
            yield {
                "id": item.slug,
                "url": absolute(request, item.get_absolute_url()),
                "title": item.title,
                "document_type": item.document_type.slug,
                "published_on": iso(timezone.localdate(item.published_at)),
                "themes": sorted(t.slug for t in item.themes.all()),
                "files": [
                    {
                        "language": file.language,
                        "url": absolute(request, reverse("publications:download", args=[file.pk])),
                        "format": str(file.format_label),
                        "size": file.size,
                    }
                    for file in item.files.all()
                ],
                "summary": item.summary,
            }


def decimal_text(value):
    return None if value is None else format(value.normalize(), "f")


DATASETS = {
    d.slug: d for d in [SignatoryDataset(), PledgeDataset(), EventDataset(), PublicationDataset()]
}
