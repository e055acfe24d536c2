"""The basic pages (accessibility statement, privacy and legal notices) in the admin."""

from django.contrib import admin

from .admin_history import HistoryAdmin
from .models import BasicPage


@admin.register(BasicPage)
class BasicPageAdmin(HistoryAdmin):
    list_display = ["title", "kind", "reviewed_on", "updated_at"]
    search_fields = ["title", "body"]
    readonly_fields = ["updated_at", "updated_by"]
    fields = ["kind", "title", "summary", "body", "reviewed_on", "updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
