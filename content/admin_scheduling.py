"""Scheduling you can see: the publication state of every Publishable in the admin.

The state (Draft / Scheduled / Live / Expired) is derived from the status and the two
dates by Publishable.publication_state(); the list filter asks the queryset methods
of the same rule, so the list and the labels cannot disagree.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import PublicationState, missing_alt_text

SOON = "scheduled_week"
SOON_DAYS = 7
RECENT_DAYS = 7


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            (PublicationState.DRAFT, _("Draft")),
            (PublicationState.SCHEDULED, _("Scheduled")),
            (SOON, _("Scheduled in the next 7 days")),
            (PublicationState.LIVE, _("Live")),
            (PublicationState.EXPIRED, _("Expired (unpublished by date)")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == SOON:
            now = timezone.now()
            return queryset.scheduled(at=now, until=now + timedelta(days=SOON_DAYS))
        if value in PublicationState.values:
            return queryset.in_state(value)
        return queryset


class CreatedByMeFilter(admin.SimpleListFilter):
    title = _("created by")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", _("Me"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(created_by=request.user)
        return queryset


class RecentlyChangedFilter(admin.SimpleListFilter):
    title = _("last changed")
    parameter_name = "changed"

    def lookups(self, request, model_admin):
        return [("7d", _("In the last 7 days"))]

    def queryset(self, request, queryset):
        if self.value() == "7d":
            return queryset.filter(updated_at__gte=timezone.now() - timedelta(days=RECENT_DAYS))
        return queryset


class SchedulingAdminMixin:
    """The 'Publication' column and form line, and the unpublish date on the form.

    The unpublish date and the state go into the fieldset that holds
    `published_at`, so admins declaring their own fieldsets need not list them.
    """

    # The dashboard's links filter by these on every publishable list.
    workspace_filters = [CreatedByMeFilter, RecentlyChangedFilter]

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        return filters + [f for f in self.workspace_filters if f not in filters]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.is_scheduled():
            self.message_user(
                request,
                _("“%(item)s” is not on the site yet: %(state)s.")
                % {"item": obj, "state": obj.publication_label},
                messages.INFO,
            )

    @admin.display(description=_("publication"), ordering="published_at")
    def publication_state(self, obj):
        state = obj.publication_state()
        return format_html(
            '<span class="publication-state publication-state--{}">{}</span>',
            state,
            obj.publication_label,
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and "publication_state" not in fields:
            fields.append("publication_state")
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = list(options.get("fields", []))
            if "published_at" in fields:
                at = fields.index("published_at") + 1
                added = [f for f in ["unpublish_at"] if f not in fields]
                if obj is not None and "publication_state" not in fields:
                    added.append("publication_state")
                fields[at:at] = added
            fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets


class CallsClosingFilter(admin.SimpleListFilter):
    title = _("call deadline")
    parameter_name = "closing"

    def lookups(self, request, model_admin):
        return [("14d", _("Closing within 14 days"))]

    def queryset(self, request, queryset):
        if self.value() == "14d":
            return queryset.calls_closing(days=14)
        return queryset


def missing_alt_text_filter(image_field, alt_field):
    """A list filter 'image description: missing' for one image field."""

    class MissingAltTextFilter(admin.SimpleListFilter):
        title = _("image description")
        parameter_name = "alt_text"

        def lookups(self, request, model_admin):
            return [("missing", _("Image without a description"))]

        def queryset(self, request, queryset):
            if self.value() == "missing":
                return missing_alt_text(queryset, image_field, alt_field)
            return queryset

    return MissingAltTextFilter
