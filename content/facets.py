"""Facets with counts: how filtering by one value works, and how many items each value gives.

One module for every faceted page (news, events, documents, topic pages, search).
A page has one or more *sources* (a queryset per content type, already limited to
what the public may see) and a list of facets. For each facet, the counts are the
items matching every *other* selected facet, so each option says how many items
choosing it would give. Each facet is a GROUP BY per source; all of them, for
every facet of the page, go to the database as one query (UNION ALL), whatever
the number of facets, options or items. The theme facet counts an item once for
each theme above its own as well.

A facet knows, per source, the field it reads (`paths`): an app declares its
facets in its filters.py with the paths of its own model.
"""

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import quote_plus, urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.models import CharField, Count, F, Q, Value
from django.db.models.functions import Cast, ExtractYear
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import versions
from .models import ThemedItem
from .pagination import WindowPaginator
from .themes import ThemeTree

SLUG_VALUE = re.compile(r"^[-\w]{1,200}$")
# Kept counts go after this even if still right, so odd addresses cannot fill the
# cache for ever; it is not what keeps them right (the content version is).
FACET_COUNTS_TIMEOUT = 60 * 60
# How long other requests make do with the last counts while one process counts
# (longer than the slowest count; the statement timeout stops that one first).
FACET_COUNTING_LOCK_SECONDS = 30
# How many pages' facets (a filter state each) a process keeps at a time.
KEPT_RESULTS = 64


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""
    depth: int = 0


SHOWN_OPTIONS = 8  # the rest of a long facet sits behind a "more" disclosure


@dataclass
class FacetResult:
    name: str
    label: str
    options: list = field(default_factory=list)
    selected: Option | None = None
    remove_url: str = ""
    # The options' markup, written once (content.templatetags.facets): kept
    # results serve it to every page showing them.
    markup: dict = field(default_factory=dict, repr=False, compare=False)

    # Worked out once: a result is complete before a template reads it, and kept
    # results serve many pages (the tail of the city facet has hundreds of options).
    @cached_property
    def folds(self):
        """Whether the tail sits behind "more" (never when it holds the selected option)."""
        tail = self.options[SHOWN_OPTIONS + 1 :]  # folding away a single option saves nothing
        return bool(tail) and not any(option.selected for option in self.options[SHOWN_OPTIONS:])

    @cached_property
    def first_options(self):
        return self.options[:SHOWN_OPTIONS] if self.folds else self.options

    @cached_property
    def more_options(self):
        return self.options[SHOWN_OPTIONS:] if self.folds else []


class FacetResults(list):
    ignored = ()  # the facets whose value was malformed or unknown, and left out
    # How many items match every selected facet, where a facet gives each item
    # exactly one value (Facet.partitions) and the counts are current; else None.
    total = None
    current = True  # counted at the current version of content (see cached_counts)

    @property
    def selected(self):
        return [result for result in self if result.selected is not None]


