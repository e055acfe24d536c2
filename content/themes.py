"""Themes for a page of cards in one query, whatever the kinds of content on it.

`for_listing()` attaches themes to the rows it fetches (one query per kind). A
page mixing articles, events and publications (the topic page, search) loads
its items with `with_card_themes(False)` and calls attach_themes() once.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import Theme, ThemedItem


def attach_themes(items, themes=None):
    """Give each of `items` its themes, as a prefetch would (item.themes.all()).

    `themes`, if given, is every Theme (a page that has them already); otherwise
    the themes come in the same query as the links.
    """
    items = [item for item in items if item is not None]
    if not items:
        return items
    wanted, keys = Q(), {}
    for item in items:
        content_type = ContentType.objects.get_for_model(item)
        keys.setdefault(content_type.pk, set()).add(item.pk)
    for content_type_id, pks in keys.items():
        wanted |= Q(content_type_id=content_type_id, object_id__in=pks)
    found = {}
    rows = ThemedItem.objects.filter(wanted).order_by("pk")
    if themes is None:  # the themes come with the rows, in the same query
        for row in rows.select_related("tag"):
            found.setdefault((row.content_type_id, row.object_id), []).append(row.tag)
    else:
        by_pk = {theme.pk: theme for theme in themes}
        for content_type_id, object_id, tag_id in rows.values_list(
            "content_type_id", "object_id", "tag_id"
        ):
            if tag_id in by_pk:
                found.setdefault((content_type_id, object_id), []).append(by_pk[tag_id])
    for item in items:
        content_type = ContentType.objects.get_for_model(item)
        cached = Theme.objects.all()
        cached._result_cache = found.get((content_type.pk, item.pk), [])
        cached._prefetch_done = True
        item._prefetched_objects_cache = {
            **getattr(item, "_prefetched_objects_cache", {}),
            "themes": cached,
        }
    return items
