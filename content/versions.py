"""The version public content is at, for what is kept derived from it.

settings.CONTENT_VERSION names a function giving it (the page cache's generation,
eurocities.pagecache.content_version, which every write to public content and
every scheduled change moves on), or giving None when the web processes could not
agree on one (no shared cache): then nothing derived is kept. The content app asks
through the setting because eurocities depends on content, not the reverse.
"""

import functools
import threading

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.utils.module_loading import import_string


def keeps_for(request):
    """Whether what `request` derives from public content may be kept for everyone:
    a visitor's GET, never an editor's preview, whose page may hold unsaved changes."""
    return (
        request is not None
        and request.method in ("GET", "HEAD")
        and not getattr(request, "editor_preview", False)
    )


def current():
    path = getattr(settings, "CONTENT_VERSION", None)
    return version_source(path)() if path else None


@functools.cache
def version_source(path):
    # A page asks for the version a dozen times: the function is looked up once.
    return import_string(path)


_MISSING = object()


class KeptPerVersion:
    """Values worked out from public content, kept in this process while it stays at
    one version: at most `limit` of them, the least recently used going first. Every
    visitor shares them, so read them, never change them."""

    def __init__(self):
        self._version, self._values = None, {}
        self._lock = threading.Lock()  # threaded workers share the table

    def get(self, key, work_out, *, limit, keep=None, serves=None):
        """The value kept for `key`, or work_out()'s (kept unless keep(value) is
        false). A kept value that does not serve (serves(value) is false) gives way
        to work_out()'s. With no version to go by, nothing is kept."""
        version = current()
        if version is None:
            return work_out()
        with self._lock:
            if self._version != version:
                self._version, self._values = version, {}
            value = self._values.pop(key, _MISSING)
            if value is not _MISSING:
                self._values[key] = value  # the most recently used go last
                if serves is None or serves(value):
                    return value
        value = work_out()  # outside the lock: it may query the database
        if keep is None or keep(value):
            with self._lock:
                if self._version == version:  # else content moved on meanwhile
                    self._values[key] = value
                    while len(self._values) > limit:
                        self._values.pop(next(iter(self._values)))
        return value

    def found(self, keys):
        """{key: value} of those of `keys` kept at the current version (nothing without
        one), without working anything out: a caller that can do the rest of its
        work in one batch (one query for all that is missing) asks first."""
        version = current()
        if version is None:
            return {}
        with self._lock:
            if self._version != version:
                return {}
            found = {}
            for key in keys:
                value = self._values.pop(key, _MISSING)
                if value is not _MISSING:
                    self._values[key] = found[key] = value  # the most recently used go last
            return found


# Statements compiled once per version of content (compiled_once): a few per page
# shape that visitors reach, each a few KB of SQL.
KEPT_STATEMENTS = 1000
_kept_statements = KeptPerVersion()


def compiled_once(key, compile_it):
    """compile_it()'s statement (see `statement`), compiled once for `key` while
    content stays at this version, to be run every time. For a page's query whose
    building and compiling cost more than running it: `key` must name everything
    compile_it() reads (a topic's theme ids, say)."""
    return _kept_statements.get(key, compile_it, limit=KEPT_STATEMENTS)


def compiled_for(key, build, value):
    """(sql, params) of build(value)'s statement, for any `value`: compiled once for
    `key` while content stays at this version, then run with each request's value in
    the first one's place. For a detail page's query, the same SQL for every slug or
    pk: `key` must name everything else build() reads. `value` must reach the
    statement unchanged, as one parameter (an exact lookup): where it is found in no
    parameter or in several (a slug that is also a status, say), the statement is
    compiled for this value alone and not kept. None when it cannot match."""

    def compile_it():
        compiled = statement(build(value))
        if compiled is None:
            return None
        sql, params = compiled
        places = [i for i, p in enumerate(params) if type(p) is type(value) and p == value]
        return sql, params, places[0] if len(places) == 1 else None

    compiled = _kept_statements.get(
        ("for", key),
        compile_it,
        limit=KEPT_STATEMENTS,
        keep=lambda kept: kept is not None and kept[2] is not None,
    )
    if compiled is None:
        return None
    sql, params, place = compiled
    if place is not None:
        params = (*params[:place], value, *params[place + 1 :])
    return sql, params


def statement(queryset):
    """(sql, params) of `queryset`, or None when it cannot match anything (Django
    knows so without asking the database: search words that are all noise, say)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return None
    return sql, tuple(params)
