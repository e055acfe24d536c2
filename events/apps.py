from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from content.cards import register_meta_line
        from content.history import register

        from .cards import event_meta_line
        from .models import Event

        # A conference's revisions hold its programme sessions too.
        register(Event, follow=["programme"])
        register_meta_line(Event, event_meta_line)
