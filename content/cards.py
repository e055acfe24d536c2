"""Cards, the item of every list (news, events, documents, topic pages, search), and
the pieces they share with detail pages (the meta line, the theme tags).

Written in Python, not as template includes: a list page shows 12 to 20 cards, and
through includes (card, meta line, call status, badges, dates, theme tags) they took
9 to 16 ms of a list page of about 21 ms here; as plain strings, every value
escaped, the same markup takes 1.5 to 2 ms. Templates reach them through
`content/templatetags/cards.py`.

A visitor's list keeps each card it writes for as long as public content stays at
one version (`kept_cards`): the same card stands on the home page, a topic page,
its list and search, and a card kept needs neither writing nor its themes read.

Each app writes the meta line of its own models and registers it when the app is
ready (`register_meta_line`), so content knows nothing of events or publications.
"""

from functools import lru_cache
from html import escape

from django.db.models import QuerySet
from django.template.defaultfilters import truncatewords
from django.utils.html import conditional_escape
from django.utils.timezone import get_current_timezone_name, template_localtime
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_noop as N_

from . import versions
from .models import Article, prefetched_themes
from .pagination import RowsByPk
from .themes import attach_item_themes, attach_themes, with_related
from .timezones import formatted

META_LINES = {}


def register_meta_line(model, function):
    """`function(item)` writes the meta line of `model`'s cards (an app's ready())."""
    META_LINES[model] = function


def text(value):
    """`value` escaped for an element's content or an attribute in double quotes."""
    return escape(str(value))


@lru_cache(maxsize=256)
def _translated(language, message):
    return gettext(message)  # in the active language, which is `language`


def word(message):
    """gettext(message), looked up once per language (each gettext() call costs a
    lookup of the active language); call sites mark the message with N_()
    (gettext_noop) for makemessages."""
    return _translated(get_language(), message)


def local_date(value, format_string):
    """As the template filter `date` writes it: in the current time zone, localised."""
    return formatted(template_localtime(value), format_string)


def time_element(value, iso_format, text_format):
    value = template_localtime(value)  # once for both
    return (
        f'<time datetime="{text(formatted(value, iso_format))}">'
        f"{text(formatted(value, text_format))}</time>"
    )


def theme_tags(themes):
    """The themes as tags: a link to each one's topic page, where it has one."""
    themes = list(themes)
    if not themes:
        return ""
    tags = []
    for theme in themes:
        name = text(theme.name)
        if theme.has_topic_page:
            tag = f'<a class="tag" href="{text(theme.get_absolute_url())}" dir="auto">{name}</a>'
        else:
            tag = f'<span class="tag" dir="auto">{name}</span>'
        tags.append(f"<li>{tag}</li>")
    label = text(word(N_("Themes")))
    return f'<ul class="tag-list" aria-label="{label}">{"".join(tags)}</ul>'


@lru_cache(maxsize=256)
def _choice_labels(model, field_name, language):
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def choice_label(item, field_name):
    """item.get_<field>_display(), from the choices translated once per language."""
    labels = _choice_labels(type(item), field_name, get_language())
    value = getattr(item, field_name)
    return labels.get(value, value)


def meta_line(item):
    function = META_LINES.get(type(item))
    return function(item) if function else ""


def card(item, heading_level=3):
    """One <article class="card">: meta line, linked title, snippet or summary, themes."""
    level = min(max(int(heading_level or 3), 1), 6)
    parts = ['<article class="card">', meta_line(item)]
    parts.append(
        f'<h{level} class="card__title" dir="auto"><a href="{text(item.get_absolute_url())}">'
        f"{text(item.title)}</a></h{level}>"
    )
    snippet = getattr(item, "snippet", None)
    if snippet:  # safe HTML made by the database (matches marked), or plain text
        parts.append(f'<p class="card__snippet" dir="auto">{conditional_escape(snippet)}</p>')
    elif item.summary:
        parts.append(
            f'<p class="card__summary" dir="auto">{text(truncatewords(item.summary, 40))}</p>'
        )
    parts.append(theme_tags(item.themes.all()))
    parts.append("</article>")
    # A line break between blocks, as the page source had: text taken from the page
    # (a feed reader, copy and paste) keeps its words apart.
    return "\n".join(part for part in parts if part)


