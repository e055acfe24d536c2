"""The open datasets: parsed back with csv and json, public data only, inert cells,
conditional GET, the catalogue and the description page."""

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from content.models import Status
from tests.factories import (
    CityFactory,
    EventFactory,
    PillarPrincipleFactory,
    PledgeFactory,
    PublicationFactory,
    PublicationFileFactory,
    SignatoryFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _principles():
    """The 20 Pillar principles come with a migration; a database flushed by a
    browser test in the same worker lacks them."""
    for number in range(1, 21):
        PillarPrincipleFactory(number=number, title=f"Principle {number}")


NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(body(response))))


def json_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(body(response))
    assert data["licence"] == "https://creativecommons.org/licenses/by/4.0/"
    return data["items"]


def test_events_are_published_ones_only_with_iso_times(client):
    theme = ThemeFactory(slug="migration")
    conference = EventFactory(
        slug="conference",
        title="Integrating Cities",
        starts_at=datetime(2026, 5, 6, 7, tzinfo=UTC),
        ends_at=datetime(2026, 5, 6, 16, tzinfo=UTC),
        city=CityFactory(name="Kraków", slug="krakow", country="PL"),
        themes=[theme],
    )
    EventFactory(slug="session", parent=conference)
    EventFactory(slug="draft", status=Status.DRAFT)
    EventFactory(slug="scheduled", published_at=NOW + timedelta(days=1))
    rows = csv_rows(client, "/open-data/events.csv")
    assert sorted(row["id"] for row in rows) == ["conference", "session"]
    first = next(row for row in rows if row["id"] == "conference")
    assert first["starts_at"] == "2026-05-06T09:00:00+02:00"
    assert first["city"] == "Kraków"
    assert first["country"] == "PL"
    assert first["themes"] == "migration"
    assert first["url"] == "http://testserver/events/conference/"
    assert next(row for row in rows if row["id"] == "session")["part_of"] == "conference"
    items = json_items(client, "/open-data/events.json")
    assert [i["id"] for i in items] == [r["id"] for r in rows]
    conference_item = next(i for i in items if i["id"] == "conference")
    assert conference_item["all_day"] is False
    assert conference_item["themes"] == ["migration"]


def test_a_session_of_a_draft_conference_does_not_name_it(client):
    draft = EventFactory(slug="secret-conference", status=Status.DRAFT)
    EventFactory(slug="session", parent=draft)
    rows = csv_rows(client, "/open-data/events.csv")
    assert [(r["id"], r["part_of"]) for r in rows] == [("session", "")]


def test_signatories_follow_the_charter_rule_and_never_show_notes(client):
    SignatoryFactory(city=CityFactory(name="Gent", slug="gent"), notes="internal: call the mayor")
    SignatoryFactory(city=CityFactory(slug="pipeline"), status="interested")
    SignatoryFactory(city=CityFactory(slug="gone"), status="withdrawn")
    SignatoryFactory(city=CityFactory(slug="soon"), signed_on=date(2026, 3, 2))
    rows = csv_rows(client, "/open-data/signatories.csv")
    assert [row["id"] for row in rows] == ["gent"]
    assert rows[0]["signed_on"] == "2015-03-12"
    assert rows[0]["roles"] == "policy_maker;service_provider;employer;buyer"
    text = body(client.get("/open-data/signatories.json"))
    assert "internal" not in text and "notes" not in text and "pipeline_since" not in text
    assert json.loads(text)["items"][0]["roles"] == [
        "policy_maker", "service_provider", "employer", "buyer",
    ]  # fmt: skip


def test_pledges_list_numbers_and_amounts(client):
    PledgeFactory(city=CityFactory(name="Gent", slug="gent"), principles=[3, 4], amount_eur=1500)
    PledgeFactory(city=CityFactory(slug="later"), pledged_on=date(2026, 4, 1))
    rows = csv_rows(client, "/open-data/pledges.csv")
    assert [(r["id"], r["principles"], r["amount_eur"]) for r in rows] == [
        ("gent-2019", "3;4", "1500")
    ]
    assert json_items(client, "/open-data/pledges.json")[0]["principles"] == [3, 4]


