from django.contrib import admin
from django.db.models.functions import ExtractYear
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from content.admin import HISTORY_FIELDSET, PublishableAdmin
from content.images import rendition

from .models import DocumentType, Publication, PublicationFile


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "plural_name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "plural_name"]
    prepopulated_fields = {"slug": ["name"]}


class YearListFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Publication.objects.annotate(year=ExtractYear("published_at"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years if year]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit() and len(value) == 4:
            return queryset.filter(published_at__year=int(value))
        return queryset


class PublicationFileInline(admin.TabularInline):
    model = PublicationFile
    fields = ["file", "language", "title", "order", "original_name", "file_facts"]
    readonly_fields = ["original_name", "file_facts"]
    extra = 1

    @admin.display(description=_("format and size"))
    def file_facts(self, obj):
        return obj.link_label if obj.pk else "–"


@admin.register(Publication)
class PublicationAdmin(PublishableAdmin):
    list_display = [
        "cover_thumbnail",
        "title",
        "document_type",
        "status",
        "published_at",
        "is_live",
        "working_group",
    ]
    list_display_links = ["cover_thumbnail", "title"]
    list_filter = [
        "document_type",
        YearListFilter,
        "status",
        "themes",
        "working_group",
    ]
    list_select_related = ["document_type", "working_group"]
    search_fields = ["title", "summary", "body", "files__original_name"]
    autocomplete_fields = ["working_group", "projects", "contacts", "cities"]
    inlines = [PublicationFileInline]
    fieldsets = [
        (None, {"fields": ["document_type", "title", "slug", "summary", "body"]}),
        (_("Publishing"), {"fields": ["status", "published_at"]}),
        (_("Cover"), {"fields": ["cover_image", "cover_alt_text"]}),
        (_("Context"), {"fields": ["themes", "working_group", "projects", "cities", "contacts"]}),
        HISTORY_FIELDSET,
    ]

    @admin.display(description=_("cover"))
    def cover_thumbnail(self, obj):
        picture = rendition(obj.cover_image, "thumbnail")
        if picture is None:
            return "–"
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" style="width:48px;height:auto">',
            picture.url,
            picture.width,
            picture.height,
            obj.cover_alt_text,
        )
