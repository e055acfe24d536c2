from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, using="default", **kwargs):
    from .roles import sync_roles

    sync_roles(sender.apps, using=using)


class CharterConfig(AppConfig):
    name = "charter"
    verbose_name = _("Charter")

    def ready(self):
        # After every migrate, so models of apps added later get their grants too.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="charter_sync_roles")

        from content.history import register

        from .models import MonitoringReport, Pledge, Signatory

        register(MonitoringReport)
        register(Pledge)
        register(Signatory, follow=["monitoring_reports"])
