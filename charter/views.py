from collections import defaultdict
from decimal import Decimal
from itertools import groupby

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import geo
from .models import CHARTER_LAUNCHED, PillarPrinciple, Pledge, Signatory

FIRST_YEAR = CHARTER_LAUNCHED.year
BAR_WIDTH = 200  # the timeline's longest bar, in SVG units


@require_safe
def charter(request):
    signatories = list(Signatory.objects.current().for_listing())
    by_country = [
        {"country": country, "signatories": list(items)}
        for country, items in groupby(
            sorted(signatories, key=lambda s: (s.city.country.name, s.city.name)),
            key=lambda s: s.city.country,
        )
    ]
    outlines = geo.country_outlines()
    signatory_countries = {s.city.country.code for s in signatories}
    return render(
        request,
        "charter/charter.html",
        {
            "count": len(signatories),
            "by_country": by_country,
            "timeline": signings_per_year(),
            "map_view_box": outlines["viewBox"],
            "map_countries": [
                {"code": code, "d": d, "signatory": code in signatory_countries}
                for code, d in outlines["countries"].items()
            ],
            "map_dots": geo.city_dots((s.city, s.signed_on.year) for s in signatories),
        },
    )


def signings_per_year():
    """Each year since the launch with its number of signings (later withdrawals too)."""
    today = timezone.localdate()
    counts = dict(
        Signatory.objects.signed()
        .annotate(year=ExtractYear("signed_on"))
        .values_list("year")
        .annotate(count=Count("pk"))
        .values_list("year", "count")
    )
    if not counts:
        return []
    first = min(FIRST_YEAR, *counts)
    top = max(counts.values())
    return [
        {
            "year": year,
            "count": counts.get(year, 0),
            "bar": round(BAR_WIDTH * counts.get(year, 0) / top),
        }
        for year in range(first, today.year + 1)
    ]


@require_safe
def pledges(request):
    pledges = list(Pledge.objects.public().for_listing().order_by("city__name", "pledged_on"))
    stated = [p.amount_eur for p in pledges if p.amount_eur is not None]
    principles = list(PillarPrinciple.objects.all())
    by_principle = {p.pk: {"principle": p, "count": 0, "cities": set()} for p in principles}
    by_city = defaultdict(lambda: {"pledges": [], "amount": None, "stated": 0, "principles": set()})
    for pledge in pledges:
        entry = by_city[pledge.city]
        entry["pledges"].append(pledge)
        if pledge.amount_eur is not None:
            entry["amount"] = (entry["amount"] or Decimal(0)) + pledge.amount_eur
            entry["stated"] += 1
        for principle in pledge.principles.all():
            entry["principles"].add(principle.number)
            by_principle[principle.pk]["count"] += 1
            by_principle[principle.pk]["cities"].add(pledge.city.name)
    return render(
        request,
        "charter/pledges.html",
        {
            "pledge_count": len(pledges),
            "city_count": len(by_city),
            # None when no pledge states a sum: shown as "not stated", never €0.
            "total_amount": sum(stated, Decimal(0)) if stated else None,
            "stated_count": len(stated),
            "by_principle": [
                {**row, "cities": sorted(row["cities"])} for row in by_principle.values()
            ],
            "by_city": [
                {"city": city, **row, "principles": sorted(row["principles"])}
                for city, row in by_city.items()
            ],
        },
    )
