"""Charter data in the content exchange format: signatories, their monitoring reports,
and pledges (principles named by their number)."""

from django.utils.translation import gettext_lazy as _

from content.interchange.fields import (
    Boolean,
    DateField,
    DecimalField,
    FileField,
    Integer,
    NumberList,
    Ref,
    RefList,
    Text,
)
from content.interchange.registry import Serializer, register

from .models import MonitoringReport, Pledge, Signatory


@register
class SignatorySerializer(Serializer):
    model = Signatory
    key = "signatories"
    noun = _("signatory")
    fields = [
        Text("slug", required=True),
        Ref("city", to="cities"),
        Text("status"),
        DateField("pipeline_since"),
        DateField("signed_on"),
        Text("signing_occasion"),
        Ref("signing_event", to="events"),
        Text("signed_by_name"),
        Text("signed_by_title"),
        Boolean("role_policy_maker"),
        Boolean("role_service_provider"),
        Boolean("role_employer"),
        Boolean("role_buyer"),
        DateField("withdrawn_on"),
        Text("notes"),
        RefList("contacts", to="people"),
    ]

    def check(self, obj, values, ctx, key=None, parent=None):
        event = values["signing_event"]
        if event and event in ctx.cache.setdefault("sessions", session_slugs(ctx)):
            yield "signing_event", _("Choose a main event, not one of its sessions.")
        if values["status"] != Signatory.Status.WITHDRAWN:
            current = ctx.cache.setdefault("current_signatures", current_signatures())
            other = current.get(values["city"])
            if other not in (None, key):
                yield "city", _("This city already has a current signature (or one on the way).")
            current[values["city"]] = key


def session_slugs(ctx):
    from events.models import Event

    stored = set(Event.objects.filter(parent__isnull=False).values_list("slug", flat=True))
    return stored | ctx.cache.get("file_sessions", set())


def current_signatures():
    """City slug -> signatory slug of each current (not withdrawn) signature."""
    return dict(
        Signatory.objects.exclude(status=Signatory.Status.WITHDRAWN).values_list(
            "city__slug", "slug"
        )
    )


@register
class MonitoringReportSerializer(Serializer):
    model = MonitoringReport
    key = "monitoring_reports"
    noun = _("monitoring report")
    lookup = "signatory"
    order_by = ["signatory__slug", "year"]
    fields = [
        Ref("signatory", to="signatories"),
        Integer("year"),
        Text("assessment_policy_maker"),
        Text("assessment_service_provider"),
        Text("assessment_employer"),
        Text("assessment_buyer"),
        FileField("file"),
    ]

    def natural_key(self, item):
        if not isinstance(item, dict) or item.get("signatory") is None:
            return None
        return (item["signatory"], item.get("year"))

    def find_existing(self, keys):
        slugs = {signatory for signatory, _year in keys if signatory}
        return {
            (report.signatory.slug, report.year): report
            for report in MonitoringReport.objects.select_related("signatory").filter(
                signatory__slug__in=slugs
            )
        }


@register
class PledgeSerializer(Serializer):
    model = Pledge
    key = "pledges"
    noun = _("pledge")
    order_by = ["pledged_on", "slug"]
    fields = [
        Text("slug", required=True),
        Ref("city", to="cities"),
        Text("initiative"),
        NumberList("principles"),
        DecimalField("amount_eur"),
        DateField("pledged_on", required=True),
        Text("summary"),
    ]

    def check(self, obj, values, ctx, key=None, parent=None):
        if not values["principles"]:
            yield "principles", _("Give at least one principle number.")