def test_publications_list_their_files(client):
    publication = PublicationFactory(
        slug="report", published_at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    )
    file = PublicationFileFactory(publication=publication, language="fr")
    PublicationFactory(slug="draft", status=Status.DRAFT)
    rows = csv_rows(client, "/open-data/publications.csv")
    assert [r["id"] for r in rows] == ["report"]
    assert rows[0]["published_on"] == "2026-01-01"  # the date in Brussels
    assert "fr: http://testserver" + file.get_absolute_url() in rows[0]["files"].split(";")
    items = json_items(client, "/open-data/publications.json")
    assert items[0]["files"][0]["format"] == "PDF"


@pytest.mark.parametrize(
    "payload", ['=HYPERLINK("http://evil")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
)
def test_formula_cells_are_neutralised_and_json_keeps_the_text(client, payload):
    EventFactory(slug="event", title=payload, summary="plain")
    rows = csv_rows(client, "/open-data/events.csv")
    assert rows[0]["title"] == "'" + payload
    assert json_items(client, "/open-data/events.json")[0]["title"] == payload


def test_conditional_get_answers_304_until_the_data_changes(client):
    event = EventFactory(slug="event", title="First")
    response = client.get("/open-data/events.csv")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/open-data/events.csv", headers={"if-none-match": etag}).status_code == 304
    assert (
        client.get("/open-data/events.csv", headers={"if-modified-since": modified}).status_code
        == 304
    )
    assert client.get("/open-data/events.json").get("ETag") != etag
    event.title = "Changed"
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        event.save()
        response = client.get("/open-data/events.csv", headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Changed" in body(response)


def test_an_unpublished_item_changes_the_etag(client):
    EventFactory(slug="one")
    second = EventFactory(slug="two")
    etag = client.get("/open-data/pledges.csv")["ETag"]
    etag = client.get("/open-data/events.csv")["ETag"]
    second.delete()
    assert client.get("/open-data/events.csv", headers={"if-none-match": etag}).status_code == 200


def test_files_cost_a_fixed_number_of_queries(client, django_assert_num_queries):
    for n in range(3):
        EventFactory(slug=f"event-{n}", themes=[ThemeFactory()])
        PublicationFileFactory(publication=PublicationFactory(themes=[ThemeFactory()]))
        SignatoryFactory()
        PledgeFactory(principles=[3, 4])
    # The state (one aggregate) and the rows; prefetches run once per chunk.
    for url, queries in [
        ("/open-data/events.csv", 3),
        ("/open-data/publications.json", 4),
        ("/open-data/signatories.csv", 2),
        ("/open-data/pledges.json", 3),
    ]:
        with django_assert_num_queries(queries):
            body(client.get(url))


def test_an_unknown_dataset_is_404(client):
    assert client.get("/open-data/users.csv").status_code == 404
    assert client.post("/open-data/events.csv").status_code == 405


def test_catalogue_describes_each_dataset_in_dcat(client):
    EventFactory()
    response = client.get("/open-data/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    data = json.loads(body(response))
    assert data["@type"] == "dcat:Catalog"
    datasets = {d["@id"].rsplit("#", 1)[1]: d for d in data["dcat:dataset"]}
    assert set(datasets) == {"signatories", "pledges", "events", "publications"}
    urls = [d["dcat:downloadURL"]["@id"] for d in datasets["events"]["dcat:distribution"]]
    assert urls == [
        "http://testserver/open-data/events.csv",
        "http://testserver/open-data/events.json",
    ]
    assert datasets["events"]["dct:modified"]["@type"] == "xsd:dateTime"
    assert datasets["events"]["dcat:distribution"][0]["dct:license"]["@id"].endswith("/by/4.0/")


def test_page_describes_fields_licence_and_last_change(client, django_assert_num_queries):
    EventFactory(slug="event")
    with django_assert_num_queries(4):
        response = client.get("/open-data/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "CC BY 4.0" in text
    assert "<code>starts_at</code>" in text
    assert 'href="/open-data/events.csv"' in text
    assert "1 March 2026" in text or "28 February 2026" in text
