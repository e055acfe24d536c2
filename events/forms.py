"""The event admin form: times are entered as wall-clock times in the event's zone."""

from datetime import datetime

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.timezones import localise, organisation_zone_name, time_zone_choices, zone_or_default

from .models import Event

WALL_CLOCK_FIELDS = ("starts_at", "ends_at")


class WallClockSplitDateTime(widgets.AdminSplitDateTime):
    template_name = "admin/widgets/wall_clock_split_datetime.html"


class WallClockDateTimeField(forms.SplitDateTimeField):
    """Date and time as typed, without a zone: the form places it in the event's zone
    (Django's own field would read it in Brussels time, and refuse a time that does
    not exist in Brussels although it exists where the event is)."""

    widget = WallClockSplitDateTime

    def compress(self, data_list):
        if not data_list:
            return None
        day, moment = data_list
        if day in self.empty_values:
            raise ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        if moment in self.empty_values:
            raise ValidationError(self.error_messages["invalid_time"], code="invalid_time")
        return datetime.combine(day, moment)


class EventTimesForm(forms.ModelForm):
    """Shared by the event form and its programme inline."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        # Left out of a submission (a script, an old bookmark), it is Brussels.
        required=False,
        initial=Event._meta.get_field("time_zone").default,
        help_text=Event._meta.get_field("time_zone").help_text,
    )

    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 (the admin passes the fields it shows)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = zone_or_default(self.instance.time_zone)
        for name in WALL_CLOCK_FIELDS:
            if name not in self.fields:
                continue
            old = self.fields[name]
            self.fields[name] = WallClockDateTimeField(
                label=old.label,
                required=old.required,
                help_text=old.help_text,
            )
            value = self.initial.get(name)
            if isinstance(value, datetime) and value.tzinfo is not None:
                self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)

    def clean_time_zone(self):
        return self.cleaned_data.get("time_zone") or organisation_zone_name()

    def clean(self):
        cleaned_data = super().clean()
        zone = zone_or_default(cleaned_data.get("time_zone") or self.instance.time_zone)
        for name in WALL_CLOCK_FIELDS:
            value = cleaned_data.get(name)
            if value is None or value.tzinfo is not None:
                continue
            try:
                cleaned_data[name] = localise(value, zone)
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned_data