def cards(items, heading_level=3):
    """The <li> of each card in a list."""
    return "\n".join(f"<li>{card(item, heading_level)}</li>" for item in with_rows(items))


# Cards written at the current version of public content, in this process: a few
# hundred bytes each, so at most a few megabytes.
KEPT_CARDS = 5000
_kept_cards = versions.KeptPerVersion()
# Cards are kept with their title at this level and shown at any other (at_level).
KEPT_LEVEL = 3


def card_key(item):
    return key_of(type(item), item.pk, str(getattr(item, "snippet", None) or ""))


def key_of(model, pk, snippet=""):
    """Everything a card is written from besides the item's stored content, which
    the version of content stands for (it moves at a call's deadline too, the
    horizon of eurocities.pagecache): the language, the time zone its dates are
    shown in and a search's snippet."""
    return (model, pk, get_language(), get_current_timezone_name(), snippet)


def at_level(markup, heading_level):
    """A card kept at KEPT_LEVEL with its title at `heading_level`. Every text in a
    card is escaped, so its title's tags are the only ones of their kind."""
    level = min(max(int(heading_level or 3), 1), 6)
    if level == KEPT_LEVEL:
        return markup
    return markup.replace(
        f'<h{KEPT_LEVEL} class="card__title"', f'<h{level} class="card__title"', 1
    ).replace(f"</a></h{KEPT_LEVEL}>", f"</a></h{level}>", 1)


def stand_in(model, pk):
    """An item known by its model and pk alone, for a card list when its card is
    kept (kept_card_pks): the list needs nothing else of it. Should the card be
    gone by the time the list is written, kept_cards fetches the item."""
    item = model.from_db(None, [model._meta.pk.attname], [pk])
    item.card_stand_in = True
    return item


def kept_card_pks(model, pks, snippets=None):
    """Those of `pks` whose card is kept (with its search snippet, from `snippets`:
    {pk: snippet})."""
    snippets = snippets or {}
    keys = {key_of(model, pk, str(snippets.get(pk) or "")): pk for pk in pks}
    return {keys[key] for key in _kept_cards.found(list(keys))}


def kept_cards(items, heading_level=3):
    """cards(items) for a visitor's page (content.versions.keeps_for): each card written once per
    version of public content. A queryset not yet fetched is read as `unfetched`
    says; the rows and themes of the items whose card is not kept are read here,
    one query per kind for the rows and one for the themes."""
    if isinstance(items, RowsByPk) and "rows" not in items.__dict__:
        items = unfetched(items.queryset, items.pks)
    elif isinstance(items, QuerySet) and items._result_cache is None:
        items = unfetched(items)
    items = [item for item in items if item.pk is not None]
    keys = [card_key(item) for item in items]
    found = _kept_cards.found(keys)
    missing = [item for item, key in zip(items, keys, strict=True) if key not in found]
    if missing:
        for item in with_rows(missing):
            key = card_key(item)
            found[key] = _kept_cards.get(
                key, lambda item=item: card(item, KEPT_LEVEL), limit=KEPT_CARDS
            )
    return "\n".join(
        f"<li>{at_level(found[key], heading_level)}</li>" for key in keys if key in found
    )


def unfetched(queryset, pks=None):
    """The items of a list's page not yet fetched (or those of `queryset` among
    `pks`, in its order: a deep page), as cheaply as their cards allow. While content
    has a version, only their pks are read (a statement far cheaper for the ORM to
    build than whole rows with their relations; none when `pks` are known): an item
    whose card is kept is a stand-in, the others are read by kept_cards. Else the
    rows, without their themes (only the cards not kept need them)."""
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    if not getattr(queryset, "_card_themes", False):
        return queryset  # not a list of cards (for_listing): as it is
    if versions.current() is None:
        return queryset.with_card_themes(False)
    if pks is None:
        pks = queryset.values_list("pk", flat=True)
    return [stand_in(queryset.model, pk) for pk in pks]


# The pks of the items related to a detail page's object, per object and version
# of content (related_cards): three small integers each.
KEPT_RELATED = 10000
_related_pks = versions.KeptPerVersion()


