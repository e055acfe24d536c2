"""The demo content shows what the models now hold, and loading it twice changes nothing."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from charter.models import Pledge
from content.models import Article, Person, Role
from events.models import Event

pytestmark = pytest.mark.django_db


def text(url):
    response = Client().get(url)
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def test_the_demo_shows_zones_open_calls_unstated_amounts_and_a_changed_title():
    call_command("load_demo", stdout=StringIO())
    counts = (Role.objects.count(), Event.objects.count(), Article.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (Role.objects.count(), Event.objects.count(), Article.objects.count()) == counts

    lisbon = Event.objects.get(slug="study-visit-lisbon")
    assert lisbon.time_zone == "Europe/Lisbon"
    page = text(lisbon.get_absolute_url())
    assert lisbon.when_label in page and "Brussels time:" in page

    undated = Article.objects.get(title="Call for host cities for study visits")
    assert undated.deadline is None and undated.is_open()
    assert "no deadline: until further notice" in text(reverse("content:open_calls"))

    totals = Pledge.objects.totals()
    assert totals["stated"] < totals["count"]
    assert f"stated in {totals['stated']} of {totals['count']} pledges" in text(
        reverse("charter:pledges")
    )

    rossella = Person.objects.with_roles().get(name="Rossella Nicoletti")
    assert rossella.role_at(date(2020, 12, 2)).label == "Project Coordinator"
    assert rossella.current_role.label == "Senior Project Coordinator – UNITES"
    conference = Event.objects.get(slug="integrating-cities-conference-ix")
    assert "Rossella Nicoletti Project Coordinator" in text(conference.get_absolute_url())
