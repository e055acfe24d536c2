from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from charter.models import PendingImport, Pledge, Signatory
from tests.clock import NOW, TOMORROW
from tests.factories import CityFactory, PledgeFactory, SignatoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

SIGNATORY_HEADER = (
    "city,country,status,pipeline_since,signed_on,signing_occasion,signed_by_name,"
    "signed_by_title,roles,withdrawn_on,notes\n"
)


@pytest.fixture
def cities():
    return {
        name: CityFactory(name=name, country=country)
        for name, country in [
            ("Ghent", "BE"),
            ("Antwerp", "BE"),
            ("Nuremberg", "DE"),
            ("Rotterdam", "NL"),
        ]
    }


def preview(client, model, text):
    upload = SimpleUploadedFile(f"{model}.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(
        f"/admin/charter/{model}/import/",
        {"resource": "0", "format": "0", "import_file": upload},
    )


def confirm(client, model, preview_response):
    form = preview_response.context["confirm_form"]
    return client.post(f"/admin/charter/{model}/process_import/", form.initial)


def snapshot(model):
    return sorted(model.objects.values_list(), key=str)


def test_a_valid_signatory_file_is_previewed_then_imported(coordinator_client, cities):
    text = SIGNATORY_HEADER + (
        "Ghent,BE,signed,2009-05-01,2010-09-20,,Ann Smet,Alderman,"
        "policy_maker;employer,,\n"
        "nuremberg,de,Signed,2019-01-10,2020-12-02,"
        '"Integrating Cities Conference IX, Nuremberg",,Lord Mayor,'
        "policy_maker;service_provider;employer;buyer,,\n"
        "Antwerp,BE,Signing scheduled,2024-11-20,,,,,,,Date to be fixed\n"
    )

    response = preview(coordinator_client, "signatory", text)

    assert response.status_code == 200
    assert "confirm_form" in response.context
    assert not Signatory.objects.exists()  # the preview writes nothing

    response = confirm(coordinator_client, "signatory", response)

    assert response.status_code == 302
    ghent = Signatory.objects.get(city=cities["Ghent"])
    assert ghent.status == Signatory.Status.SIGNED
    assert ghent.signed_on == date(2010, 9, 20)
    assert (ghent.role_policy_maker, ghent.role_service_provider) == (True, False)
    assert (ghent.role_employer, ghent.role_buyer) == (True, False)
    nuremberg = Signatory.objects.get(city=cities["Nuremberg"])
    assert nuremberg.signing_occasion == "Integrating Cities Conference IX, Nuremberg"
    antwerp = Signatory.objects.get(city=cities["Antwerp"])
    assert antwerp.status == Signatory.Status.SCHEDULED
    assert antwerp.days_in_pipeline() is not None


GOOD_ROW = "Ghent,BE,signed,2009-05-01,2010-09-20,,,,policy_maker,,\n"
BAD_ROWS = {
    "unknown city": ("Atlantis,BE,signed,2009-01-01,2010-01-01,,,,,,\n", "Unknown city"),
    "city in the wrong country": ("Rotterdam,BE,signed,2009-01-01,2010-01-01,,,,,,\n",
                                  "Unknown city"),
    "duplicate signature": ("Nuremberg,DE,signed,2009-01-01,2011-01-01,,,,,,\n",
                            "already has a current signature"),
    "duplicate within the file": ("Ghent,BE,interested,2024-01-01,,,,,,,\n",
                                  "already has a current signature"),
    "future date": (f"Antwerp,BE,signed,2009-01-01,{TOMORROW.isoformat()},,,,,,\n",
                    "The signing date cannot be in the future."),
    "bad status": ("Antwerp,BE,almost,2009-01-01,,,,,,,\n", "Unknown status"),
    "signed without date": ("Antwerp,BE,signed,2009-01-01,,,,,,,\n",
                            "A signed charter needs the date it was signed."),
    "malformed date": ("Antwerp,BE,signed,2009-01-01,2010-02-30,,,,,,\n", "2010-02-30"),
    "unknown role": ("Antwerp,BE,signed,2009-01-01,2010-01-01,,,,astronaut,,\n",
                     "Unknown role"),
    "script in a name": ("<script>alert(1)</script>,BE,signed,2009-01-01,2010-01-01,,,,,,\n",
                         "Unknown city"),
}  # fmt: skip


@pytest.mark.parametrize("kind", BAD_ROWS)
def test_one_bad_row_refuses_the_whole_file_with_its_line_number(coordinator_client, cities, kind):
    SignatoryFactory(city=cities["Nuremberg"])
    before = snapshot(Signatory)
    bad_row, message = BAD_ROWS[kind]
    text = SIGNATORY_HEADER + GOOD_ROW + bad_row

    response = preview(coordinator_client, "signatory", text)

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    result = response.context["result"]
    assert result.has_errors() or result.has_validation_errors()
    content = response.content.decode()
    assert message in content
    assert "<script>alert(1)" not in content
    invalid = [row.number for row in result.invalid_rows]
    failed = [number for number, _errors in result.row_errors()]
    assert invalid + failed == [2]  # the bad row is the file's second data row
    assert snapshot(Signatory) == before


