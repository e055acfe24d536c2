from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Content")

    def ready(self):
        from .uploads import connect_file_cleanup

        connect_file_cleanup()

        from .history import register_content_models

        register_content_models()

        from . import signals

        signals.connect()

        from .cards import article_meta_line, register_meta_line
        from .models import Article

        register_meta_line(Article, article_meta_line)
