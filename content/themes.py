"""The theme tree: one place that knows a theme's subtree, its ancestors and the topics.

Every list filter, facet, topic page, feed and sitemap asks this module, so a
theme three levels deep gives the same items everywhere. The whole vocabulary is
loaded in one query (it is small: tens or hundreds of themes) and walked in
Python, which works the same on every database and has no depth limit.

attach_themes() gives a page of cards their themes in one query, whatever the
kinds of content on it: `for_listing()` calls it for the rows it fetches (one
query per kind); a page mixing articles, events and publications (the topic
page, search) loads its items with `with_card_themes(False)` and calls it once.
"""

from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q

from . import versions
from .models import Theme, ThemedItem, prefetched_themes


class ThemeTree:
    def __init__(self, themes):
        self.themes = list(themes)
        self.by_pk = {theme.pk: theme for theme in self.themes}
        self.by_slug = {theme.slug: theme for theme in self.themes}

    @classmethod
    def load(cls):
        """The whole tree, in one query."""
        return cls(Theme.objects.order_by("name"))

    # (version, tree): the tree as it was at that version of public content.
    _kept = None

    @classmethod
    def kept(cls):
        """The whole tree, loaded once per version of public content and kept in this
        process (every change to a theme moves the version on); None when content has
        no version (no shared cache, content.versions). Its themes are shared by every
        request: read them, never change them."""
        version = versions.current()
        if version is None:
            return None
        if ThemeTree._kept is None or ThemeTree._kept[0] != version:
            ThemeTree._kept = (version, cls.load())
        return ThemeTree._kept[1]

    @classmethod
    def current(cls):
        """The whole tree: the kept one, or loaded now when nothing may be kept."""
        return cls.kept() or cls.load()

    @cached_property
    def children_of(self):
        children = {}
        for theme in self.themes:
            children.setdefault(theme.parent_id, []).append(theme)
        return children

    def get(self, slug):
        return self.by_slug.get(slug)

    def topic(self, slug):
        """The theme with a topic page at `slug`, or None."""
        theme = self.by_slug.get(slug)
        return theme if theme is not None and theme.has_topic_page else None

    def subtree(self, theme):
        """`theme` and every theme below it, at any depth (parents before children)."""
        found, seen, frontier = [], set(), [theme]
        while frontier:
            found.extend(frontier)
            seen.update(t.pk for t in frontier)
            frontier = [
                child
                for parent in frontier
                for child in self.children_of.get(parent.pk, [])
                if child.pk not in seen
            ]
        return found

    def subtree_ids(self, theme):
        return [t.pk for t in self.subtree(theme)]

    def ancestors(self, theme):
        """The themes above `theme`, nearest first (a loop in the data stops the walk)."""
        found, seen = [], {theme.pk}
        parent = self.by_pk.get(theme.parent_id)
        while parent is not None and parent.pk not in seen:
            found.append(parent)
            seen.add(parent.pk)
            parent = self.by_pk.get(parent.parent_id)
        return found

    def ancestor_ids_of(self, theme_id):
        """`theme_id` and the ids above it: the options an item with that theme counts for."""
        theme = self.by_pk.get(theme_id)
        if theme is None:
            return []
        return [theme_id, *(t.pk for t in self.ancestors(theme))]

    def children(self, theme, topics_only=False):
        kids = self.children_of.get(theme.pk, [])
        return [t for t in kids if t.has_topic_page] if topics_only else kids

    def topics(self):
        return [theme for theme in self.themes if theme.has_topic_page]

    def topic_tiles(self):
        """(topic, its parent or None) for every topic, in name order: the topic grid."""
        return [(theme, self.by_pk.get(theme.parent_id)) for theme in self.topics()]

    def depth(self, theme):
        return len(self.ancestors(theme))

    def in_tree_order(self):
        """Every theme, each followed by its subtree, roots in name order."""
        ordered, seen = [], set()

        def visit(theme):
            if theme.pk in seen:
                return
            seen.add(theme.pk)
            ordered.append(theme)
            for child in self.children_of.get(theme.pk, []):
                visit(child)

        for root in self.children_of.get(None, []):
            visit(root)
        for theme in self.themes:  # anything left sits in a loop; show it anyway
            visit(theme)
        return ordered


