"""Pledges without an amount: 'not stated', never €0, and totals say what they cover."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from charter.models import Pledge
from tests.factories import CityFactory, PledgeFactory

pytestmark = pytest.mark.django_db


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def test_totals_say_how_many_pledges_state_an_amount(client):
    for n in range(12):
        PledgeFactory(city=CityFactory(name=f"Stated {n}"), amount_eur=Decimal("358333333.34"))
    for n in range(9):
        PledgeFactory(city=CityFactory(name=f"Unstated {n}"), amount_eur=None)
    text = page_text(client, reverse("charter:pledges"))
    assert "Investment pledged €4.3 billion stated in 12 of 21 pledges" in text
    assert Pledge.objects.totals() == {
        "count": 21,
        "amount": Decimal("4300000000.08"),
        "stated": 12,
    }


def test_an_unknown_amount_is_not_stated_never_zero(client):
    PledgeFactory(city=CityFactory(name="Ghent"), amount_eur=None)
    text = page_text(client, reverse("charter:pledges"))
    assert "Investment pledged not stated stated in 0 of 1 pledge" in text
    assert "Ghent 3 not stated" in text
    assert "€0" not in text


def test_a_stated_zero_is_shown_as_zero(client):
    PledgeFactory(city=CityFactory(name="Ghent"), amount_eur=Decimal(0))
    assert "Ghent 3 €0" in page_text(client, reverse("charter:pledges"))


def test_a_city_with_some_amounts_says_how_many_it_covers(client):
    rotterdam = CityFactory(name="Rotterdam", country="NL")
    PledgeFactory(city=rotterdam, amount_eur=Decimal("1000"))
    PledgeFactory(city=rotterdam, amount_eur=None)
    text = page_text(client, reverse("charter:pledges"))
    assert "Rotterdam 3 €1,000 (stated in 1 of 2 pledges)" in text


def test_the_city_page_says_not_stated(client):
    city = CityFactory(name="Ghent")
    PledgeFactory(city=city, amount_eur=None)
    text = page_text(client, city.get_absolute_url())
    assert "investment not stated" in text
    assert "€0" not in text


def test_admin_saves_a_pledge_without_an_amount_and_lists_it_as_not_stated(staff_client):
    city = CityFactory(name="Ghent")
    response = staff_client.post(
        reverse("admin:charter_pledge_add"),
        {
            "city": city.pk,
            "initiative": "Inclusive Cities for All",
            "principles": [Pledge.principles.field.related_model.objects.get(number=3).pk],
            "amount_eur": "",
            "pledged_on": "2020-03-10",
            "summary": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Pledge.objects.get().amount_eur is None
    changelist = staff_client.get(reverse("admin:charter_pledge_changelist")).text
    assert "not stated" in changelist