class Facet:
    """A facet read from a field of each source's model.

    `paths` maps a source key to the field holding the value (a slug, a choice,
    a related object's slug); a source without a path has no such value, so it
    drops out when the facet is selected. `label_paths` names the field with the
    option's label when it is not a choice.
    """

    # Whether every item has exactly one value (so the options' counts add up to the
    # number of items matching the other facets).
    partitions = False

    def __init__(self, name, label, paths, label_paths=None, choices=None, multi=(), known=None):
        self.name = name
        self.label = label
        self.paths = paths
        self.label_paths = label_paths or {}
        self.choices = dict(choices) if choices else None
        self.multi = set(multi)  # sources whose path crosses a many-to-many relation
        # A queryset of the valid values (slugs), asked only when the facet is selected.
        self.known = known

    def clean(self, raw):
        """The value if it is well formed and exists (never sent to SQL otherwise)."""
        if not raw or not SLUG_VALUE.match(raw):
            return None
        if self.choices is not None and raw not in self.choices:
            return None
        if self.known is not None and not self.known.filter(slug=raw).exists():
            return None
        return raw

    def offered_by(self, key):
        return key in self.paths

    def label_for(self, value):
        """A selected value's label when no option carries it (it gives nothing now)."""
        return str(self.choices.get(value, value)) if self.choices else value

    def apply(self, qs, key, value):
        path = self.paths.get(key)
        if path is None:
            return qs.none()
        if isinstance(path, Value):
            return qs if str(path.value) == value else qs.none()
        if key in self.multi:
            # A subquery, not a join: each item once, and the queryset can still
            # take part in a UNION.
            return qs.filter(pk__in=qs.model.objects.filter(**{path: value}).values("pk"))
        return qs.filter(**{path: value})

    def value_expression(self, key):
        path = self.paths[key]
        return path if isinstance(path, Value) else F(path)

    def count_part(self, qs, key):
        """A GROUP BY giving (value, label, count) rows for one source."""
        label_path = self.label_paths.get(key)
        label = F(label_path) if label_path else Value("", output_field=CharField())
        return (
            qs.order_by()
            .annotate(facet_value=Cast(self.value_expression(key), CharField()))
            .annotate(facet_label=Cast(label, CharField()))
            .values("facet_value", "facet_label")
            .annotate(facet_count=Count("pk", distinct=key in self.multi))
            .values_list("facet_value", "facet_label", "facet_count")
        )

    def count_queries(self, sources):
        """The (sql, params) of each GROUP BY this facet's counts need."""
        return [
            self.count_part(qs, key).query.sql_with_params()
            for key, qs in sources.items()
            if self.offered_by(key) and not qs.query.is_empty()
        ]

    def totals(self, rows):
        """{value: (label, count)} from this facet's (value, label, count) rows."""
        totals = {}
        for value, label, count in rows:
            if value in (None, ""):
                continue
            value = str(value)
            old_label, old_count = totals.get(value, ("", 0))
            totals[value] = (label or old_label, old_count + count)
        return totals

    def options(self, totals):
        options = []
        for value, (label, count) in totals.items():
            if self.choices is not None:
                label = self.choices.get(value, label)
            options.append(Option(value=value, label=str(label or value), count=count))
        if self.choices is not None:
            order = list(self.choices)
            options.sort(key=lambda o: order.index(o.value) if o.value in order else len(order))
        else:
            options.sort(key=lambda o: o.label.casefold())
        return options


class YearFacet(Facet):
    """The year of a date field (Brussels time), newest first. Public items always
    have the date (published_at, starts_at), so each has one year."""

    partitions = True

    def clean(self, raw):
        return raw if raw and re.fullmatch(r"(19|20|21)\d\d", raw) else None

    def apply(self, qs, key, value):
        path = self.paths.get(key)
        if path is None:
            return qs.none()
        return qs.filter(**{f"{path}__year": int(value)})

    def value_expression(self, key):
        return ExtractYear(self.paths[key])

    def options(self, totals):
        options = super().options(totals)
        return sorted(options, key=lambda o: o.value, reverse=True)


class AttendanceFacet(Facet):
    """Online or in person; an event that is both counts for each."""

    def __init__(self, name, label, paths, online, in_person, mixed):
        super().__init__(
            name,
            label,
            paths,
            choices=[(online, _("Online")), (in_person, _("In person"))],
        )
        self.mixed = mixed

    def apply(self, qs, key, value):
        path = self.paths.get(key)
        if path is None:
            return qs.none()
        return qs.filter(Q(**{path: value}) | Q(**{path: self.mixed}))

    def totals(self, rows):
        by_value = super().totals(rows)
        mixed = by_value.get(self.mixed, ("", 0))[1]
        return {
            value: ("", by_value.get(value, ("", 0))[1] + mixed)
            for value in self.choices
            if value in by_value or mixed
        }


