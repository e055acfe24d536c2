"""Cards and their pieces in templates (the markup is written in content/cards.py)."""

from django import template
from django.utils.safestring import mark_safe

from content import cards as card_markup
from content.versions import keeps_for

register = template.Library()


@register.simple_tag(takes_context=True)
def cards(context, items, heading_level=3):
    """`{% cards items heading_level as markup %}`: the <li> of each item's card,
    kept per version of content for a visitor's GET, written afresh in an editor's
    preview (unsaved changes) or any other request."""
    keep = keeps_for(context.get("request"))
    write = card_markup.kept_cards if keep else card_markup.cards
    return mark_safe(write(items, heading_level))  # every value escaped there


@register.simple_tag
def meta_line(item):
    """`{% meta_line article %}`: the line of badges and dates its card shows."""
    return mark_safe(card_markup.meta_line(item))  # escaped there


@register.simple_tag
def theme_tags(themes):
    """`{% theme_tags themes %}`: each theme as a tag, linked to its topic page."""
    return mark_safe(card_markup.theme_tags(themes))  # escaped there
