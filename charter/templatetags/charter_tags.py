from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma, intword
from django.utils.translation import gettext as _

from content.versions import KeptPerVersion, keeps_for

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


@register.simple_tag(takes_context=True)
def event_signings(context, event):
    """The cities that signed the charter at `event` (later withdrawals too: they did
    sign there), by name, each once. None for a session. On a visitor's page
    (content.versions.keeps_for) every event's are read at once and kept while
    content stays at its version: a few hundred signatures, and no query for the
    event pages that read them; else one query."""
    if event.parent_id:
        return []
    if keeps_for(getattr(context, "request", None)):
        kept = _kept_signings.get("by event", cities_by_event, limit=1)
        return kept.get(event.pk, [])
    return cities_by_event(event).get(event.pk, [])


_kept_signings = KeptPerVersion()


def cities_by_event(event=None):
    """{event pk: the cities that signed there, by name, each once}, of `event` or
    of every event."""
    signatures = (
        Signatory.objects.signed()
        .filter(**({"signing_event": event} if event else {"signing_event__isnull": False}))
        .select_related("city")
        .order_by("city__name", "pk")
    )
    by_event = {}
    for signature in signatures:
        by_event.setdefault(signature.signing_event_id, {})[signature.city_id] = signature.city
    return {pk: list(cities.values()) for pk, cities in by_event.items()}


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
