from io import StringIO

import pytest
from django.core.management import call_command

from charter.models import MonitoringReport, Pledge, Signatory

pytestmark = pytest.mark.django_db


def counts():
    return (
        Signatory.objects.count(),
        Signatory.objects.current().count(),
        Signatory.objects.in_pipeline().count(),
        Signatory.objects.filter(status=Signatory.Status.WITHDRAWN).count(),
        Pledge.objects.count(),
        MonitoringReport.objects.count(),
    )


def test_the_demo_loads_dozens_of_signatories_and_can_run_again(client):
    call_command("load_demo", stdout=StringIO())
    first = counts()
    call_command("load_demo", stdout=StringIO())

    assert counts() == first
    total, current, pipeline, withdrawn, pledges, reports = first
    assert current >= 24 and pipeline >= 3 and withdrawn >= 2 and pledges >= 3 and reports >= 2
    years = {s.signed_on.year for s in Signatory.objects.current()}
    assert min(years) == 2010 and len(years) >= 10
    rotterdam = Pledge.objects.get(city__name="Rotterdam")
    assert sorted(p.number for p in rotterdam.principles.all()) == [3, 4]
    assert Pledge.objects.totals()["amount"] > 4_000_000_000

    response = client.get("/charter/")
    assert response.context["count"] == current
    assert len(response.context["map_dots"]) == current
