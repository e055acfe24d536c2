from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractYear
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from content.admin import HISTORY_FIELDSET, PrivateFileWidget, PublishableAdmin
from content.admin_scheduling import PublicationStateFilter, missing_alt_text_filter
from content.images import rendition
from content.models import Status

from .admin_filters import FilesFilter
from .models import DocumentType, Publication, PublicationFile
from .views import PublicationDetailView


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


NEEDS_FILE_OR_LINK = _(
    "A published publication needs at least one file or an external link: add a file "
    "below, give the link under “Publishing”, or keep it as a draft."
)


class PublicationFileFormSet(BaseInlineFormSet):
    """Nothing published broken: the files that remain after this save, or a link."""

    def clean(self):
        super().clean()
        publication = self.instance
        if publication.status != Status.PUBLISHED or publication.external_url:
            return
        remaining = [
            form
            for form in self.forms
            if form.cleaned_data.get("file") and not form.cleaned_data.get("DELETE")
        ]
        if not remaining:
            raise ValidationError(NEEDS_FILE_OR_LINK, code="nothing_to_read")


class PublicationFileInline(admin.TabularInline):
    model = PublicationFile
    formset = PublicationFileFormSet
    formfield_overrides = {models.FileField: {"widget": PrivateFileWidget}}
    fields = ["file", "language", "title", "order", "original_name", "file_facts"]
    readonly_fields = ["original_name", "file_facts"]
    extra = 1

    @admin.display(description=_("format and size"))
    def file_facts(self, obj):
        return obj.link_label if obj.pk else "–"


@admin.register(Publication)
class PublicationAdmin(PublishableAdmin):
    preview_view = PublicationDetailView
    list_display = [
        "cover_thumbnail",
        "title",
        "document_type",
        "publication_state",
        "published_at",
        "working_group",
    ]
    list_display_links = ["cover_thumbnail", "title"]
    list_filter = [
        "document_type",
        YearListFilter,
        PublicationStateFilter,
        "themes",
        "working_group",
        FilesFilter,
        missing_alt_text_filter("cover_image", "cover_alt_text"),
    ]
    list_select_related = ["document_type", "working_group"]
    search_fields = ["title", "summary", "body", "files__original_name"]
    autocomplete_fields = ["working_group", "projects", "contacts", "cities"]
    inlines = [PublicationFileInline]
    fieldsets = [
        (None, {"fields": ["document_type", "title", "slug", "summary", "body"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "external_url"]}),
        (_("Cover"), {"fields": ["cover_image", "cover_alt_text"]}),
        (_("Context"), {"fields": ["themes", "working_group", "projects", "cities", "contacts"]}),
        HISTORY_FIELDSET,
    ]

    def publish_refusal(self, obj):
        # The bulk publish action (content/bulk_actions.py) publishes only what has
        # something to read, and names the others on its confirmation page.
        if not Publication.objects.filter(pk=obj.pk).complete().exists():
            return _("not published: no file and no external link")
        return None

    @admin.display(description=_("cover"))
    def cover_thumbnail(self, obj):
        picture = rendition(obj.cover_image, "thumbnail")
        if picture is None:
            return "–"
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" class="admin-thumbnail">',
            picture.url,
            picture.width,
            picture.height,
            obj.cover_alt_text,
        )