def test_the_confirmed_import_is_all_or_nothing_even_if_the_file_changed_since_preview(
    coordinator_client, cities
):
    response = preview(coordinator_client, "signatory", SIGNATORY_HEADER + GOOD_ROW)
    tmp_name = response.context["confirm_form"].initial["import_file_name"]
    PendingImport.objects.filter(name=tmp_name).update(
        data=(SIGNATORY_HEADER + GOOD_ROW + BAD_ROWS["unknown city"][0]).encode()
    )

    confirm(coordinator_client, "signatory", response)

    assert not Signatory.objects.exists()


def export(client, model):
    form = client.get(f"/admin/charter/{model}/export/").context["form"]
    data = {name: "on" for name, field in form.fields.items() if field.initial is True}
    response = client.post(
        f"/admin/charter/{model}/export/", {**data, "format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode("utf-8")


def test_export_then_import_gives_the_same_signatories(coordinator_client, cities):
    SignatoryFactory(
        city=cities["Ghent"],
        signing_occasion='Conference, "Ghent"; day 2',
        role_buyer=False,
        notes="Línea 1\nLine 2",
        signed_by_name='=HYPERLINK("https://evil.example")',
    )
    SignatoryFactory(city=cities["Antwerp"], status=Signatory.Status.WITHDRAWN)
    SignatoryFactory(city=cities["Antwerp"], status=Signatory.Status.INTERESTED)
    before = snapshot(Signatory)

    text = export(coordinator_client, "signatory")
    assert text.splitlines()[0].startswith("id,city,country,status")
    assert "'=HYPERLINK" in text  # a spreadsheet shows it as text, never runs it

    response = confirm(
        coordinator_client, "signatory", preview(coordinator_client, "signatory", text)
    )

    assert response.status_code == 302
    assert Signatory.objects.count() == 3
    strip_times = lambda rows: [r[:-2] for r in rows]  # noqa: E731 - created/updated differ
    assert strip_times(snapshot(Signatory)) == strip_times(before)


def test_export_then_import_gives_the_same_pledges(coordinator_client, cities):
    PledgeFactory(city=cities["Rotterdam"], principles=[3, 4], amount_eur=Decimal("12.50"))
    PledgeFactory(city=cities["Ghent"], principles=[19], amount_eur=None)
    before = snapshot(Pledge)
    principles_before = sorted(Pledge.principles.through.objects.values_list())

    text = export(coordinator_client, "pledge")
    assert "3;4" in text

    response = confirm(coordinator_client, "pledge", preview(coordinator_client, "pledge", text))

    assert response.status_code == 302
    strip_times = lambda rows: [r[:-1] for r in rows]  # noqa: E731 - updated_at differs
    assert strip_times(snapshot(Pledge)) == strip_times(before)
    assert sorted(Pledge.principles.through.objects.values_list()) == principles_before


PLEDGE_HEADER = "city,country,initiative,principles,amount_eur,pledged_on,summary\n"


def test_a_valid_pledge_file_is_imported(coordinator_client, cities):
    text = PLEDGE_HEADER + (
        "Rotterdam,NL,Inclusive Cities for All,3;4,1250000000,2019-02-20,Jobs\n"
        "Ghent,BE,Inclusive Cities for All,19,,2019-02-20,\n"
    )
    response = confirm(coordinator_client, "pledge", preview(coordinator_client, "pledge", text))

    assert response.status_code == 302
    rotterdam = Pledge.objects.get(city=cities["Rotterdam"])
    assert sorted(p.number for p in rotterdam.principles.all()) == [3, 4]
    assert rotterdam.amount_eur == Decimal("1250000000")
    assert Pledge.objects.get(city=cities["Ghent"]).amount_eur is None


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Atlantis,NL,Inclusive Cities for All,3,10,2019-02-20,\n", "Unknown city"),
        ("Rotterdam,NL,Inclusive Cities for All,3,-10,2019-02-20,\n", "greater than or equal to 0"),
        ("Rotterdam,NL,Inclusive Cities for All,21,10,2019-02-20,\n", "No such principle: 21"),
        ("Rotterdam,NL,Inclusive Cities for All,three,10,2019-02-20,\n", "not a principle number"),
        ("Rotterdam,NL,Inclusive Cities for All,,10,2019-02-20,\n", "at least one principle"),
        (
            f"Rotterdam,NL,Inclusive Cities for All,3,10,{TOMORROW.isoformat()},\n",
            "cannot be in the future",
        ),
    ],
)
def test_a_bad_pledge_row_refuses_the_whole_file(coordinator_client, cities, row, message):
    text = PLEDGE_HEADER + "Ghent,BE,Inclusive Cities for All,19,,2019-02-20,\n" + row

    response = preview(coordinator_client, "pledge", text)

    assert "confirm_form" not in response.context
    assert message in response.content.decode()
    assert not Pledge.objects.exists()


def test_communications_may_export_but_not_import(communications_client):
    SignatoryFactory()
    assert communications_client.get("/admin/charter/signatory/export/").status_code == 200
    response = preview(communications_client, "signatory", SIGNATORY_HEADER + GOOD_ROW)
    assert response.status_code == 403
    assert Signatory.objects.count() == 1


def test_a_file_that_is_not_csv_is_refused_politely(coordinator_client):
    response = preview(coordinator_client, "signatory", "\x00\x01garbage")
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert not Signatory.objects.exists()


def test_the_import_page_explains_the_format_and_the_all_or_nothing_rule(coordinator_client):
    content = coordinator_client.get("/admin/charter/pledge/import/").content.decode()
    assert "for example 3;4" in content
    assert "If any row has an error, nothing is saved" in content
