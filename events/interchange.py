"""Events in the content exchange format; sessions sit inside their conference."""

from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.interchange.fields import Boolean, DateTimeField, Html, Ref, RefList, Text
from content.interchange.registry import Serializer, register
from content.interchange.serializers import publishable_fields

from .models import BRUSSELS, Event


@register
class EventSerializer(Serializer):
    model = Event
    key = "events"
    noun = _("event")
    order_by = ["starts_at", "slug"]
    children_key = "sessions"
    children_parent = "parent"
    fields = [
        *publishable_fields(),
        Text("kind"),
        Html("body"),
        DateTimeField("starts_at"),
        DateTimeField("ends_at"),
        Text("time_zone", use_default=True),
        Boolean("all_day"),
        Text("occurrence"),
        Text("attendance"),
        Text("venue_name"),
        Text("venue_address"),
        Text("online_url"),
        Text("registration_url"),
        Ref("city", to="cities"),
        Ref("working_group", to="working_groups"),
        Ref("project", to="projects"),
        RefList("contacts", to="people"),
        RefList("themes", to="themes"),
    ]

    def normalise(self, values):
        # As Event.save(): an all-day event runs from midnight to the end of its last day.
        if values["all_day"] and values["starts_at"] and values["ends_at"]:
            try:
                zone = ZoneInfo(values["time_zone"]) if values["time_zone"] else BRUSSELS
            except (ValueError, ZoneInfoNotFoundError):
                return  # the model's validation names the bad zone
            first = timezone.localtime(values["starts_at"], zone).date()
            last = timezone.localtime(values["ends_at"], zone).date()
            values["starts_at"] = datetime.combine(first, time.min, tzinfo=zone)
            values["ends_at"] = datetime.combine(last, time.max.replace(microsecond=0), tzinfo=zone)
