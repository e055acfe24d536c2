from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from charter.models import MonitoringReport, Signatory
from tests.factories import (
    CityFactory,
    MonitoringReportFactory,
    PledgeFactory,
    SignatoryFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/charter/signatory/",
        "/admin/charter/signatory/?pipeline=yes",
        "/admin/charter/signatory/?pipeline=no",
        "/admin/charter/signatory/?status__exact=withdrawn",
        "/admin/charter/signatory/?q=Ghent",
        "/admin/charter/signatory/add/",
        "/admin/charter/signatory/import/",
        "/admin/charter/signatory/export/",
        "/admin/charter/pledge/",
        "/admin/charter/pledge/add/",
        "/admin/charter/pledge/import/",
        "/admin/charter/monitoringreport/",
        "/admin/charter/monitoringreport/add/",
        "/admin/charter/pillarprinciple/",
    ],
)
def test_admin_pages_load(staff_client, url):
    SignatoryFactory(city=CityFactory(name="Ghent"))
    SignatoryFactory(status=Signatory.Status.INTERESTED)
    PledgeFactory(principles=[3, 4])
    MonitoringReportFactory()
    assert staff_client.get(url).status_code == 200


def test_the_signatory_list_shows_the_pipeline_and_for_how_long(staff_client):
    since = timezone.localdate() - timedelta(days=45)
    SignatoryFactory(
        city=CityFactory(name="Dublin"), status=Signatory.Status.SCHEDULED, pipeline_since=since
    )
    SignatoryFactory(city=CityFactory(name="Ghent"))

    response = staff_client.get("/admin/charter/signatory/?pipeline=yes")

    content = response.content.decode()
    assert "Dublin" in content
    assert "Ghent" not in content
    assert f'<time datetime="{since.isoformat()}">' in content
    assert "(45 days)" in content


def test_the_signatory_list_stays_cheap_with_many_rows(staff_client, django_assert_max_num_queries):
    for _ in range(30):
        SignatoryFactory()
    with django_assert_max_num_queries(15):
        assert staff_client.get("/admin/charter/signatory/").status_code == 200


def report_form(signatory, upload):
    return {"signatory": signatory.pk, "year": "2020", "file": upload}


def test_a_monitoring_report_accepts_a_real_pdf(staff_client):
    signatory = SignatoryFactory()
    upload = SimpleUploadedFile("../../report.PDF", PDF, content_type="application/pdf")

    response = staff_client.post(
        "/admin/charter/monitoringreport/add/", report_form(signatory, upload)
    )

    assert response.status_code == 302
    report = MonitoringReport.objects.get()
    assert report.file.name.startswith("charter/reports/2020-")
    assert report.file.name.endswith(".pdf")
    assert report.file.read().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"<html><script>alert(1)</script>", "does not match its .pdf extension"),
        ("x.html.pdf", b"<html></html>", "does not match its .pdf extension"),
        ("report.html", PDF, "File extension “html” is not allowed."),
        ("report.pdf", b"", "The submitted file is empty."),
    ],
)
def test_a_monitoring_report_refuses_files_that_are_not_pdfs(
    staff_client, settings, name, content, message
):
    signatory = SignatoryFactory()
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")

    response = staff_client.post(
        "/admin/charter/monitoringreport/add/", report_form(signatory, upload)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MonitoringReport.objects.exists()
    assert not (settings.MEDIA_ROOT / "charter").exists()


def test_a_monitoring_report_refuses_a_file_over_the_size_limit(staff_client, settings):
    settings.MAX_UPLOAD_SIZE = 100
    signatory = SignatoryFactory()
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 200, content_type="application/pdf")

    response = staff_client.post(
        "/admin/charter/monitoringreport/add/", report_form(signatory, upload)
    )

    assert "File too large" in response.content.decode()
    assert not MonitoringReport.objects.exists()


def test_editing_a_report_keeps_its_stored_file_without_rechecking(staff_client):
    signatory = SignatoryFactory()
    upload = SimpleUploadedFile("r.pdf", PDF, content_type="application/pdf")
    staff_client.post("/admin/charter/monitoringreport/add/", report_form(signatory, upload))
    report = MonitoringReport.objects.get()

    response = staff_client.post(
        f"/admin/charter/monitoringreport/{report.pk}/change/",
        {"signatory": signatory.pk, "year": "2021", "assessment_employer": "Better."},
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.year == 2021 and report.file


def test_one_report_per_signatory_and_year(staff_client):
    report = MonitoringReportFactory(year=2019)
    response = staff_client.post(
        "/admin/charter/monitoringreport/add/",
        {"signatory": report.signatory.pk, "year": "2019"},
    )
    assert "already has a report for that year" in response.content.decode()
    assert MonitoringReport.objects.count() == 1


@pytest.mark.parametrize(
    "query",
    ["?q=%00", "?q=<script>", "?pipeline=%00", "?pipeline=zzz", "?status__exact=%00",
     "?city__country=%00", "?signed_on__year=99999999999999999999", "?signed_on__month=x",
     "?o=99", "?p=abc", "?p=-1", "?%00=1"],
)  # fmt: skip
@pytest.mark.parametrize("model", ["signatory", "pledge", "monitoringreport"])
def test_hostile_admin_list_parameters_never_give_a_server_error(staff_client, model, query):
    SignatoryFactory()
    PledgeFactory()
    response = staff_client.get(f"/admin/charter/{model}/{query}")
    assert response.status_code in (200, 302, 400)


@pytest.mark.django_db(transaction=True)
def test_principles_and_editor_groups_come_back_after_a_flush():
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from charter.models import PillarPrinciple

    call_command("flush", "--no-input", verbosity=0)
    assert PillarPrinciple.objects.count() == 20
    assert Group.objects.filter(name="Communications").exists()
