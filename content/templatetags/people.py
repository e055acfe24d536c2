from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def role_at(person, day=None):
    """The role `person` held on `day` (a date or datetime; today if empty)."""
    if isinstance(day, datetime):
        day = timezone.localdate(day)
    return person.role_at(day or None)
