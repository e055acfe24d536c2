from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class NeedsAttentionFilter(admin.SimpleListFilter):
    """What the dashboard asks editors to look at (always among upcoming events)."""

    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("no_description", _("Upcoming, without a description")),
            ("draft_sessions", _("Upcoming, with sessions in draft")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "no_description":
            return queryset.upcoming().without_description()
        if self.value() == "draft_sessions":
            return queryset.upcoming().with_draft_sessions()
        return queryset
