# ruff: noqa: E501  (CSV lines read best whole)
"""The admin CSV import: plain messages for every bad cell, a pending file any web
process can confirm, and a 1,000-row file in a bounded number of queries."""

import re
import tempfile
from html import unescape

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from charter.models import PendingImport, Pledge, Signatory
from tests.factories import CityFactory, PillarPrincipleFactory, PledgeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _principles():
    """The 20 Pillar principles come with a migration; a database flushed by a
    browser test in the same worker lacks them."""
    for number in range(1, 21):
        PillarPrincipleFactory(number=number, title=f"Principle {number}")


PLEDGE_HEADER = "city,country,initiative,principles,amount_eur,pledged_on,summary\n"


def preview(client, model, text):
    upload = SimpleUploadedFile(f"{model}.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(
        f"/admin/charter/{model}/import/", {"resource": "0", "format": "0", "import_file": upload}
    )


def problems(response):
    html = response.content.decode()
    items = re.findall(r'<ul class="errorlist import-problem-list">(.*?)</ul>', html, re.S)
    assert items, "no problem list on the page"
    return [
        unescape(re.sub(r"\s+", " ", m)).strip()
        for m in re.findall(r"<li>(.*?)</li>", items[0], re.S)
    ]


def test_malformed_numbers_and_dates_name_line_and_column_and_every_row_is_reported(
    coordinator_client,
):
    CityFactory(name="Ghent", country="BE")
    text = PLEDGE_HEADER + (
        "Ghent,BE,Inclusive Cities for All,3,12x5,2019-02-20,\n"
        "Ghent,BE,Inclusive Cities for All,3,10,2019-13-01,\n"
        "Ghent,BE,Inclusive Cities for All,3,10,2019-02-20,\n"
        "Atlantis,BE,Inclusive Cities for All,3,NaN,20/02/2019,\n"
    )
    response = preview(coordinator_client, "pledge", text)
    assert "confirm_form" not in response.context
    assert problems(response) == [
        "Line 2, column “amount_eur”: “12x5” is not a number; write digits with a point "
        "for decimals, for example 1250000.50.",
        "Line 3, column “pledged_on”: “2019-13-01” is not a date; write YYYY-MM-DD, for "
        "example 2019-02-20.",
        "Line 5, column “city”: Unknown city “Atlantis” in country “BE”.",
        "Line 5, column “amount_eur”: “NaN” is not a number; write digits with a point for "
        "decimals, for example 1250000.50.",
        "Line 5, column “pledged_on”: “20/02/2019” is not a date; write YYYY-MM-DD, for "
        "example 2019-02-20.",
    ]
    assert not Pledge.objects.exists()


def test_a_malformed_id_is_named_in_plain_words(coordinator_client):
    CityFactory(name="Ghent", country="BE")
    text = "id," + PLEDGE_HEADER + "abc,Ghent,BE,Inclusive Cities for All,3,10,2019-02-20,\n"
    response = preview(coordinator_client, "pledge", text)
    assert problems(response) == [
        "Line 2: “abc” is not a record id (leave id empty for a new record)."
    ]


def test_a_preview_made_on_one_process_is_confirmed_on_another(
    coordinator_client, monkeypatch, tmp_path
):
    CityFactory(name="Ghent", country="BE")
    response = preview(
        coordinator_client, "pledge", PLEDGE_HEADER + "Ghent,BE,X,3,10,2019-02-20,\n"
    )
    initial = response.context["confirm_form"].initial
    assert PendingImport.objects.filter(name=initial["import_file_name"]).exists()
    # Another process: its own (empty) temporary folder and local cache.
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    cache.clear()
    response = coordinator_client.post("/admin/charter/pledge/process_import/", initial)
    assert response.status_code == 302
    assert Pledge.objects.get().amount_eur == 10
    assert not PendingImport.objects.exists()  # removed once imported


