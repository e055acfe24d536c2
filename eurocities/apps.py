import os

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_site(sender, using="default", **kwargs):
    """The Site row's domain from SITE_DOMAIN, at every migrate.

    django.contrib.redirects needs django.contrib.sites; its one Site row names the
    public host, which the admin's "view on site" links use. Feeds and sitemaps
    keep the host the request came to (eurocities/hosts.py).
    """
    if sender.label != "sites":  # after the sites app made its default row
        return
    from django.conf import settings
    from django.contrib.sites.models import Site

    domain = os.environ.get("SITE_DOMAIN", "localhost:8000")
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME}
    )
    Site.objects.clear_cache()


class EurocitiesConfig(AppConfig):
    name = "eurocities"
    verbose_name = "Eurocities site"

    def ready(self):
        from . import pagecache

        pagecache.connect_signals()
        post_migrate.connect(sync_site, dispatch_uid="eurocities-sync-site")
