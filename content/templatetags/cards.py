"""Cards and their pieces in templates (the markup is written in content/cards.py)."""

from django import template
from django.utils.safestring import mark_safe

from content import cards as card_markup

register = template.Library()


@register.simple_tag
def cards(items, heading_level=3):
    """`{% cards items heading_level %}`: the <li> of each item's card."""
    return mark_safe(card_markup.cards(items, heading_level))  # every value escaped there


@register.simple_tag
def meta_line(item):
    """`{% meta_line article %}`: the line of badges and dates its card shows."""
    return mark_safe(card_markup.meta_line(item))  # escaped there


@register.simple_tag
def theme_tags(themes):
    """`{% theme_tags themes %}`: each theme as a tag, linked to its topic page."""
    return mark_safe(card_markup.theme_tags(themes))  # escaped there
