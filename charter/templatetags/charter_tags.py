from django import template
from django.utils import timezone

from ..models import Pledge, Signatory

register = template.Library()


@register.simple_tag
def city_charter(city):
    """The public charter facts of one city: its signature (if any) and its pledges.

    Cities on the way to signing are the coordinators' business and not shown.
    """
    signatures = list(
        Signatory.objects.filter(
            city=city,
            status__in=[Signatory.Status.SIGNED, Signatory.Status.WITHDRAWN],
            signed_on__lte=timezone.localdate(),
        ).order_by("-signed_on", "-pk")
    )
    current = next((s for s in signatures if s.status == Signatory.Status.SIGNED), None)
    signature = current or (signatures[0] if signatures else None)
    return {
        "signature": signature,
        "pledges": list(Pledge.objects.public().filter(city=city).prefetch_related("principles")),
    }
