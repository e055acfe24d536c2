from importlib import import_module

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _restore_reference_data(sender, using="default", apps=global_apps, **kwargs):
    """Editor groups and the Pillar's principles, after every migrate and every flush.

    Migrations create them once; a flush (tests, a reset database) empties every
    table and then sends post_migrate, so they are made again here.
    """
    from .roles import sync_roles

    sync_roles(apps, using=using)
    principles = import_module("charter.migrations.0002_pillar_principles")
    principle_model = apps.get_model("charter", "PillarPrinciple")
    for number, title, chapter in principles.PRINCIPLES:
        principle_model.objects.using(using).update_or_create(
            number=number, defaults={"title": title, "chapter": chapter}
        )


class CharterConfig(AppConfig):
    name = "charter"
    verbose_name = _("Charter")

    def ready(self):
        # After every migrate, so models of apps added later get their grants too.
        post_migrate.connect(
            _restore_reference_data, sender=self, dispatch_uid="charter_reference_data"
        )
