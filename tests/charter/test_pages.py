from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from charter.models import Signatory
from tests.factories import CityFactory, PledgeFactory, SignatoryFactory

pytestmark = pytest.mark.django_db


def test_the_charter_page_counts_only_cities_that_signed_and_did_not_withdraw(client):
    SignatoryFactory(city=CityFactory(name="Ghent"))
    SignatoryFactory(city=CityFactory(name="Lyon"), status=Signatory.Status.WITHDRAWN)
    SignatoryFactory(city=CityFactory(name="Dublin"), status=Signatory.Status.INTERESTED)
    SignatoryFactory(city=CityFactory(name="Antwerp"), status=Signatory.Status.SCHEDULED)

    response = client.get("/charter/")

    assert response.status_code == 200
    assert response.context["count"] == 1
    content = response.content.decode()
    assert "Ghent" in content
    for hidden in ("Lyon", "Dublin", "Antwerp"):
        assert hidden not in content


def test_signatories_are_grouped_by_country_with_their_signing_year(client):
    SignatoryFactory(city=CityFactory(name="Vienna", country="AT"), signed_on=date(2014, 10, 16))
    SignatoryFactory(city=CityFactory(name="Ghent", country="BE"), signed_on=date(2010, 9, 20))
    SignatoryFactory(city=CityFactory(name="Antwerp", country="BE"), signed_on=date(2012, 1, 5))

    response = client.get("/charter/")

    groups = [
        (g["country"].code, [s.city.name for s in g["signatories"]])
        for g in response.context["by_country"]
    ]
    assert groups == [("AT", ["Vienna"]), ("BE", ["Antwerp", "Ghent"])]
    assert '<time datetime="2014-10-16">2014</time>' in response.content.decode()


def test_the_timeline_counts_signings_per_year_including_later_withdrawals(client):
    SignatoryFactory(signed_on=date(2010, 3, 11))
    SignatoryFactory(signed_on=date(2010, 6, 2))
    SignatoryFactory(signed_on=date(2012, 11, 8), status=Signatory.Status.WITHDRAWN)
    SignatoryFactory(status=Signatory.Status.INTERESTED)

    timeline = client.get("/charter/").context["timeline"]

    counts = {row["year"]: row["count"] for row in timeline}
    assert counts[2010] == 2
    assert counts[2011] == 0
    assert counts[2012] == 1
    assert timeline[-1]["year"] == timezone.localdate().year
    assert max(row["bar"] for row in timeline) == 200


def test_the_map_draws_countries_and_a_dot_per_signatory_city_with_a_text_alternative(client):
    SignatoryFactory(city=CityFactory(name="Ghent", latitude=51.05, longitude=3.72))
    SignatoryFactory(city=CityFactory(name="Nowhere", latitude=None, longitude=None))

    response = client.get("/charter/")

    content = response.content.decode()
    assert '<svg viewBox="0 0 1000' in content
    assert 'role="img"' in content and 'aria-labelledby="map-title map-desc"' in content
    assert content.count('class="charter-map__city"') == 1
    assert "charter-map__country charter-map__country--signatory" in content
    assert 'href="#signatories"' in content
    # Drawn on the server from bundled data: no external map or script.
    assert "tile" not in content.lower()
    # (The page's own address appears in its canonical link and link previews.)
    own = content.replace("http://www.w3.org/2000/svg", "").replace("http://testserver/", "")
    assert "http://" not in own


def test_a_dot_sits_where_its_city_is(client):
    SignatoryFactory(city=CityFactory(name="Lisbon", country="PT", latitude=38.72, longitude=-9.13))
    SignatoryFactory(
        city=CityFactory(name="Helsinki", country="FI", latitude=60.17, longitude=24.94)
    )

    dots = {d["city"].name: d for d in client.get("/charter/").context["map_dots"]}

    assert dots["Lisbon"]["x"] < dots["Helsinki"]["x"]  # west of it
    assert dots["Lisbon"]["y"] > dots["Helsinki"]["y"]  # south of it (y grows downwards)


def test_an_empty_charter_page_still_renders(client):
    response = client.get("/charter/")
    assert response.status_code == 200
    assert "No city has signed the charter yet." in response.content.decode()


