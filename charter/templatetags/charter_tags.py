from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma, intword
from django.utils.translation import gettext as _

from ..models import Pledge, Signatory

register = template.Library()


@register.simple_tag
def city_charter(city):
    """The public charter facts of one city: its signature (if any) and its pledges.

    Cities on the way to signing are the coordinators' business and not shown.
    """
    signatures = list(
        Signatory.objects.signed()
        .filter(city=city)
        .select_related("signing_event")
        .order_by("-signed_on", "-pk")
    )
    current = next((s for s in signatures if s.status == Signatory.Status.SIGNED), None)
    signature = current or (signatures[0] if signatures else None)
    return {
        "signature": signature,
        "pledges": list(Pledge.objects.public().filter(city=city).prefetch_related("principles")),
    }


@register.simple_tag
def event_signings(event):
    """The cities that signed the charter at `event` (later withdrawals too: they did
    sign there), by name, each once. One query; none for a session."""
    if event.parent_id:
        return []
    signatures = (
        Signatory.objects.signed()
        .filter(signing_event=event)
        .select_related("city")
        .order_by("city__name", "pk")
    )
    return list({s.city_id: s.city for s in signatures}.values())


@register.filter
def euros(amount, short=False):
    """'€1,250,000' for a stated amount, 'not stated' for an unknown one (never €0).

    `short` writes large sums as people say them: '€4.3 billion'.
    """
    if amount is None:
        return _("not stated")
    amount = Decimal(amount)
    if short and amount >= 1_000_000:
        return f"€{intword(int(amount))}"
    return f"€{intcomma(int(amount.quantize(Decimal(1))))}"
