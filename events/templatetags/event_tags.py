from django import template
from django.utils.safestring import mark_safe

from .. import cards

register = template.Library()


@register.simple_tag
def occurrence_badge(event):
    """`{% occurrence_badge event %}`: cancelled or postponed, or nothing."""
    return mark_safe(cards.occurrence_badge(event))  # every value escaped in cards


@register.simple_tag
def event_when(event, brussels=False):
    """`{% event_when event %}`, `{% event_when event brussels=True %}`."""
    return mark_safe(cards.event_when(event, brussels=brussels))  # escaped in cards
