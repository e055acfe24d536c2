"""The mixed 'Latest' feed: every public content type, newest first, in one list.

Each app contributes a FeedSource. The feed pages through a UNION of light rows
(source, id, date) and then loads only the page's objects, one query per source,
so its cost does not grow with the amount of content.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, F, Q, Value
from django.utils.translation import gettext_lazy as _

from content.models import Article
from content.pagination import WindowPaginator, rows_needed
from content.themes import attach_themes
from events.models import Event
from publications.models import Publication


@dataclass(frozen=True)
class FeedSource:
    key: str
    model: type
    kinds: list  # (value, label) pairs this source contributes
    kind_field: str | None = None  # model field holding the kind, if it has several

    def rows(self, themes=None, working_group=None, kind=None, query=None):
        qs = self.model.objects.published()
        if query:
            # Plain icontains works the same on SQLite and PostgreSQL; the search
            # form has already refused NUL bytes and over-long queries.
            qs = qs.filter(Q(title__icontains=query) | Q(summary__icontains=query))
        if themes is not None:
            qs = qs.with_themes(themes)
        if working_group is not None:
            qs = qs.filter(working_group=working_group)
        if kind and self.kind_field:
            qs = qs.filter(**{self.kind_field: kind})
        kind_value = F(self.kind_field) if self.kind_field else Value(self.kinds[0][0])
        return (
            qs.order_by()
            .annotate(
                feed_source=Value(self.key, output_field=CharField()),
                feed_kind=kind_value,
                feed_date=F("published_at"),
            )
            .values_list("feed_source", "pk", "feed_date", "feed_kind")
        )

    def offers(self, kind):
        return not kind or any(value == kind for value, _label in self.kinds)


def feed_sources():
    sources = [
        FeedSource(
            key="article",
            model=Article,
            kinds=[(value, label) for value, label in Article.Kind.choices],
            kind_field="kind",
        ),
        FeedSource(key="event", model=Event, kinds=[("event", _("Events"))]),
        FeedSource(
            key="publication", model=Publication, kinds=[("publication", _("Publications"))]
        ),
    ]
    return sources


def kind_choices():
    return [choice for source in feed_sources() for choice in source.kinds]


def latest_page(
    page_number,
    *,
    themes=None,
    working_group=None,
    kind=None,
    query=None,
    per_page=12,
    all_themes=None,
    attach=True,
):
    """A page of public items of every kind, newest first, as model objects.

    `query`, if given, keeps the items whose title or summary contains it. The
    items get their themes in one query (`all_themes`, every Theme, saves one
    more); with attach=False the caller does that, with other cards of the page.
    """
    sources = {source.key: source for source in feed_sources() if source.offers(kind)}
    parts = [
        source.rows(themes=themes, working_group=working_group, kind=kind, query=query)
        for source in sources.values()
    ]
    if not parts:
        return WindowPaginator([], per_page).get_page(1)
    if len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
        # No page looks further than `depth` rows into any one source, so each source
        # reads only that far down its newest-first index (docs/performance.md).
        depth = rows_needed(page_number, per_page)
        parts = [part.order_by("-feed_date", "-pk")[:depth] for part in parts]
    # UNION ALL: rows of different sources never coincide, so nothing to deduplicate.
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    # One query: the light rows this page's links need (its own and a few pages on)
    # tell both the page and whether the list goes on.
    light = list(rows.order_by("-feed_date", "-pk")[: rows_needed(page_number, per_page)])
    page = WindowPaginator(light, per_page).get_page(page_number)
    wanted = {}
    for source_key, pk, _date, _kind in page.object_list:
        wanted.setdefault(source_key, []).append(pk)
    loaded = {
        key: sources[key].model.objects.for_listing().with_card_themes(False).in_bulk(pks)
        for key, pks in wanted.items()
    }
    page.object_list = [
        loaded[key][pk] for key, pk, _date, _kind in page.object_list if pk in loaded[key]
    ]
    if attach:
        attach_themes(page.object_list, themes=all_themes)
    return page
