"""Signing dates that make sense: from the launch in 2010 to today (Brussels), and on
the dates of a public signing event."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from charter.models import Signatory
from content.models import Status
from tests.factories import CityFactory, EventFactory, SignatoryFactory

from .test_signing_event import ADD_URL, conference, signatory_form

pytestmark = pytest.mark.django_db


def form_errors(response):
    assert response.status_code == 200
    return response.context["adminform"].form.errors


def test_the_admin_refuses_a_signing_before_the_launch(coordinator_client):
    response = coordinator_client.post(
        ADD_URL, signatory_form(CityFactory(), signed_on="2009-12-31")
    )
    assert form_errors(response)["signed_on"] == [
        "The charter was launched in 2010: a city cannot have signed it earlier."
    ]
    assert not Signatory.objects.exists()


def test_the_launch_year_itself_is_fine(coordinator_client):
    response = coordinator_client.post(
        ADD_URL, signatory_form(CityFactory(), signed_on="2010-01-01")
    )
    assert response.status_code == 302


def test_the_database_refuses_a_signing_before_the_launch():
    with pytest.raises(IntegrityError):
        SignatoryFactory(signed_on=date(2009, 6, 1))


# 23:30 UTC on 31 December is already 1 January in Brussels.
@time_machine.travel(datetime(2025, 12, 31, 23, 30, tzinfo=UTC), tick=False)
def test_today_is_brussels_today(coordinator_client):
    response = coordinator_client.post(
        ADD_URL, signatory_form(CityFactory(), signed_on="2026-01-01")
    )
    assert response.status_code == 302
    response = coordinator_client.post(
        ADD_URL, signatory_form(CityFactory(), signed_on="2026-01-02")
    )
    assert form_errors(response)["signed_on"] == ["The signing date cannot be in the future."]


def test_the_signing_event_must_be_public(coordinator_client):
    draft = conference(status=Status.DRAFT)
    response = coordinator_client.post(
        ADD_URL, signatory_form(CityFactory(), signing_event=draft.pk)
    )
    assert "signing_event" in form_errors(response)
    assert not Signatory.objects.exists()


def test_the_model_says_why_a_draft_event_is_refused():
    draft = conference(status=Status.DRAFT, title="Draft conference")
    signatory = SignatoryFactory.build(
        city=CityFactory(), signed_on=date(2020, 12, 2), signing_event=draft
    )
    with pytest.raises(
        Exception, match="Choose a public event: “Draft conference” is not published"
    ):
        signatory.full_clean()


def test_the_chooser_offers_only_public_main_events(coordinator_client):
    public = conference(title="Public conference")
    conference(title="Draft conference", status=Status.DRAFT)
    conference(title="Scheduled conference", published_at=datetime.now(UTC) + timedelta(days=3))
    field = coordinator_client.get(ADD_URL).context["adminform"].form.fields["signing_event"]
    assert [label for value, label in field.choices if value] == ["Public conference (2 Dec 2020)"]
    assert public.pk in {int(value.value) for value, _label in field.choices if value}


@pytest.mark.parametrize("signed_on", ["2020-12-01", "2020-12-04"])
def test_the_signing_date_must_fall_on_the_events_dates(coordinator_client, signed_on):
    event = conference()  # 2 and 3 December 2020
    response = coordinator_client.post(
        ADD_URL, signatory_form(CityFactory(), signing_event=event.pk, signed_on=signed_on)
    )
    assert form_errors(response)["signed_on"] == [
        "The signing date must fall on the dates of the event where the city signed "
        "(2–3 December 2020)."
    ]


@pytest.mark.parametrize("signed_on", ["2020-12-02", "2020-12-03"])
def test_any_day_of_the_event_is_fine(coordinator_client, signed_on):
    event = conference()
    response = coordinator_client.post(
        ADD_URL, signatory_form(CityFactory(), signing_event=event.pk, signed_on=signed_on)
    )
    assert response.status_code == 302


def test_the_events_dates_are_its_local_dates():
    # 00:30 on 2 December in Helsinki is still 1 December in UTC.
    event = EventFactory(
        time_zone="Europe/Helsinki",
        starts_at=datetime(2020, 12, 1, 22, 30, tzinfo=UTC),
        ends_at=datetime(2020, 12, 1, 23, 0, tzinfo=UTC),
    )
    signatory = SignatoryFactory.build(
        city=CityFactory(), signed_on=date(2020, 12, 1), signing_event=event
    )
    with pytest.raises(Exception, match="must fall on the dates"):
        signatory.full_clean()
    signatory.signed_on = date(2020, 12, 2)
    signatory.full_clean()


def test_the_csv_import_refuses_a_signing_before_the_launch(coordinator_client):
    CityFactory(name="Ghent", country="BE")
    text = (
        "city,country,status,pipeline_since,signed_on,signing_occasion,signed_by_name,"
        "signed_by_title,roles,withdrawn_on,notes\n"
        "Ghent,BE,signed,2008-01-01,2009-05-01,,,,policy_maker,,\n"
    )
    upload = SimpleUploadedFile("s.csv", text.encode(), content_type="text/csv")
    response = coordinator_client.post(
        "/admin/charter/signatory/import/", {"resource": "0", "format": "0", "import_file": upload}
    )
    assert "The charter was launched in 2010" in response.content.decode()
    assert "confirm_form" not in response.context
    assert not Signatory.objects.exists()
