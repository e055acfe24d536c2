from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from content.history import register

        from .models import Event

        # A conference's revisions hold its programme sessions too.
        register(Event, follow=["programme"])
