from importlib import import_module

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _restore_document_types(sender, using="default", apps=global_apps, **kwargs):
    """The document types, after every migrate and every flush (which empties the
    table the data migration filled, then sends post_migrate)."""
    document_type = apps.get_model("publications", "DocumentType")
    migration = import_module("publications.migrations.0002_document_types")
    for order, (slug, name, plural_name) in enumerate(migration.DOCUMENT_TYPES, start=1):
        document_type.objects.using(using).get_or_create(
            slug=slug, defaults={"name": name, "plural_name": plural_name, "order": order * 10}
        )


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self):
        post_migrate.connect(
            _restore_document_types, sender=self, dispatch_uid="publications_document_types"
        )

        from content.cards import register_meta_line
        from content.history import register

        from .cards import publication_meta_line
        from .models import DocumentType, Publication, PublicationFile

        register_meta_line(Publication, publication_meta_line)
        register(DocumentType)
        register(PublicationFile)
        register(Publication, follow=["files"])