def test_the_pledges_page_shows_totals_by_principle_and_by_city(client):
    rotterdam = CityFactory(name="Rotterdam", country="NL")
    PledgeFactory(city=rotterdam, principles=[3, 4], amount_eur=Decimal("1250000000"))
    PledgeFactory(city=CityFactory(name="Ghent"), principles=[19], amount_eur=Decimal("2.5"))
    PledgeFactory(city=rotterdam, principles=[3], amount_eur=None, pledged_on=date(2020, 1, 1))

    response = client.get("/charter/pledges/")

    assert response.context["pledge_count"] == 3
    assert response.context["city_count"] == 2
    assert response.context["total_amount"] == Decimal("1250000002.5")
    rows = {row["principle"].number: row for row in response.context["by_principle"]}
    assert rows[3]["count"] == 2 and rows[3]["cities"] == ["Rotterdam"]
    assert rows[4]["count"] == 1
    assert rows[1]["count"] == 0
    by_city = {row["city"].name: row for row in response.context["by_city"]}
    assert by_city["Rotterdam"]["principles"] == [3, 4]
    assert by_city["Rotterdam"]["amount"] == Decimal("1250000000")
    assert "€1.3 billion" in response.content.decode()


def test_a_pledge_dated_in_the_future_is_not_shown_yet(client):
    PledgeFactory(
        city=CityFactory(name="Futureville"), pledged_on=timezone.localdate() + timedelta(days=1)
    )
    response = client.get("/charter/pledges/")
    assert response.context["pledge_count"] == 0
    assert "Futureville" not in response.content.decode()


def test_the_city_page_shows_the_signature_and_pledges(client):
    city = CityFactory(name="Rotterdam", country="NL")
    SignatoryFactory(
        city=city,
        signed_on=date(2010, 3, 11),
        signing_occasion="Integrating Cities Conference IV, London",
    )
    PledgeFactory(city=city, principles=[3, 4], amount_eur=Decimal("1000"))

    content = client.get(city.get_absolute_url()).content.decode()

    assert '<time datetime="2010-03-11">11 March 2010</time>' in content
    assert "Integrating Cities Conference IV, London" in content
    assert "3 (Equal opportunities), 4 (Active support to employment)" in content
    assert "€1,000" in content


def test_the_city_page_shows_a_withdrawal_and_hides_the_pipeline(client):
    withdrawn = SignatoryFactory(
        status=Signatory.Status.WITHDRAWN, withdrawn_on=date(2019, 7, 1)
    ).city
    pipeline = SignatoryFactory(status=Signatory.Status.SCHEDULED).city

    assert "withdrew on" in client.get(withdrawn.get_absolute_url()).content.decode()
    assert "charter-heading" not in client.get(pipeline.get_absolute_url()).content.decode()


def test_the_main_navigation_links_to_the_charter(client):
    content = client.get("/charter/").content.decode()
    assert '<a href="/charter/" aria-current="page">Charter</a>' in content


@pytest.mark.parametrize(
    "query",
    ["?page=0", "?page=-1", "?page=abc", "?page=99999", "?x=%00", "?year=" + "9" * 40,
     "?country=<script>", "?a=1&a=2&a=3"],
)  # fmt: skip
@pytest.mark.parametrize("url", ["/charter/", "/charter/pledges/"])
def test_hostile_query_strings_never_break_the_pages(client, url, query):
    SignatoryFactory()
    PledgeFactory()
    response = client.get(url + query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_hostile_names_are_escaped_everywhere(client):
    city = CityFactory(name="<script>alert(1)</script>")
    SignatoryFactory(city=city, signing_occasion='"><img src=x onerror=alert(1)>')
    PledgeFactory(city=city, summary="<b>bold</b>")
    for url in ["/charter/", "/charter/pledges/", city.get_absolute_url()]:
        content = client.get(url).content.decode()
        assert "<script>alert(1)" not in content
        assert "<img src=x" not in content
        assert "<b>bold</b>" not in content


def test_the_pages_refuse_to_change_anything(client):
    assert client.post("/charter/").status_code == 405
    assert client.delete("/charter/pledges/").status_code == 405
