import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from content.facets import AttendanceFacet, Facet
from content.filters import common_facets

from .models import Event


class EventFilterForm(forms.Form):
    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if start and end and end < start:
            # Dropped from cleaned_data, so the list is filtered by 'from' alone.
            self.add_error("end", _("The end date cannot be before the start date."))
        return cleaned_data


class EventDateFilter(django_filters.FilterSet):
    """The events list's filters that are not facets: a date range."""

    # A date range: events still running on or after `start`, and starting by `end`,
    # with dates taken in Brussels time (the active time zone).
    start = django_filters.DateFilter(
        field_name="ends_at",
        lookup_expr="date__gte",
        label=_("From (date)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = django_filters.DateFilter(
        field_name="starts_at",
        lookup_expr="date__lte",
        label=_("Until (date)"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Event
        fields = ["start", "end"]
        form = EventFilterForm


def event_facets():
    common = common_facets(
        date_field="starts_at",
        project_path="project__slug",
        city_path="city__slug",
        multi_project=False,
        multi_city=False,
    )
    common[-1].label = _("Host city")
    return [
        Facet("kind", _("Kind"), {"": "kind"}, choices=Event.Kind.choices),
        AttendanceFacet(
            "attendance",
            _("Online or in person"),
            {"": "attendance"},
            online=Event.Attendance.ONLINE,
            in_person=Event.Attendance.IN_PERSON,
            mixed=Event.Attendance.MIXED,
        ),
        *common,
    ]
