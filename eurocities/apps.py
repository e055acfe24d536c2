from django.apps import AppConfig


class EurocitiesConfig(AppConfig):
    name = "eurocities"
    verbose_name = "Eurocities site"

    def ready(self):
        from . import pagecache

        pagecache.connect_signals()
