"""Addresses that last: an item whose address changes leaves a 301 behind.

The redirects live in django.contrib.redirects' table (per site), the same table
`manage.py import_redirects` fills with the old site's paths, and are answered by
its RedirectFallbackMiddleware (only for addresses that would otherwise be 404).
When an address changes, every redirect pointing at the old address is repointed
at the new one, so a chain of renames is always one hop.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db import transaction

from .models import City, Project, Publishable, Theme, WorkingGroup
from .stored import stored_row


def models_with_addresses():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) or model in (City, Project, Theme, WorkingGroup)
    ]


def address(obj):
    try:
        return obj.get_absolute_url()
    except Exception:
        return None


def redirect_old_address(sender, instance, raw=False, **kwargs):
    """After a save, a redirect from the address the item had before (its row as it
    was stored, which content.stored kept)."""
    stored = stored_row(instance)
    old_path = address(stored) if stored is not None else None
    new_path = address(instance)
    if raw or not old_path or not new_path or old_path == new_path:
        return
    record_move(old_path, new_path)


@transaction.atomic
def record_move(old_path, new_path):
    site_id = settings.SITE_ID
    Site.objects.get_or_create(pk=site_id, defaults={"domain": "example.com", "name": "site"})
    # Collapse chains: whatever led to the old address now leads to the new one.
    Redirect.objects.filter(site_id=site_id, new_path=old_path).update(new_path=new_path)
    # The new address is live again: a redirect away from it would only loop later.
    Redirect.objects.filter(site_id=site_id, old_path=new_path).delete()
    Redirect.objects.filter(site_id=site_id, new_path=new_path, old_path=new_path).delete()
    Redirect.objects.update_or_create(
        site_id=site_id, old_path=old_path, defaults={"new_path": new_path}
    )
