from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class FilesFilter(admin.SimpleListFilter):
    title = _("files")
    parameter_name = "files"

    def lookups(self, request, model_admin):
        return [("none", _("Without a file"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.without_files()
        return queryset
