from django.apps import AppConfig


class EurocitiesConfig(AppConfig):
    name = "eurocities"
    verbose_name = "Eurocities site"