class ThemeFacet(Facet):
    """Themes, each including the themes below it at any depth.

    `within`, if given, limits the options to that theme's subtree (a topic page
    offers its sub-themes). The counts come from one query: for each source and
    each level of the tree, the (option, item) pairs, made distinct by a UNION,
    then grouped by option.
    """

    def __init__(self, name, label, paths=None, tree=None, within=None):
        super().__init__(name, label, paths or {})
        self.tree = tree
        self.within = within

    def get_tree(self):
        if self.tree is None:
            self.tree = ThemeTree.current()
        return self.tree

    def offered_by(self, key):
        return True

    def clean(self, raw):
        if not raw or not SLUG_VALUE.match(raw):
            return None
        theme = self.get_tree().get(raw)
        if theme is None:
            return None
        if self.within is not None and theme.pk not in self.get_tree().subtree_ids(self.within):
            return None
        return raw

    def apply(self, qs, key, value):
        tree = self.get_tree()
        return qs.with_themes(tree.subtree_ids(tree.get(value)))

    def label_for(self, value):
        theme = self.get_tree().get(value)
        return theme.name if theme else value

    def count_queries(self, sources):
        tree = self.get_tree()
        depth = max((tree.depth(theme) for theme in tree.themes), default=0)
        parts = []
        for qs in sources.values():
            if qs.query.is_empty():
                continue
            items = ThemedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(qs.model),
                object_id__in=qs.order_by().values("pk"),
            )
            for level in range(depth + 1):
                path = "tag" + "__parent" * level
                parts.append(
                    items.filter(**{f"{path}__isnull": False})
                    .annotate(option=F(path), item_type=F("content_type"), item=F("object_id"))
                    .values_list("option", "item_type", "item")
                    .order_by()
                )
        if not parts:
            return []
        pairs = parts[0].union(*parts[1:]).order_by() if len(parts) > 1 else parts[0]
        sql, params = pairs.query.sql_with_params()
        return [
            (
                "SELECT CAST(option AS varchar(255)), '', COUNT(*) "
                f"FROM ({sql}) facet_pairs GROUP BY option",
                params,
            )
        ]

    def totals(self, rows):
        tree = self.get_tree()
        by_pk = {int(option): count for option, _label, count in rows}
        allowed = None if self.within is None else set(tree.subtree_ids(self.within))
        totals = {}
        for theme in tree.in_tree_order():
            count = by_pk.get(theme.pk, 0)
            if count and (allowed is None or theme.pk in allowed):
                if self.within is not None and theme.pk == self.within.pk:
                    continue  # the topic itself: every item on the page
                totals[theme.slug] = (theme.name, count)
        return totals

    def options(self, totals):
        tree = self.get_tree()
        base = tree.depth(self.within) + 1 if self.within is not None else 0
        options = []
        for slug, (label, count) in totals.items():  # already in tree order
            theme = tree.get(slug)
            options.append(
                Option(value=slug, label=label, count=count, depth=tree.depth(theme) - base)
            )
        return options


