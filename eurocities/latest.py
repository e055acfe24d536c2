"""The mixed feed: every public content type in one list (topic pages, search, groups).

Each app contributes a FeedSource. The feed pages through a UNION of light rows
(source, id, date, rank) and then loads only the page's objects, one query per
source, so its cost does not grow with the amount of content. The facets of the
mixed feed (kind, theme, year, working group, project, city) are defined here,
with the field each content type reads; counting lives in content.facets.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, F, FloatField, IntegerField, Value
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from content import cards, search, versions
from content.facets import Facet, FacetedSearch, ThemeFacet, YearFacet, counts_key
from content.models import Article, City, Project, WorkingGroup
from content.pagination import (
    FetchedPage,
    KeptRead,
    WindowPaginator,
    kept_as_far_as,
    page_number,
    rows_needed,
)
from content.themes import attach_themes
from events.models import Event
from publications.models import Publication

# The light rows of highlights come before those of the feed (see page_of).
HIGHLIGHTS, FEED = 0, 1


@dataclass(frozen=True)
class FeedSource:
    key: str
    model: type
    kinds: list  # (value, label) pairs this source contributes
    kind_field: str | None = None  # model field holding the kind, if it has several
    date_field: str = "published_at"  # the date its year facet reads
    project_path: str = "projects__slug"
    city_path: str = "cities__slug"

    def queryset(self, themes=None, working_group=None):
        qs = self.model.objects.published()
        if themes is not None:
            qs = qs.with_themes(themes)
        if working_group is not None:
            qs = qs.filter(working_group=working_group)
        return qs

    def rows(self, qs, ranked=False, group=FEED):
        kind_value = F(self.kind_field) if self.kind_field else Value(self.kinds[0][0])
        rank = F("search_rank") if ranked else Value(0.0, output_field=FloatField())
        return (
            qs.order_by()
            .annotate(
                feed_group=Value(group, output_field=IntegerField()),
                feed_source=Value(self.key, output_field=CharField()),
                feed_kind=kind_value,
                feed_date=F("published_at"),
                feed_rank=rank,
            )
            .values_list("feed_group", "feed_source", "pk", "feed_date", "feed_kind", "feed_rank")
        )

    def offers(self, kind):
        return not kind or any(value == kind for value, _label in self.kinds)


def feed_sources():
    return [
        FeedSource(
            key="article",
            model=Article,
            kinds=[(value, label) for value, label in Article.Kind.choices],
            kind_field="kind",
        ),
        FeedSource(
            key="event",
            model=Event,
            kinds=[("event", _("Events"))],
            date_field="starts_at",
            project_path="project__slug",
            city_path="city__slug",
        ),
        FeedSource(
            key="publication", model=Publication, kinds=[("publication", _("Publications"))]
        ),
    ]


def kind_choices():
    return [choice for source in feed_sources() for choice in source.kinds]


def mixed_facets(within=None, tree=None):
    """The facets of a mixed feed; `within` limits the theme options to a subtree."""
    sources = feed_sources()
    multi_project = [s.key for s in sources if s.project_path.startswith("projects__")]
    multi_city = [s.key for s in sources if s.city_path.startswith("cities__")]
    return [
        Facet(
            "kind",
            _("Kind"),
            {s.key: s.kind_field if s.kind_field else Value(s.kinds[0][0]) for s in sources},
            choices=kind_choices(),
        ),
        ThemeFacet("theme", _("Theme"), tree=tree, within=within),
        YearFacet("year", _("Year"), {s.key: s.date_field for s in sources}),
        Facet(
            "working_group",
            _("Working group"),
            {s.key: "working_group__slug" for s in sources},
            {s.key: "working_group__name" for s in sources},
            known=WorkingGroup.objects.all(),
        ),
        Facet(
            "project",
            _("Project"),
            {s.key: s.project_path for s in sources},
            {s.key: s.project_path.replace("__slug", "__acronym") for s in sources},
            multi=multi_project,
            known=Project.objects.all(),
        ),
        Facet(
            "city",
            _("City"),
            {s.key: s.city_path for s in sources},
            {s.key: s.city_path.replace("__slug", "__name") for s in sources},
            multi=multi_city,
            known=City.objects.all(),
        ),
    ]


def mixed_search(request, *, themes=None, working_group=None, query=None, within=None, tree=None):
    """A FacetedSearch over every content type (optionally matching `query`)."""

    def sources():
        matching = {}
        for source in feed_sources():
            qs = source.queryset(themes=themes, working_group=working_group)
            matching[source.key] = search.matching(qs, query) if query else qs
        return matching

    return FacetedSearch(
        sources,
        mixed_facets(within=within, tree=tree),
        request.GET,
        path=request.path,
        cache_as=counts_key(request),
    )


@dataclass(frozen=True)
class LightQuery:
    """The statement of a feed's light rows ((sql, params), or None: it cannot
    match anything), the most rows it gives, and what the page's loading needs to
    know of its highlights."""

    statement: tuple | None
    limit: int
    highlight_order: dict  # key -> the order of that kind's highlights


def page_of(
    sources,
    number,
    per_page=12,
    query=None,
    all_themes=None,
    attach=True,
    highlights=None,
    kept_as=None,
    cards_only=False,
):
    """One page of the mixed feed over `sources` ({key: queryset}), as model objects.

    With `query`, the best matches come first (then the newest), each with a
    `snippet` of safe HTML where the database can make one. The items get their
    themes in one query (`all_themes`, every Theme, saves one more); with
    attach=False the caller does that, with other cards of the page.

    `highlights` ({key: a sliced queryset}) are items the page shows apart from
    the feed (a topic page's upcoming events, say), as `page.highlights`, in their
    queryset's order; the feed leaves them out, so none shows twice. Their keys
    come with the feed's own light rows, and they with the page's items of their
    kind: no query of their own.

    `sources` and `highlights` may be functions giving them. With `kept_as` (what
    determines both, as content.facets.counts_key says it for a page), the feed's
    light rows are kept at this version of content for every page of it
    (kept_feed_rows): building and compiling the UNION of the sources cost more
    than running it, and a deep page's run reads thousands of rows
    (docs/performance.md); while they are kept the sources are not even built.

    `cards_only`, when the page shows its feed as cards and nothing else of it (a
    visitor's topic page, content.versions.keeps_for): items whose card is kept
    come as stand-ins (content.cards.stand_in), not read from the database (a
    search's: once their snippets are, rows_by_pk).
    """
    depth = rows_needed(number, per_page)
    rows = feed_rows(sources, depth, highlights=highlights, query=query, kept_as=kept_as)
    found = min(len(rows), depth)
    start = (page_number(number) - 1) * per_page
    if start >= found:  # past the end (a stale link): the last page, as get_page() gives
        start = (found - 1) // per_page * per_page if found else 0
    page = WindowPaginator(
        FetchedPage(start, rows.slice(start, start + per_page)), per_page, found=found
    ).get_page(start // per_page + 1)
    highlighted = rows.highlighted
    by_key = {source.key: source for source in feed_sources()}
    wanted = {}
    for key, pk in page.object_list:
        wanted.setdefault(key, []).append(pk)
    shown = {}
    for key, pk in highlighted:
        shown.setdefault(key, []).append(pk)
    loaded, page.highlights = {}, {key: [] for key in rows.highlight_order}
    for key in [*wanted, *(key for key in shown if key not in wanted)]:
        model = by_key[key].model
        if key in rows.highlight_order:
            loaded[key], page.highlights[key] = with_highlights(
                model,
                wanted.get(key, []),
                shown.get(key, []),
                rows.highlight_order[key],
                query,
                (kept_as, key) if cards_only and kept_as is not None and not query else None,
            )
        else:
            loaded[key] = rows_by_pk(model, wanted[key], query, cards_only)
    items = []
    for key, pk in page.object_list:
        item = loaded[key].get(pk)
        if item is not None:
            if query and not hasattr(item, "snippet"):  # read with its highlights
                item.snippet = search.snippet_html(getattr(item, "search_snippet", ""))
            items.append(item)
    page.object_list = items
    if attach:
        highlighted_items = [item for shown in page.highlights.values() for item in shown]
        read = [item for item in [*items, *highlighted_items] if not cards.is_stand_in(item)]
        attach_themes(read, themes=all_themes)
    return page


def feed_rows(sources, depth, *, highlights=None, query=None, kept_as=None):
    """The FeedRows of the feed over `sources` as far as `depth` at least (kept for
    every page of it with `kept_as`: see page_of)."""
    order = ("-feed_rank", "-feed_date", "-pk") if query else ("-feed_date", "-pk")

    def read_rows(reach):
        light = light_query(
            cards.given(sources), cards.given(highlights) or {}, reach, order, query
        )
        return FeedRows.read(light)

    if kept_as is None:
        return read_rows(depth)
    return kept_feed_rows(("feed rows", kept_as, query, get_language()), depth, read_rows)


def listing(model, query):
    qs = model.objects.for_listing().with_card_themes(False)
    return search.with_snippet(qs, query) if query else qs


def rows_by_pk(model, pks, query, stand_ins):
    """{pk: item} of `pks`, each with its `snippet` for a search (`query`); with
    `stand_ins`, a stand-in for each whose card is kept. A search's cards are kept
    with their snippets, so while content has a version those are read first (kept
    too: content.search.kept_snippets) and only the items whose card is not kept
    are read whole."""
    if query and not (stand_ins and versions.current() is not None):
        found = listing(model, query).in_bulk(pks)
        for item in found.values():
            item.snippet = search.snippet_html(getattr(item, "search_snippet", ""))
        return found
    snippets = {}
    if query:
        raw = search.kept_snippets(model, pks, query)
        snippets = {pk: search.snippet_html(raw.get(pk, "")) for pk in pks}
    kept = cards.kept_card_pks(model, pks, snippets) if stand_ins else set()
    found = {pk: cards.stand_in(model, pk) for pk in kept}
    if len(kept) < len(pks):
        found.update(listing(model, None).in_bulk([pk for pk in pks if pk not in kept]))
    if query:
        for pk, item in found.items():
            item.snippet = snippets[pk]
    return found


# The order of a page's highlights of one kind, as a list of pks, per page shape
# and content version (with_highlights): small, a few per topic.
KEPT_HIGHLIGHT_ORDERS = 1000
_highlight_orders = versions.KeptPerVersion()


def with_highlights(model, page_pks, highlight_pks, order, query, kept_as):
    """({pk: item}, the highlights in their order) of a kind that has highlights,
    read in one query, in the highlights' `order`. With `kept_as` (stand-ins may
    be shown), once that order is known at this version of content and every
    card of the kind is kept, nothing is read: they are all stand-ins."""
    if kept_as is not None:
        known = _highlight_orders.found([kept_as]).get(kept_as)
        if known is not None and set(known) == set(highlight_pks):
            pks = [*page_pks, *known]
            if cards.cards_kept(model, pks):
                found = {pk: cards.stand_in(model, pk) for pk in pks}
                return found, [found[pk] for pk in known]
    chosen = set(highlight_pks)
    rows = listing(model, query).filter(pk__in=[*page_pks, *highlight_pks]).order_by(*order)
    found, highlights = {}, []
    for item in rows:
        found[item.pk] = item
        if item.pk in chosen:
            highlights.append(item)
    if kept_as is not None:
        ordered = [item.pk for item in highlights]
        _highlight_orders.get(kept_as, lambda: ordered, limit=KEPT_HIGHLIGHT_ORDERS)
    return found, highlights


def light_query(sources, highlights, depth, order, query):
    """The LightQuery of the feed over `sources` and `highlights` (see page_of):
    (group, source, pk, date, kind, rank) rows, highlights' first, then the feed's
    in `order`, as far as `depth` rows (and as many more as there may be
    highlights to leave out)."""
    by_key = {source.key: source for source in feed_sources()}
    parts = [by_key[key].rows(qs, ranked=bool(query)) for key, qs in sources.items()]
    highlight_order = {
        key: tuple(qs.query.order_by or qs.model._meta.ordering) for key, qs in highlights.items()
    }
    # Highlights take up to `reserve` rows first, and leave the feed: the feed
    # still has `depth` rows when they are all among its first ones.
    reserve = sum(highlight_limit(qs) for qs in highlights.values())
    limit = depth + 2 * reserve
    if not parts and not highlights:
        return LightQuery(None, limit, highlight_order)
    if len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
        # No page looks further than the whole read into any one source, so each
        # source reads only that far down its newest-first index
        # (docs/performance.md); not less, or a source cut shorter would make the
        # read look complete.
        parts = [part.order_by(*order)[:limit] for part in parts]
    for key, qs in highlights.items():
        # The sliced queryset one level down: SQLite takes no LIMIT in a UNION.
        chosen = qs.model.objects.filter(pk__in=qs.values("pk"))
        parts.append(by_key[key].rows(chosen, group=HIGHLIGHTS))
    # UNION ALL: rows of different sources never coincide, so nothing to deduplicate.
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    # The light rows this page's links need (its own and a few pages on), which tell
    # both the page and whether the list goes on; highlights' keys first.
    light = rows.order_by("feed_group", *order, "feed_source")[:limit]
    return LightQuery(versions.statement(light), limit, highlight_order)


class FeedRows(KeptRead):
    """A feed's light rows (see light_query), compactly: the highlights' keys, and
    the feed's (source, pk) in order without them, in two arrays, so that thousands
    of them (a deep page's) are kept in some KB."""

    def __init__(self, light, rows):
        self.highlight_order = light.highlight_order
        self.highlighted = {(key, pk) for group, key, pk in rows if group == HIGHLIGHTS}
        feed = [(key, pk) for group, key, pk in rows if group == FEED]
        feed = [row for row in feed if row not in self.highlighted]
        self.keys = tuple(dict.fromkeys(key for key, _pk in feed))
        index = {key: number for number, key in enumerate(self.keys)}
        self.sources = bytes(index[key] for key, _pk in feed)
        # Fewer rows than the statement's limit: the whole feed.
        super().__init__((pk for _key, pk in feed), complete=len(rows) < light.limit)

    @classmethod
    def read(cls, light):
        if light.statement is None:
            return cls(light, [])
        sql, params = light.statement
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cls(light, [(group, key, pk) for group, key, pk, *_rest in cursor.fetchall()])

    def slice(self, start, stop):
        return [
            (self.keys[source], pk)
            for source, pk in zip(self.sources[start:stop], self.pks[start:stop], strict=True)
        ]


# The light rows of feeds (topic pages, working groups, search, topic RSS) per
# address without its page number and version of content (kept_feed_rows): mostly
# a first page's 64 rows (about 600 bytes), at most KEPT_REACH rows (72 KB).
KEPT_FEEDS = 500
_kept_feeds = versions.KeptPerVersion()


def kept_feed_rows(key, depth, read):
    """The FeedRows of the feed `key` names, as far as `depth` at least, kept for
    all its pages (content.pagination.kept_as_far_as)."""
    return kept_as_far_as(_kept_feeds, key, depth, read, limit=KEPT_FEEDS)


def highlight_limit(qs):
    """How many items a highlights queryset may give (it must be sliced)."""
    if qs.query.high_mark is None:
        raise ValueError("Highlights are a sliced queryset: a few items.")
    return qs.query.high_mark - qs.query.low_mark


def latest_page(
    page_number,
    *,
    themes=None,
    working_group=None,
    kind=None,
    per_page=12,
    highlights=None,
    **page_options,
):
    """A page of public items of every kind (or one `kind`), newest first, without
    the `highlights` (see page_of)."""
    return page_of(
        latest_sources(themes=themes, working_group=working_group, kind=kind),
        page_number,
        per_page=per_page,
        highlights=highlights,
        **page_options,
    )


def latest_sources(*, themes=None, working_group=None, kind=None):
    """A function giving the sources of public items (of every kind, or one `kind`)
    on `themes` or of `working_group`: built only when the feed's rows are read."""

    def sources():
        chosen = {}
        for source in feed_sources():
            if not source.offers(kind):
                continue
            qs = source.queryset(themes=themes, working_group=working_group)
            if kind and source.kind_field:
                qs = qs.filter(**{source.kind_field: kind})
            chosen[source.key] = qs
        return chosen

    return sources


def latest_refs(count, *, themes=None, kept_as=None):
    """[(model, pk)] of the `count` newest public items of every kind on `themes`,
    without reading the items (their rows kept with `kept_as`, as page_of says)."""
    rows = feed_rows(latest_sources(themes=themes), count, kept_as=kept_as)
    models = {source.key: source.model for source in feed_sources()}
    return [(models[key], pk) for key, pk in rows.slice(0, count)]
