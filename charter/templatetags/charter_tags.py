from django import template

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