class FacetedSearch:
    """Selected values, the filtered sources and every facet's counts for one page.

    `sources` maps a key to a published queryset (or is a function giving that
    map, built only when a count or a page needs them); `data` is request.GET.
    Values that are malformed or unknown are dropped and listed in `ignored`, so
    the page shows everything else with a message instead of an error.
    """

    def __init__(self, sources, facets, data, path="", params=None, cache_as=None):
        self._sources = sources
        self.facets = list(facets)
        self.data = data
        self.params = data if params is None else params  # kept in every option's link
        self.path = path
        # What determines this page's counts (its address without the page number),
        # when they may be kept (see cached_counts); None to count every time.
        self.cache_as = cache_as
        self.selected = {}
        self.ignored = []
        for facet in self.facets:
            raw = data.get(facet.name)
            if raw in (None, ""):
                continue
            value = facet.clean(raw[:300])
            if value is None:
                self.ignored.append(facet)
            else:
                self.selected[facet.name] = value

    @cached_property
    def base(self):
        return dict(self._sources() if callable(self._sources) else self._sources)

    def filtered(self, skip=None):
        """Every source with all selected facets applied except `skip`."""
        sources = {}
        for key, qs in self.base.items():
            for facet in self.facets:
                value = self.selected.get(facet.name)
                if value is not None and facet.name != skip:
                    if not facet.offered_by(key):
                        qs = None
                        break
                    qs = facet.apply(qs, key, value)
            if qs is not None:
                sources[key] = qs
        return sources

    @property
    def sources(self):
        return self.filtered()

    def url_with(self, **changes):
        params = {k: v for k, v in self.params.items() if k != "page"}
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = value
        query = urlencode(params)
        return f"{self.path}?{query}" if query else self.path or "?"

    def urls_choosing(self, name):
        """A function giving url_with(name=value) for any value: the other parameters
        are encoded once, not once per option (hundreds of them at full scale)."""
        params = [(k, v) for k, v in self.params.items() if k != "page"]
        names = [k for k, _v in params]
        at = names.index(name) if name in names else len(params)
        before, after = urlencode(params[:at]), urlencode(params[at + 1 :])
        key = quote_plus(name) + "="

        def url(value):
            chosen = key + quote_plus(str(value))
            return f"{self.path}?{'&'.join(part for part in (before, chosen, after) if part)}"

        return url

    def results(self):
        """Each facet's options with counts (one query for all of them), kept in this
        process for the page's filters at this version of content (kept_results)."""
        return kept_results(self.cache_as, self.work_out_results)

    def work_out_results(self):
        results = FacetResults()
        results.ignored = list(self.ignored)
        counts, current = cached_counts(
            self.cache_as,
            lambda: count_all([(facet, self.filtered(skip=facet.name)) for facet in self.facets]),
        )
        results.current = current
        for facet in self.facets:
            options = facet.options(counts[facet.name])
            selected_value = self.selected.get(facet.name)
            result = FacetResult(name=facet.name, label=facet.label)
            url_choosing = self.urls_choosing(facet.name)
            for option in options:
                option.selected = option.value == selected_value
                option.url = url_choosing(option.value)
                if option.selected:
                    result.selected = option
            if selected_value is not None and result.selected is None:
                # A well-formed value that gives nothing with the other choices.
                result.selected = Option(
                    value=selected_value, label=facet.label_for(selected_value), count=0
                )
                result.selected.selected = True
            if result.selected is not None:
                result.remove_url = self.url_with(**{facet.name: None})
            result.options = options
            results.append(result)
            if facet.partitions and current and results.total is None:
                # Counted with every other facet applied: the options add up to the
                # list, or the selected one is the list.
                chosen = result.selected
                results.total = chosen.count if chosen else sum(o.count for o in options)
        return results


# The facets of pages as worked out at the current version of public content. At
# full scale a list's options (every city, each a link) take a fifth of its time,
# and every page of the list and every visitor see the same ones.
_kept_results = versions.KeptPerVersion()


def kept_results(cache_as, work_out):
    """work_out(), a page's FacetResults, kept in this process while content stays
    as it is, for the page's filters (`cache_as`, see counts_key) and language: at
    most KEPT_RESULTS, the least recently used going first. Results from counts not
    yet current are never kept."""
    if not cache_as:
        return work_out()
    return _kept_results.get(
        (cache_as, get_language()),
        work_out,
        limit=KEPT_RESULTS,
        keep=lambda results: results.current,
    )


def counts_key(request):
    """The cache_as of a GET page: its path and parameters, in order, without the
    page number (every page of a list has the same counts). None otherwise (an
    admin preview, whose unsaved data must never be kept)."""
    if request.method != "GET":
        return None
    params = sorted((name, value) for name, value in request.GET.lists() if name != "page")
    return f"{request.path}?{urlencode(params, doseq=True)}"


