"""Keeping derived data current: the search index and the redirects of old addresses.

Connected in ContentConfig.ready() for every model built on Publishable (and the
other models with public pages), so the apps built on content need not repeat it.
"""

from django.apps import apps
from django.db.backends.signals import connection_created
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save

from . import redirects, search
from .models import City, Publishable, Theme, ThemedItem, themed_object_ids
from .stored import read_before_save, stored_row


def publishable_models():
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def reindex_after_save(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index(instance)


def reindex_after_m2m(sender, instance, action, reverse=False, model=None, pk_set=None, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        if isinstance(instance, Publishable):
            search.index(instance)
        return
    # Changed from the other side (city.articles.add(...)): reindex those items.
    if model is not None and issubclass(model, Publishable) and pk_set:
        search.index_many(model._base_manager.filter(pk__in=pk_set))


def reindex_items_of(sender, instance, raw=False, created=False, **kwargs):
    """A renamed city or theme changes the text of every item that names it: thousands
    at full scale, so a thousand to an UPDATE, not one each. Only a new name does:
    an editor saving a topic page's introduction must not wait for tens of
    thousands of items to be reindexed."""
    before = stored_row(instance)
    if raw or created or (before is not None and before.name == instance.name):
        return
    for model in publishable_models():
        search.index_many(items_naming(model, instance))


def items_naming(model, instance):
    if isinstance(instance, Theme):
        return model._base_manager.filter(pk__in=themed_object_ids(model, [instance.pk]))
    lookups = [
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "related_model", None) is City and (f.many_to_many or f.many_to_one)
    ]
    if not lookups:
        return model._base_manager.none()
    condition = Q()
    for name in lookups:
        condition |= Q(**{name: instance})
    return model._base_manager.filter(pk__in=model._base_manager.filter(condition).values("pk"))


def connect():
    connection_created.connect(search.register_sqlite_functions)
    for model in publishable_models():
        post_save.connect(reindex_after_save, sender=model, dispatch_uid=f"index-{model}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if through is ThemedItem or field.related_model is City:
                m2m_changed.connect(
                    reindex_after_m2m, sender=through, dispatch_uid=f"index-m2m-{through}"
                )
    m2m_changed.connect(reindex_after_m2m, sender=ThemedItem, dispatch_uid="index-m2m-themes")
    for model in {*redirects.models_with_addresses(), City, Theme}:
        read_before_save(model)
    for model in (City, Theme):
        post_save.connect(reindex_items_of, sender=model, dispatch_uid=f"reindex-{model}")
    for model in redirects.models_with_addresses():
        post_save.connect(
            redirects.redirect_old_address, sender=model, dispatch_uid=f"redir-{model}"
        )
