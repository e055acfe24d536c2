"""Pagination whose cost follows the page asked for, not the size of the list.

Django's Paginator counts every row (SELECT COUNT(*) over 100,000 articles) to
know the number of pages. WindowPaginator counts only as far as the pagination
links reach: up to `on_each_side` pages beyond the requested one. Page 1 of a
list of 100,000 costs a count of at most 49 rows; page 400 a count of about
4,850, read from the listing's index. When the list goes on beyond that, the
page says "more than N" and the links end with an ellipsis instead of the last
page number.
"""

from array import array

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from . import versions

ON_EACH_SIDE = 3
ON_ENDS = 2
# From this many rows in, a page first reads its rows' ids alone (from the index)
# and then loads those rows, instead of sorting wide rows to skip the first ones.
DEEP_OFFSET = 120


# A page number beyond any list (and within SQL's LIMIT range): larger ones are read
# as this, which get_page() then turns into the last page.
MAX_PAGE = 10**6


def page_number(value):
    try:
        return min(MAX_PAGE, max(1, int(value)))
    except (TypeError, ValueError):
        return 1


def rows_needed(number, per_page):
    """How many rows page `number` looks at: those of the pages its links show,
    plus one to know whether the list goes on."""
    return (page_number(number) + ON_EACH_SIDE) * per_page + 1


# How deep a read kept per version of content goes (kept_as_far_as): at least the
# first five pages of a list, at most a page 400's 8,192 rows.
KEPT_MIN_REACH = 64
KEPT_REACH = 8192


def kept_as_far_as(table, key, depth, read, *, limit):
    """read(reach)'s rows of the list `key` names, as far as `depth` rows at least,
    kept in `table` (a versions.KeptPerVersion) while content stays at its version
    and shared by all the list's pages: paging through a list then costs the
    database one read, not one per page, each deeper than the last. A read goes as
    far as the next power of two, 64 at least (a crawler walking to page 400 reads
    the list eight times); what it gives tells whether it reaches a depth
    (`reaches`).
    Without a version, and deeper than KEPT_REACH, it reads `depth` rows each time."""
    reach = max(KEPT_MIN_REACH, 1 << (depth - 1).bit_length())
    if versions.current() is None:
        return read(depth)
    if reach > KEPT_REACH:
        kept = table.found([key]).get(key)
        return kept if kept is not None and kept.reaches(depth) else read(depth)
    return table.get(key, lambda: read(reach), limit=limit, serves=lambda rows: rows.reaches(depth))


class KeptRead:
    """A list's first rows as far as a read went (kept_as_far_as), their pks in order
    compactly; `complete` when the read found fewer rows than it asked for: the
    whole list, however deep a page."""

    def __init__(self, pks, complete):
        self.pks = array("q", pks)
        self.complete = complete

    def __len__(self):
        return len(self.pks)

    def reaches(self, depth):
        return self.complete or len(self) >= depth


# The pks of lists' pages, per list (its address without the page number) and
# content version (WindowPaginator with kept_as): 512 bytes for the first five
# pages, at most 64 KB.
KEPT_LISTS = 200
_kept_lists = versions.KeptPerVersion()


def read_pks(pks, reach):
    found = list(pks[:reach])
    return KeptRead(found, complete=len(found) < reach)


class FetchedPage:
    """One page's rows of a list paged elsewhere (in SQL, say), as the paginator's
    object list: slicing it at the page's first row gives them."""

    def __init__(self, start, rows):
        self.start, self.rows = start, list(rows)

    def __getitem__(self, index):
        if not isinstance(index, slice) or (index.start or 0) != self.start:
            raise IndexError(f"Only the rows from {self.start} on were fetched.")
        stop = len(self.rows) if index.stop is None else index.stop - self.start
        return self.rows[:stop]


class RowsByPk:
    """A deep page's rows, known by their pks (in the list's order), read only when
    first needed: a list of cards reads only what it needs of them
    (content.cards.kept_cards)."""

    def __init__(self, queryset, pks):
        self.queryset, self.pks = queryset, pks

    @cached_property
    def rows(self):
        return list(self.queryset.filter(pk__in=self.pks))

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        return self.rows[index]


class WindowPaginator(Paginator):
    """`known_count`, when the caller knows the list's length (content.facets'
    FacetResults.total), saves counting: the links then reach the last page.
    `found`, when the caller counted the rows as far as `rows_needed()` for the
    page asked for (a number of at most that many), saves counting too; the links
    then end as if the paginator had counted. `kept_as`, what names the list for
    everyone (its address without the page number: content.facets.counts_key),
    keeps the pks of its pages while content stays at its version
    (kept_as_far_as)."""

    def __init__(self, object_list, per_page, known_count=None, found=None, kept_as=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.wanted = 1
        self.known_count = known_count
        self.found = found
        self.kept_as = kept_as

    def get_page(self, number):
        self.wanted = page_number(number)
        return super().get_page(number)

    @cached_property
    def limit(self):
        return rows_needed(self.wanted, self.per_page)

    @cached_property
    def count(self):
        if self.known_count is not None:
            self.truncated = False
            return self.known_count
        if self.found is not None:
            found = self.found
        else:
            items = self.object_list[: self.limit]
            if hasattr(items, "count") and not isinstance(items, list):
                found = items.count()
            else:
                found = len(items)
        self.truncated = found == self.limit
        return found - 1 if self.truncated else found

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if not isinstance(self.object_list, QuerySet) or (
            bottom < DEEP_OFFSET and not self.keeps_pks
        ):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(RowsByPk(self.object_list, self.pks(bottom, top)), number, self)

    @cached_property
    def keeps_pks(self):
        """Whether every page's pks come from the list's kept read (kept_as_far_as),
        the first page's too: it then reads none while the read is kept."""
        return self.kept_as is not None and versions.current() is not None

    def pks(self, bottom, top):
        pks = self.object_list.values_list("pk", flat=True)
        if not self.keeps_pks or top > KEPT_REACH:  # deeper than any kept read goes
            return list(pks[bottom:top])
        kept = kept_as_far_as(
            _kept_lists,
            ("list pks", self.kept_as),
            top,
            lambda reach: read_pks(pks, reach),
            limit=KEPT_LISTS,
        )
        return list(kept.pks[bottom:top])

    @property
    def count_is_exact(self):
        self.count  # noqa: B018 (sets truncated)
        return not self.truncated

    def get_elided_page_range(self, number=1, *, on_each_side=ON_EACH_SIDE, on_ends=ON_ENDS):
        """Like Django's, but a list that goes on past the counted pages ends with an
        ellipsis instead of its last page numbers."""
        number = self.validate_number(number)
        last, exact = self.num_pages, self.count_is_exact
        start, end = max(1, number - on_each_side), min(last, number + on_each_side)
        pages = []
        if start > 1:
            pages += range(1, min(on_ends, start - 1) + 1)
            if start - 1 > on_ends:
                pages.append(self.ELLIPSIS)
        pages += range(start, end + 1)
        if not exact:
            pages.append(self.ELLIPSIS)
        elif end < last:
            if last - end > on_ends:
                pages.append(self.ELLIPSIS)
            pages += range(max(end + 1, last - on_ends + 1), last + 1)
        return pages
