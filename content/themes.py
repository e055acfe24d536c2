"""The theme tree: one place that knows a theme's subtree, its ancestors and the topics.

Every list filter, facet, topic page, feed and sitemap asks this module, so a
theme three levels deep gives the same items everywhere. The whole vocabulary is
loaded in one query (it is small: tens or hundreds of themes) and walked in
Python, which works the same on every database and has no depth limit.
"""

from functools import cached_property

from .models import Theme


class ThemeTree:
    def __init__(self, themes):
        self.themes = list(themes)
        self.by_pk = {theme.pk: theme for theme in self.themes}
        self.by_slug = {theme.slug: theme for theme in self.themes}

    @classmethod
    def load(cls):
        """The whole tree, in one query."""
        return cls(Theme.objects.order_by("name"))

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
