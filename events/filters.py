import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from content.facets import AttendanceFacet, Facet
from content.filters import (
    ThemeFilter,
    common_facets,
    slug_choices,
    used_theme_choices,
    year_choices,
)
from content.models import Project, WorkingGroup

from .models import Event


class AttendanceFilter(django_filters.ChoiceFilter):
    """'Online' includes events that are both online and in person, and so does 'in person'."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(Q(attendance=value) | Q(attendance=Event.Attendance.MIXED))


class EventFilterForm(forms.Form):
    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if start and end and end < start:
            # Dropped from cleaned_data, so the list is filtered by 'from' alone.
            self.add_error("end", _("The end date cannot be before the start date."))
        return cleaned_data


class EventFilter(django_filters.FilterSet):
    theme = ThemeFilter()
    kind = django_filters.ChoiceFilter(
        choices=Event.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    attendance = AttendanceFilter(
        choices=[
            (Event.Attendance.ONLINE, _("Online")),
            (Event.Attendance.IN_PERSON, _("In person")),
        ],
        label=_("Attendance"),
        empty_label=_("Online or in person"),
    )
    city = django_filters.ChoiceFilter(
        field_name="city__slug",
        choices=[],  # set per list in __init__
        label=_("Host city"),
        empty_label=_("All cities"),
    )
    year = django_filters.ChoiceFilter(
        field_name="starts_at", lookup_expr="year", label=_("Year"), empty_label=_("All years")
    )
    working_group = django_filters.ChoiceFilter(
        field_name="working_group__slug", label=_("Working group")
    )
    project = django_filters.ChoiceFilter(field_name="project__slug", label=_("Project"))
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
        fields = [
            "theme",
            "kind",
            "attendance",
            "city",
            "year",
            "working_group",
            "project",
            "start",
            "end",
        ]
        form = EventFilterForm

    def __init__(self, *args, options_from=None, **kwargs):
        """Options come from the listed events (public ones), or `options_from`:
        a city or theme only drafts or scheduled events would fill is never offered.
        Values are checked against them in Python, never sent raw to SQL."""
        super().__init__(*args, **kwargs)
        events = self.queryset if options_from is None else options_from
        self.filters["city"].extra["choices"] = list(
            events.host_cities().order_by("name").values_list("slug", "name")
        )
        self.filters["theme"].extra["choices"] = used_theme_choices(events)
        self.filters["year"].extra["choices"] = year_choices(events, "starts_at")
        self.filters["working_group"].extra["choices"] = slug_choices(WorkingGroup)
        self.filters["project"].extra["choices"] = slug_choices(Project, "acronym")

    @staticmethod
    def facets():
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
