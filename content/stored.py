"""The row as it was stored, read once before a save for every handler after it.

A save compares the new values with the stored ones in several places: the old
address (content.redirects), a city's or theme's old name (the search index), the
files an edit replaced (content.uploads). One query before the save serves them all,
whichever of them follow the model.
"""

from django.db.models.signals import pre_save


def remember_stored_row(sender, instance, raw=False, **kwargs):
    """Before a save, the row as it is stored (None for a new one or a fixture) as
    `instance._stored_row`."""
    instance._stored_row = None
    if not raw and instance.pk is not None:
        instance._stored_row = sender._base_manager.filter(pk=instance.pk).first()


def stored_row(instance):
    """The row `instance` had before this save, or None."""
    return getattr(instance, "_stored_row", None)


def read_before_save(model):
    """Read `model`'s stored row before each save (once, however many ask)."""
    pre_save.connect(
        remember_stored_row, sender=model, dispatch_uid=f"stored-row-{model._meta.label}"
    )
