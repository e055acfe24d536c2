"""One city, once: whatever the case, Unicode form, spaces or invisible characters."""

import importlib
import unicodedata
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.urls import reverse

from charter.models import Pledge
from content.models import City
from content.names import name_key, normalise_name
from events.models import Event
from tests.factories import CityFactory, EventFactory, PledgeFactory

pytestmark = pytest.mark.django_db

COMPOSED = unicodedata.normalize("NFC", "Nürnberg")
DECOMPOSED = unicodedata.normalize("NFD", "Nürnberg")
SAME_NAMES = [
    "nürnberg",
    "NÜRNBERG",
    DECOMPOSED,
    f"  {COMPOSED}  ",
    f"{COMPOSED}\u00a0",  # no-break space
    "Nürn\u200bberg",  # zero-width space
    "\ufeffNürnberg",  # byte-order mark
    "Nür\u00adnberg",  # soft hyphen
    "Ｎürnberg",  # full-width N
]


@pytest.mark.parametrize("typed", SAME_NAMES)
def test_names_compare_equal_however_they_are_typed(typed):
    assert name_key(typed) == name_key(COMPOSED)


def test_the_stored_name_is_normalised():
    city = CityFactory(name=f"  {DECOMPOSED}\u200b  ", country="DE")
    city.refresh_from_db()
    assert city.name == COMPOSED
    assert unicodedata.is_normalized("NFC", city.name)
    assert normalise_name("São   Paulo\t") == "São Paulo"


@pytest.mark.parametrize("typed", SAME_NAMES)
def test_the_database_refuses_the_same_city_twice_in_a_country(typed):
    CityFactory(name=COMPOSED, country="DE")
    with pytest.raises(IntegrityError):
        City.objects.create(name=typed, country="DE")


def test_the_same_name_may_exist_in_another_country():
    CityFactory(name="Valencia", country="ES")
    assert CityFactory(name="VALENCIA", country="VE").name == "VALENCIA"


def city_form(name, country="DE"):
    return {"name": name, "slug": "", "country": country, "latitude": "", "longitude": ""}


@pytest.mark.parametrize("typed", SAME_NAMES)
def test_the_admin_form_refuses_the_same_city_with_a_clear_message(staff_client, typed):
    CityFactory(name=COMPOSED, country="DE")
    response = staff_client.post(
        reverse("admin:content_city_add"), {**city_form(typed), "slug": "nurnberg-2"}
    )
    assert response.status_code == 200
    assert "This city already exists in that country." in response.text
    assert City.objects.count() == 1


def test_the_admin_stores_the_normalised_name(staff_client):
    response = staff_client.post(
        reverse("admin:content_city_add"), {**city_form(f" {DECOMPOSED}\u200b"), "slug": "n"}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert City.objects.get().name == COMPOSED


def test_the_admin_refuses_a_name_of_only_invisible_characters(staff_client):
    response = staff_client.post(
        reverse("admin:content_city_add"), {**city_form("\u200b \u00a0"), "slug": "x"}
    )
    assert response.status_code == 200
    assert not City.objects.exists()


def test_renaming_a_city_onto_another_is_refused(staff_client):
    CityFactory(name="Gent", country="BE")
    other = CityFactory(name="Ghent", country="BE")
    response = staff_client.post(
        reverse("admin:content_city_change", args=[other.pk]),
        {**city_form("GENT ", "BE"), "slug": other.slug},
    )
    assert "This city already exists in that country." in response.text
    other.refresh_from_db()
    assert other.name == "Ghent"


@pytest.mark.parametrize("typed", ["NÜRNBERG ", DECOMPOSED, "Nürn\u200bberg", "nürnberg"])
def test_the_csv_import_finds_the_one_city_however_it_is_typed(staff_client, typed):
    city = CityFactory(name=COMPOSED, country="DE")
    text = (
        "city,country,initiative,principles,amount_eur,pledged_on,summary\n"
        f"{typed},de ,Inclusive Cities for All,3,,2020-01-10,\n"
    )
    upload = SimpleUploadedFile("pledges.csv", text.encode("utf-8"), content_type="text/csv")
    response = staff_client.post(
        "/admin/charter/pledge/import/", {"resource": "0", "format": "0", "import_file": upload}
    )
    assert response.status_code == 200
    form = response.context["confirm_form"]
    staff_client.post("/admin/charter/pledge/process_import/", form.initial)
    assert Pledge.objects.get().city == city
    assert City.objects.count() == 1


def test_the_data_migration_merges_existing_duplicates_and_moves_what_points_at_them():
    migration = importlib.import_module("content.migrations.0004_city_name_normalised")
    kept = CityFactory(name="Gent", country="BE")
    duplicate = CityFactory(name="Other", country="BE")
    # Rows written before the rule: same city, other spelling, no comparison key.
    City.objects.filter(pk=duplicate.pk).update(name=" gent\u200b", name_key="legacy-2")
    City.objects.filter(pk=kept.pk).update(name="Gent\u00a0", name_key="legacy-1")
    event = EventFactory(city=duplicate)
    pledge = PledgeFactory(city=duplicate)
    # The function reads only the editor's connection (SQLite refuses a real
    # schema editor inside the test's transaction).
    migration.normalise_and_merge(apps, SimpleNamespace(connection=connection))
    assert list(City.objects.values_list("pk", "name", "name_key")) == [(kept.pk, "Gent", "gent")]
    assert Event.objects.get(pk=event.pk).city_id == kept.pk
    assert Pledge.objects.get(pk=pledge.pk).city_id == kept.pk