def attach_themes(items, themes=None, links=None):
    """Give each of `items` its themes, as a prefetch would (item.themes.all()).

    `themes`, if given, is every Theme (a page that has them already, or the tree
    kept for this version of content); otherwise the themes come in the same query
    as the links. `links`, if given, are the items' theme_links() read before.
    """
    items = [item for item in items if item is not None]
    if not items:
        return items
    type_of = {model: ContentType.objects.get_for_model(model).pk for model in map(type, items)}
    keys = {}
    for item in items:
        keys.setdefault(type_of[type(item)], set()).add(item.pk)
    found = {}
    if themes is not None:
        by_pk = {theme.pk: theme for theme in themes}
    elif (tree := ThemeTree.kept()) is not None:
        by_pk = tree.by_pk
    else:  # the themes come with the rows, in the same query
        by_pk = None
        wanted = Q()
        for content_type_id, pks in keys.items():
            wanted |= Q(content_type_id=content_type_id, object_id__in=pks)
        rows = ThemedItem.objects.filter(wanted).order_by("pk").select_related("tag")
        for row in rows:
            found.setdefault((row.content_type_id, row.object_id), []).append(row.tag)
    if by_pk is not None:
        for content_type_id, object_id, tag_id in links if links is not None else theme_links(keys):
            if tag_id in by_pk:
                found.setdefault((content_type_id, object_id), []).append(by_pk[tag_id])
    for item in items:
        cached = Theme.objects.all()
        cached._result_cache = found.get((type_of[type(item)], item.pk), [])
        cached._prefetch_done = True
        item._prefetched_objects_cache = {
            **getattr(item, "_prefetched_objects_cache", {}),
            "themes": cached,
        }
    return items


# The theme links of detail pages' objects (attach_item_themes), per object and
# version of content: a few small tuples each.
KEPT_ITEM_THEMES = 10000
_item_theme_links = versions.KeptPerVersion()


def attach_item_themes(item):
    """attach_themes for a detail page's object alone, its theme links kept per
    version of content: a visitor's page does not read them on every request."""
    if ThemeTree.kept() is None:
        return attach_themes([item])
    keys = {ContentType.objects.get_for_model(type(item)).pk: {item.pk}}
    links = _item_theme_links.get(
        (type(item), item.pk), lambda: theme_links(keys), limit=KEPT_ITEM_THEMES
    )
    return attach_themes([item], links=links)


def theme_links(keys):
    """(content_type_id, object_id, tag_id) of the theme links of the items in `keys`
    ({content type id: their pks}), in the links' order. One statement written here:
    for a page's 12 to 20 cards, building and compiling it through the ORM cost
    more than running it."""
    item = ThemedItem._meta
    quote = connection.ops.quote_name
    content_type, object_id, tag = (
        quote(item.get_field(name).column) for name in ("content_type", "object_id", "tag")
    )
    conditions, params = [], []
    for content_type_id, pks in keys.items():
        conditions.append(
            f"({content_type} = %s AND {object_id} IN ({', '.join(['%s'] * len(pks))}))"
        )
        params.extend([content_type_id, *pks])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {content_type}, {object_id}, {tag} FROM {quote(item.db_table)} "
            f"WHERE {' OR '.join(conditions)} ORDER BY {quote(item.pk.column)}",
            params,
        )
        return cursor.fetchall()


def with_related(item, related):
    """`related` (a queryset of cards) as a list; they and `item` (a detail page's
    object, fetched without its themes) get their themes in one query. An item that
    has its themes already (a preview: those chosen in the form) keeps them."""
    related = list(related.with_card_themes(False))
    attach_themes(related if prefetched_themes(item) is not None else [item, *related])
    return related
