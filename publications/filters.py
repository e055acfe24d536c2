"""The documents library's facets (content.facets checks their values and counts them)."""

from django.utils.translation import gettext_lazy as _

from content.facets import Facet
from content.filters import common_facets

from .models import LANGUAGES, DocumentType


def publication_facets():
    return [
        Facet(
            "type",
            _("Document type"),
            {"": "document_type__slug"},
            {"": "document_type__name"},
            known=DocumentType.objects.all(),
        ),
        *common_facets(),
        Facet("language", _("Language"), {"": "files__language"}, choices=LANGUAGES, multi=[""]),
    ]