def counts_cache_keys(cache_as):
    """The cache keys of a page's kept counts and of the lock taken while counting."""
    key = "facets:" + hashlib.sha256(cache_as.encode()).hexdigest()
    return key, f"{key}:counting"


def cached_counts(cache_as, count):
    """(counts, current): count(), kept in the shared cache while public content
    stays as it is, and whether they are the current version's.

    Counting 100,000 items costs a second or more (a topic page's facets, cold);
    kept, every page of a list, every logged-in editor and every visitor share the
    counts until content changes (content.versions); without a version it counts
    afresh.

    Once content changes, one process counts the new version; requests arriving
    meanwhile get the last counts instead of counting the same thing at the same
    time (a burst of visitors after a publication would otherwise each start the
    same second-long query); those counts are not current. The list itself is
    never kept here: only its counts may be a few moments behind, and only while
    they are being counted (a list then counts its own length, FacetResults.total).
    """
    version = versions.current() if cache_as else None
    if version is None:
        return count(), True
    key, lock = counts_cache_keys(cache_as)
    kept = cache.get(key)  # (version, counts)
    if kept is not None and kept[0] == version:
        return kept[1], True
    counting_here = cache.add(lock, version, timeout=FACET_COUNTING_LOCK_SECONDS)
    if not counting_here and kept is not None:
        return kept[1], False  # another process is counting the new version
    try:
        counts = count()
        cache.set(key, (version, counts), timeout=FACET_COUNTS_TIMEOUT)
    finally:
        if counting_here:
            cache.delete(lock)
    return counts, True


def count_all(facets_and_sources):
    """{facet name: {value: (label, count)}} for every (facet, sources) pair, in one query.

    Each facet's GROUP BYs are tagged with the facet's position and joined by
    UNION ALL; the rows go back to the facet they came from.
    """
    pieces, params = [], []
    for position, (facet, sources) in enumerate(facets_and_sources):
        for sql, sql_params in facet.count_queries(sources):
            pieces.append(f"SELECT {position} AS facet, part.* FROM ({sql}) part")
            params.extend(sql_params)
    rows = {position: [] for position in range(len(facets_and_sources))}
    if pieces:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(pieces), params)
            for position, value, label, count in cursor.fetchall():
                rows[position].append((value, label, count))
    return {
        facet.name: facet.totals(rows[position])
        for position, (facet, _sources) in enumerate(facets_and_sources)
    }


class FacetedList:
    """A one-model list with facets: `search` (a FacetedSearch) and `errors`.

    The facets check their own values. `filterset_class`, if given, holds the
    filters that are not facets (dates, say): those it cannot use are left out,
    and its form errors are the page's message.
    """

    def __init__(self, request, queryset, facets, filterset_class=None):
        self.filterset = None
        self.errors = {}
        if filterset_class is not None:
            self.filterset = filterset_class(request.GET, queryset=queryset)
            self.filterset.is_valid()
            for name, value in self.filterset.form.cleaned_data.items():
                if value not in (None, "", [], ()):
                    queryset = self.filterset.filters[name].filter(queryset, value)
            self.errors = self.filterset.form.errors
        self.search = FacetedSearch(
            {"": queryset}, facets, request.GET, path=request.path, cache_as=counts_key(request)
        )

    @property
    def items(self):
        """The list's items with every valid filter and facet applied."""
        return self.search.sources.get("", self.search.base[""].none())

    @cached_property
    def facets(self):
        return self.search.results()

    def page(self, number, per_page):
        """Page `number` of the items. Their number comes with the facets' counts
        (a query the page makes anyway, and kept) where a facet partitions them."""
        paginator = WindowPaginator(
            self.items, per_page, known_count=self.facets.total, kept_as=self.search.cache_as
        )
        return paginator.get_page(number)

    @property
    def valid(self):
        return not self.errors and not self.search.ignored
