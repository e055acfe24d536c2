"""Full-text search over every public content type: indexing and matching.

PostgreSQL: each item stores a tsvector (title weight A, summary B, body C; its
themes, cities and file titles D), built with the `eurocities` text search
configuration (unaccent, then English stemming; see content's migration), GIN
indexed, queried with websearch syntax, ranked and with highlighted snippets.

SQLite (the embedded default): every word of the query must occur, in any order,
in the title, summary, body or the other indexed text, compared without case or
accents (content.text.fold, registered as an SQL function); titles rank first.

Items are reindexed after every save and every change to their themes, cities or
files (see the signal handlers in content.apps and the apps' own receivers).
`manage.py rebuild_search_index` reindexes everything after a bulk load.
"""

import html
import re
from functools import partial

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .models import Theme
from .text import fold
from .themes import attach_themes
from .versions import KeptPerVersion

CONFIG = "eurocities"  # created by content.0003: unaccent + english_stem
# Private-use characters mark the matches in a headline; they are removed from
# the indexed text, so user text can never forge one. The snippet is escaped
# first and the markers become <mark> afterwards.
MARK_START, MARK_END = "\ue000", "\ue001"
MAX_QUERY_WORDS = 12


def is_postgres():
    return connection.vendor == "postgresql"


def plain(text):
    """Text without tags or entities, and without our headline markers."""
    text = html.unescape(strip_tags(text or ""))
    return " ".join(text.replace(MARK_START, " ").replace(MARK_END, " ").split())


def indexed_parts(obj):
    """(title, summary, body, other words, search text): what the index stores."""
    title, summary, body, extra = (plain(part) for part in obj.search_parts())
    return title, summary, body, extra, "\n".join(part for part in (summary, body, extra) if part)


def index(obj):
    """Store `obj`'s search text (and vector on PostgreSQL), without touching updated_at."""
    title, summary, body, extra, text = indexed_parts(obj)
    values = {"search_text": text}
    if is_postgres():
        values["search_vector"] = (
            SearchVector(Value(title, output_field=TextField()), weight="A", config=CONFIG)
            + SearchVector(Value(summary, output_field=TextField()), weight="B", config=CONFIG)
            + SearchVector(Value(body, output_field=TextField()), weight="C", config=CONFIG)
            + SearchVector(Value(extra, output_field=TextField()), weight="D", config=CONFIG)
        )
    type(obj)._base_manager.filter(pk=obj.pk).update(**values)


# The vector index() builds, as SQL over a VALUES list (one UPDATE for many rows).
BULK_VECTOR = " || ".join(
    f"setweight(to_tsvector('{CONFIG}'::regconfig, v.{column}), '{weight}')"
    for column, weight in (("title", "A"), ("summary", "B"), ("body", "C"), ("extra", "D"))
)
BULK_CHUNK = 1000


def index_many(queryset):
    """index() for every item of `queryset` (after a bulk load): per thousand items,
    the rows with what search_parts() reads, then one UPDATE."""
    model = queryset.model
    items = queryset.order_by("pk").prefetch_related(*model.search_prefetch_related)
    # Themes as cards get theirs (one query of links a thousand items, names from
    # here): taggit's prefetch builds a queryset per item, a third of the time. Read
    # now, not from the kept tree, which may still hold a name being changed.
    themes = list(Theme.objects.all())
    if model.search_select_related:  # select_related() with none would follow every key
        items = items.select_related(*model.search_select_related)
    table = connection.ops.quote_name(model._meta.db_table)
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    done = 0
    for first in range(0, len(pks), BULK_CHUNK):
        chunk = items.filter(pk__in=pks[first : first + BULK_CHUNK])
        rows = [(obj.pk, *indexed_parts(obj)) for obj in attach_themes(chunk, themes)]
        if is_postgres():
            values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET search_text = v.text, search_vector = {BULK_VECTOR} "
                    f"FROM (VALUES {values}) AS v(id, title, summary, body, extra, text) "
                    f"WHERE {table}.id = v.id",
                    [value for row in rows for value in row],
                )
        else:
            model._base_manager.bulk_update(
                [model(pk=pk, search_text=text) for pk, *_parts, text in rows], ["search_text"]
            )
        done += len(rows)
    return done


def words(query):
    """The query's words, folded (for the SQLite fallback)."""
    return re.findall(r"\w+", fold(query))[:MAX_QUERY_WORDS]


class Fold(Func):
    function = "eurocities_fold"  # registered on each SQLite connection (content.apps)
    output_field = TextField()


def register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("eurocities_fold", 1, fold, deterministic=True)


def matching(qs, query):
    """`qs` narrowed to the items matching `query`, annotated with `search_rank`."""
    if is_postgres():
        search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
        return qs.filter(search_vector=search_query).annotate(
            search_rank=SearchRank(F("search_vector"), search_query)
        )
    terms = words(query)
    if not terms:
        return qs.annotate(search_rank=Value(0, output_field=IntegerField())).none()
    qs = qs.annotate(
        search_folded=Fold(Concat("title", Value("\n"), "search_text", output_field=TextField())),
        search_title=Fold("title"),
    )
    for term in terms:
        qs = qs.filter(search_folded__contains=term)
    rank = sum(
        (
            Case(When(search_title__contains=term, then=1), default=0, output_field=IntegerField())
            for term in terms
        ),
        Value(0, output_field=IntegerField()),
    )
    return qs.annotate(search_rank=rank)


def with_snippet(qs, query):
    """Annotate `search_snippet` (PostgreSQL: the best fragments with the matches marked)."""
    if not is_postgres():
        return qs
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    return qs.annotate(
        search_snippet=SearchHeadline(
            "search_text",
            search_query,
            config=CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def snippets(model, pks, query):
    """{pk: its headline} for `pks` of `model` (PostgreSQL; none elsewhere): a
    search's snippets without the rows they come from."""
    if not is_postgres():
        return {}
    found = with_snippet(model.objects.filter(pk__in=pks), query)
    return dict(found.values_list("pk", "search_snippet"))


# Search snippets per item, search words and version of content (kept_snippets):
# a few hundred bytes each, those of the pages visitors read.
KEPT_SNIPPETS = 5000
_kept_snippets = KeptPerVersion()


def kept_snippets(model, pks, query):
    """snippets(), each kept while content stays at its version, for every search of
    the same words (its other pages and filters): ts_headline is most of what a
    search costs the database once its rows are kept. Only for what may be kept
    for everyone (content.versions.keeps_for)."""
    keys = {pk: (model._meta.label, pk, query) for pk in pks}
    found = _kept_snippets.found(keys.values())
    missing = [pk for pk in pks if keys[pk] not in found]
    read = snippets(model, missing, query) if missing else {}
    for pk in missing:
        found[keys[pk]] = _kept_snippets.get(
            keys[pk], partial(read.get, pk, ""), limit=KEPT_SNIPPETS
        )
    return {pk: found[keys[pk]] for pk in pks}


def snippet_html(raw):
    """A headline as safe HTML: everything escaped, then the markers turned into <mark>."""
    if not raw or MARK_START not in raw:
        return ""
    return mark_safe(escape(raw).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))
