"""The image library in the admin, and the list the rich-text editor picks from."""

from django.contrib import admin
from django.db.models import Q
from django.http import JsonResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .admin_history import HistoryAdmin
from .images import rendition
from .models import Image

PICKER_LIMIT = 60


@admin.register(Image)
class ImageAdmin(HistoryAdmin):
    list_display = ["thumbnail", "title", "alt_text", "decorative", "credit", "created_at"]
    list_display_links = ["thumbnail", "title"]
    list_filter = ["decorative", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["title", "alt_text", "credit"]
    date_hierarchy = "created_at"
    readonly_fields = ["preview", "created_at", "created_by"]
    fields = ["title", "file", "preview", "alt_text", "decorative", "credit", "created_at",
              "created_by"]  # fmt: skip

    def get_urls(self):
        picker = path(
            "picker/",
            self.admin_site.admin_view(self.picker_view),
            name="content_image_picker",
        )
        return [picker, *super().get_urls()]

    def picker_view(self, request):
        """The newest library images (or those matching ?q=) as JSON for the editor."""
        if not self.has_view_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        images = Image.objects.all()
        query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
        if query:
            images = images.filter(
                Q(title__icontains=query)
                | Q(alt_text__icontains=query)
                | Q(credit__icontains=query)
            )
        found = [image.for_editor() for image in images[:PICKER_LIMIT]]
        return JsonResponse({"images": [image for image in found if image]})

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        picture = rendition(obj.file, "thumbnail")
        if picture is None:
            return "–"
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="" class="library-thumbnail">',
            picture.url,
            picture.width,
            picture.height,
        )

    @admin.display(description=_("preview"))
    def preview(self, obj):
        picture = rendition(obj.file, "body") if obj.pk else None
        if picture is None:
            return "–"
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" class="library-preview">',
            picture.url,
            picture.width,
            picture.height,
            obj.alt_text,
        )

    class Media:
        css = {"all": ["css/rich_text.css"]}
