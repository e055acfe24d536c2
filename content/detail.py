"""A public detail page's item and what its page shows of its relations, read by
statements compiled once per kind of page and version of content.

Django builds and compiles every query afresh. On a detail page that is most of
the work: an event's page spent 4.7 ms building and compiling its queries (the
event with its city, group, project and conference, its contacts and their roles,
its programme, its themes) for 0.3 ms of the database's time, and their SQL is the
same for every event but the slug or pk. So, for a visitor's page (`reads_kept`):

- each statement is compiled once per content version (versions.compiled_for) and
  run through `Model.objects.raw()`, which makes the instances;
- the small tables pages link to (cities, working groups, projects, document types)
  and the contacts' roles are read whole once per version and shared by every page
  (`refer`, `read_contacts`);
- a to-many relation is attached as a prefetch would leave it (`attach`), so
  templates read `item.contacts.all` as before, and one the item's own row says is
  empty (`public_item`'s `having`) reads no statement at all.

Editors who may see drafts, previews and processes without a content version read
through the ORM (each view's get_queryset().for_detail()), as Django does; the
tests hold both to the same page.
"""

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.translation import gettext as _

from . import versions
from .models import Role, sees_drafts

# What no detail page shows: the search index (kilobytes a row).
SEARCH_INDEX = ("search_vector", "search_text")
# Small tables whose rows detail pages link to, each read whole once per version.
KEPT_TABLES = 20
_tables = versions.KeptPerVersion()


def reads_kept(request, model):
    """Whether `request`'s page of a `model` item reads through kept statements: a
    visitor's (versions.keeps_for) who sees only what is published, while content
    has a version."""
    return (
        versions.keeps_for(request)
        and not sees_drafts(request.user, model)
        and versions.current() is not None
    )


class KeptDetailMixin:
    """For a DetailView: a visitor's page (`reads_kept`) takes its object from
    `read_public(slug)`, a function giving the published item at `slug` with what
    its page shows, or None; everyone else's from get_queryset(), as Django does."""

    read_public = None

    def get_object(self, queryset=None):
        if queryset is None and reads_kept(self.request, self.model):
            item = type(self).read_public(self.kwargs[self.slug_url_kwarg])
            if item is None:
                raise Http404(
                    _("No %(verbose_name)s found matching the query")
                    % {"verbose_name": self.model._meta.verbose_name}
                )
            return item
        return super().get_object(queryset)


def read(model, key, build, value):
    """The `model` instances build(value) gives (a queryset of `model`'s own rows,
    without select_related), its statement compiled once for `key` and version."""
    compiled = versions.compiled_for(("detail", model, *key), build, value)
    if compiled is None:
        return []
    return list(model._default_manager.raw(*compiled))


def public_item(model, slug, having=()):
    """The published `model` item at `slug`, all its fields but the search index,
    or None. For each of its to-many relations named in `having` the same row says
    whether it has anything there, so that `read_related` skips the statement of an
    empty one (most events have no programme, most items no contacts)."""

    def build(slug):
        items = model._default_manager.published().filter(slug=slug).defer(*SEARCH_INDEX)
        return items.annotate(**{f"has_{name}": Exists(rows_of(model, name)) for name in having})

    found = read(model, ("public item", having), build, slug)
    return found[0] if found else None


def rows_of(model, name):
    """The rows of a `model` item's to-many relation `name` (its through table's, for
    a many-to-many), for an Exists() in the item's own statement."""
    relation = model._meta.get_field(name)
    if relation.many_to_many:
        rows, column = relation.remote_field.through.objects, relation.m2m_field_name()
    else:
        rows, column = relation.related_model._default_manager, relation.field.name
    return rows.filter(**{column: OuterRef("pk")})


def table(model):
    """{pk: row} of every `model` row, read once per version and shared: read them,
    never change them."""
    return _tables.get(model, lambda: model._default_manager.in_bulk(), limit=KEPT_TABLES)


def refer(items, *names):
    """Give each of `items` (of one model) the rows its foreign keys `names` point
    to, from the kept tables, as select_related would. A row missing from its table
    (written meanwhile by another process) is left to be read when asked for."""
    if not items:
        return
    for name in names:
        field = items[0]._meta.get_field(name)
        rows = table(field.related_model)
        for item in items:
            row = rows.get(getattr(item, field.attname))
            if row is not None:
                setattr(item, name, row)


def attach(item, name, items):
    """`items` as `item`'s to-many relation `name` (item.<name>.all()), as a prefetch
    would leave them."""
    related_model = item._meta.get_field(name).related_model
    cache = item.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[name] = queryset_of(related_model, items)


def read_related(item, name, narrow=None):
    """The items of `item`'s to-many relation `name` (a many-to-many field or a
    reverse foreign key), read by a statement compiled once per model, relation and
    version, and attached to it. `narrow(queryset)`, if given, narrows and orders
    them: called only to compile, so the same at every call (it is not in the key)."""
    relation = item._meta.get_field(name)
    has = getattr(item, f"has_{name}", None)  # see public_item
    if has is not None and not has:
        attach(item, name, [])
        return []
    lookup = relation.related_query_name() if relation.many_to_many else relation.field.name

    def build(pk):
        items = relation.related_model._default_manager.filter(**{lookup: pk})
        return narrow(items) if narrow is not None else items

    items = read(relation.related_model, ("related", type(item), name), build, item.pk)
    attach(item, name, items)
    return items


def read_contacts(item):
    """`item`'s contacts with their roles, as content.models.contacts_with_roles()
    prefetches them; the roles from every person's, read once per version."""
    people = read_related(item, "contacts")
    if people:
        roles = _tables.get("roles by person", roles_by_person, limit=KEPT_TABLES)
        for person in people:
            attach(person, "roles", roles.get(person.pk, []))
    return people


def roles_by_person():
    """{person pk: [roles]} of everyone, each role with its project and working group."""
    roles = list(Role.objects.all())
    refer(roles, "project", "working_group")
    by_person = {}
    for role in roles:
        by_person.setdefault(role.person_id, []).append(role)
    return by_person


def queryset_of(model, items):
    """A queryset that yields `items` without asking the database (like a prefetch)."""
    qs = model._default_manager.none()
    qs._result_cache = list(items)
    qs._prefetch_done = True
    return qs
