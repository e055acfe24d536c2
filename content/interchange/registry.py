"""Serializers of the content exchange format, registered in one place.

Each app describes its models in its own `interchange.py` (content's live in
content/interchange/serializers.py); `serializers()` loads them all, in the order
of INSTALLED_APPS, which is also the order references need: an article can name
a theme because themes come first.
"""

from django.apps import apps as django_apps
from django.utils.module_loading import autodiscover_modules

_REGISTRY = {}


class Serializer:
    """How one model appears in the file: a top-level list named `key`.

    `fields` is a list of interchange fields; the first one named `lookup` is the
    natural key. `children_key` nests items of the same model (sessions inside
    their conference); `order_by` keeps the export stable.
    """

    model = None
    key = ""
    noun = ""
    lookup = "slug"
    fields = []
    order_by = ["slug"]
    children_key = None  # e.g. "sessions"
    children_parent = None  # the foreign key a child points to its parent with
    validate_unique = False  # check unique fields other than the key (small lists only)
    # Editable model fields the file carries another way (a test checks the rest are here).
    covered_elsewhere = ()

    def __init__(self):
        for field in self.fields:
            field.bind(self.model)
        self.by_name = {field.name: field for field in self.fields}

    def queryset(self):
        """What the export writes (and what an import compares with)."""
        return self.model._default_manager.order_by(*self.order_by)

    def prefetch(self):
        """What reading the objects' relations needs (themes are preloaded instead)."""
        return [f.attr for f in self.fields if f.many and not getattr(f, "is_tags", False)]

    def preload(self, objs):
        for f in self.fields:
            if hasattr(f, "preload"):
                f.preload(objs)

    def dump(self, obj, ctx):
        return {f.name: f.dump(obj, ctx) for f in self.fields}

    def natural_key(self, item):
        return item.get(self.lookup)

    def flatten(self, items, path):
        """Each item of the list as (path, item, parent key); children follow their parent."""
        for index, item in enumerate(items):
            item_path = f"{path}[{index}]"
            yield item_path, item, None
            if self.children_key and isinstance(item, dict):
                for child_index, child in enumerate(item.get(self.children_key) or []):
                    yield (
                        f"{item_path}.{self.children_key}[{child_index}]",
                        child,
                        self.natural_key(item),
                    )

    def find_existing(self, keys):
        """The stored objects for `keys`, by key, with what comparing them reads."""
        keys = [key for key in keys if key is not None]
        queryset = self.model._default_manager.prefetch_related(*self.prefetch())
        found = {}
        for start in range(0, len(keys), 500):
            chunk = list(queryset.filter(**{f"{self.lookup}__in": keys[start : start + 500]}))
            self.preload(chunk)
            for obj in chunk:
                found[getattr(obj, self.lookup)] = obj
        return found

    def check(self, obj, values, ctx, key=None, parent=None):
        """Rules beyond the model's validation: yields (field name, message)."""
        return []

    def normalise(self, values):
        """What the model's save() changes, applied to the values read from the file."""


def register(cls):
    """Class decorator: add a serializer to the format."""
    _REGISTRY[cls.key] = cls
    return cls


def serializers():
    """Every serializer, in the order the file lists (and imports) them."""
    from . import serializers as _content  # noqa: F401  (content's own models)

    autodiscover_modules("interchange")
    apps = [config.label for config in django_apps.get_app_configs()]
    # Registration order within an app, app order across them: the order references need.
    ordered = sorted(
        enumerate(_REGISTRY.values()),
        key=lambda pair: (apps.index(pair[1].model._meta.app_label), pair[0]),
    )
    return [cls() for _index, cls in ordered]