def related_cards(request, item, related):
    """The items shown as related to `item` (a detail page's object, which gets its
    themes too): `related()` gives their queryset (content.models'
    `related_to`). On a visitor's page (versions.keeps_for) their pks are kept per version
    of content, and while every card of them is kept they are stand-ins: neither
    building nor running that query."""
    if not versions.keeps_for(request) or prefetched_themes(item) is not None:
        return with_related(item, related())
    key = (type(item), item.pk)
    pks = _related_pks.found([key]).get(key)
    if pks is not None and cards_kept(type(item), pks):
        attach_item_themes(item)
        return [stand_in(type(item), pk) for pk in pks]
    items = with_related(item, related())
    _related_pks.get(key, lambda: [other.pk for other in items], limit=KEPT_RELATED)
    return items


def cards_kept(model, pks):
    return kept_card_pks(model, pks) == set(pks)


# The pks of a page's card lists per version of content (card_items with
# kept_as): a few small lists.
KEPT_CARD_LISTS = 100
_kept_card_lists = versions.KeptPerVersion()


def card_items(*querysets, kept_as=None):
    """The items of each queryset (for_listing) as lists for card lists on one page,
    as cheaply as their cards allow (unfetched): stand-ins while content has a
    version, else their rows, the themes of all of them read in one query.

    `querysets` may be functions giving them. With `kept_as` (naming the page's
    lists alike for everyone: they show public items only), their pks are kept
    per version of content: while they are, the querysets are not even built."""
    lists = [
        kept_card_list((kept_as, number), queryset)
        if kept_as is not None and versions.current() is not None
        else list(unfetched(given(queryset)))
        for number, queryset in enumerate(querysets)
    ]
    attach_themes(
        [
            item
            for items in lists
            for item in items
            if not is_stand_in(item) and prefetched_themes(item) is None
        ]
    )
    return lists


def kept_card_list(key, queryset):
    def read():
        items = given(queryset)
        return items.model, list(items.values_list("pk", flat=True))

    model, pks = _kept_card_lists.get(key, read, limit=KEPT_CARD_LISTS)
    return [stand_in(model, pk) for pk in pks]


def given(value):
    return value() if callable(value) else value


def is_stand_in(item):
    return getattr(item, "card_stand_in", False)


def with_rows(items):
    """`items` as cards read them: each stand-in replaced by its row (one query a
    kind), and the themes of those without them read in one query. A stand-in whose
    row is gone (deleted meanwhile by another process) is left out."""
    items = list(items)
    by_model = {}
    for item in filter(is_stand_in, items):
        by_model.setdefault(type(item), []).append(item.pk)
    read = {}
    for model, pks in by_model.items():
        rows = model.objects.for_listing().with_card_themes(False).in_bulk(pks)
        read.update({(model, pk): row for pk, row in rows.items()})
    items = [read.get((type(item), item.pk)) if is_stand_in(item) else item for item in items]
    items = [item for item in items if item is not None]
    attach_themes([item for item in items if prefetched_themes(item) is None])
    return items


def call_status(call):
    """What a call's badge says, truthfully: open (until when) or closed."""
    if not call.is_open():
        return f'<span class="badge badge--closed">{text(word(N_("Closed")))}</span>'
    badge = f'<span class="badge badge--open">{text(word(N_("Open")))}</span>'
    if call.deadline:
        deadline = time_element(call.deadline, "c", "j F Y, H:i T")
        return f"{badge} <span>{text(word(N_('until')))} {deadline}</span>"
    return f"{badge} <span>{text(word(N_('no deadline: until further notice')))}</span>"


def article_meta_line(article):
    parts = [
        '<p class="card__meta">',
        f'<span class="badge badge--{text(article.kind)}">'
        f"{text(choice_label(article, 'kind'))}</span> ",
        time_element(article.published_at, "c", "j F Y"),
    ]
    if article.kind == Article.Kind.STORY:
        parts.append(f" <span>{text(article.reading_time_label)}</span>")
    elif article.kind == Article.Kind.CALL:
        parts.append(f" {call_status(article)}")
    parts.append("</p>")
    return "".join(parts)
