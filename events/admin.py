from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from content.admin import HISTORY_FIELDSET, PublishableAdmin

from .forms import EventTimesForm
from .models import Event


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming (incl. running)")), ("past", _("Past"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "past":
            return queryset.past()
        return queryset


class SessionInline(admin.TabularInline):
    """The programme of a conference, edited on the conference itself."""

    model = Event
    form = EventTimesForm
    fk_name = "parent"
    fields = ["title", "kind", "time_zone", "starts_at", "ends_at", "occurrence", "status"]
    extra = 0
    show_change_link = True
    ordering = ["starts_at"]
    verbose_name = _("programme session")
    verbose_name_plural = _("programme (sessions are events of their own)")


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    form = EventTimesForm
    list_display = [
        "title",
        "kind",
        "local_start",
        "occurrence",
        "attendance",
        "city",
        "status",
        "is_live",
    ]
    list_filter = [
        WhenFilter,
        "kind",
        "occurrence",
        "attendance",
        "status",
        "city",
        "working_group",
        "themes",
    ]
    list_select_related = ["city"]
    search_fields = ["title", "summary", "body", "venue_name", "city__name"]
    date_hierarchy = "starts_at"
    ordering = ["-starts_at"]
    autocomplete_fields = ["city", "working_group", "project", "contacts", "parent"]
    inlines = [SessionInline]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "summary", "body"]}),
        (
            _("When"),
            {
                "fields": ["time_zone", "starts_at", "ends_at", "all_day", "occurrence"],
                "description": _(
                    "Enter the times in the event's own time zone, chosen first: the "
                    "local time where it takes place (Brussels time for an online event). "
                    "Visitors see that local time, and the Brussels time beside it."
                ),
            },
        ),
        (
            _("Where"),
            {"fields": ["attendance", "venue_name", "venue_address", "city", "online_url"]},
        ),
        (_("Publishing"), {"fields": ["status", "published_at"]}),
        (
            _("Context"),
            {
                "fields": [
                    "registration_url",
                    "parent",
                    "themes",
                    "working_group",
                    "project",
                    "contacts",
                ]
            },
        ),
        HISTORY_FIELDSET,
    ]

    @admin.display(description=_("starts (local time)"), ordering="starts_at")
    def local_start(self, obj):
        return obj.when_parts()[0][0] + (
            "" if obj.all_day else f" {obj.when_parts()[-1][0].strip()}"
        )
