"""Publications (with their files) and document types in the content exchange format."""

from django.utils.translation import gettext_lazy as _

from content.interchange.fields import Children, FileField, Html, Integer, Ref, RefList, Text
from content.interchange.registry import Serializer, register
from content.interchange.serializers import publishable_fields

from .models import DocumentType, Publication


@register
class DocumentTypeSerializer(Serializer):
    model = DocumentType
    key = "document_types"
    noun = _("document type")
    validate_unique = True
    fields = [Text("slug", required=True), Text("name"), Text("plural_name"), Integer("order")]


@register
class PublicationSerializer(Serializer):
    model = Publication
    key = "publications"
    noun = _("publication")
    fields = [
        *publishable_fields(),
        Ref("document_type", to="document_types"),
        Html("body"),
        FileField("cover_image"),
        Text("cover_alt_text"),
        Text("external_url"),
        Ref("working_group", to="working_groups"),
        RefList("projects", to="projects"),
        RefList("cities", to="cities"),
        RefList("contacts", to="people"),
        RefList("themes", to="themes"),
        Children(
            "files",
            fields=[
                FileField("file", required=True),
                Text("language"),
                Text("title"),
                Integer("order"),
            ],
        ),
    ]