def test_confirming_twice_says_so_instead_of_failing(coordinator_client):
    CityFactory(name="Ghent", country="BE")
    response = preview(
        coordinator_client, "pledge", PLEDGE_HEADER + "Ghent,BE,X,3,10,2019-02-20,\n"
    )
    initial = response.context["confirm_form"].initial
    coordinator_client.post("/admin/charter/pledge/process_import/", initial)
    response = coordinator_client.post(
        "/admin/charter/pledge/process_import/", initial, follow=True
    )
    assert response.status_code == 200
    assert "already imported or has expired" in response.content.decode()
    assert Pledge.objects.count() == 1


def test_a_pending_name_from_the_form_cannot_reach_other_storage(coordinator_client):
    CityFactory(name="Ghent", country="BE")
    response = preview(
        coordinator_client, "pledge", PLEDGE_HEADER + "Ghent,BE,X,3,10,2019-02-20,\n"
    )
    initial = {**response.context["confirm_form"].initial, "import_file_name": "../../etc/passwd"}
    response = coordinator_client.post(
        "/admin/charter/pledge/process_import/", initial, follow=True
    )
    assert response.status_code == 200
    assert not Pledge.objects.exists()


def rows(count, cities):
    return PLEDGE_HEADER + "".join(
        f"{cities[n % len(cities)].name},BE,Inclusive Cities for All,3;4,{n}.50,2019-02-20,Pledge {n}\n"
        for n in range(count)
    )


def queries_for(client, text):
    with CaptureQueriesContext(connection) as previewing:
        response = preview(client, "pledge", text)
    initial = response.context["confirm_form"].initial
    with CaptureQueriesContext(connection) as confirming:
        response = client.post("/admin/charter/pledge/process_import/", initial)
    assert response.status_code == 302
    return len(previewing), len(confirming)


def test_the_number_of_queries_does_not_grow_with_the_rows(coordinator_client):
    cities = [CityFactory(name=f"Town {n}", country="BE") for n in range(5)]
    small = queries_for(coordinator_client, rows(10, cities))
    Pledge.objects.all().delete()
    large = queries_for(coordinator_client, rows(1000, cities))
    assert Pledge.objects.count() == 1000
    # Rows are written 500 at a time: one more batch (savepoint, insert, release) per 500.
    assert large[0] == small[0] + 3 * 2
    assert large[1] == small[1] + 3 * 2
    assert max(large) < 40
    pledge = Pledge.objects.get(summary="Pledge 999")
    assert sorted(p.number for p in pledge.principles.all()) == [3, 4]
    assert pledge.slug.startswith("town-4-2019")
    assert Pledge.objects.values("slug").distinct().count() == 1000


def test_an_update_by_id_changes_only_that_pledge_and_its_principles(coordinator_client):
    city = CityFactory(name="Ghent", country="BE")
    pledge = PledgeFactory(city=city, principles=[3], amount_eur=5)
    other = PledgeFactory(city=city, principles=[19])
    text = (
        "id,"
        + PLEDGE_HEADER
        + f"{pledge.pk},Ghent,BE,Inclusive Cities for All,4;5,7,2019-02-20,New\n"
    )
    response = preview(coordinator_client, "pledge", text)
    coordinator_client.post(
        "/admin/charter/pledge/process_import/", response.context["confirm_form"].initial
    )
    pledge.refresh_from_db()
    assert (pledge.amount_eur, pledge.summary) == (7, "New")
    assert sorted(p.number for p in pledge.principles.all()) == [4, 5]
    assert [p.number for p in other.principles.all()] == [19]
    assert Pledge.objects.count() == 2


def test_signatory_rows_keep_their_checks(coordinator_client):
    CityFactory(name="Ghent", country="BE")
    header = "city,country,status,pipeline_since,signed_on,signing_occasion,signed_by_name,signed_by_title,roles,withdrawn_on,notes\n"
    text = (
        header
        + "Ghent,BE,signed,2009-05-01,2010-09-20,,,,,,\nGhent,BE,signed,2009-05-01,2010-9-x,,,,,,\n"
    )
    response = preview(coordinator_client, "signatory", text)
    assert problems(response) == [
        "Line 3, column “signed_on”: “2010-9-x” is not a date; write YYYY-MM-DD, for "
        "example 2019-02-20.",
        "Line 3: This city already has a current signature (or one on the way).",
    ]
    assert not Signatory.objects.exists()
