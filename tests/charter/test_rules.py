from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from charter.models import Pledge, Signatory
from tests.factories import CityFactory, PledgeFactory, SignatoryFactory

pytestmark = pytest.mark.django_db


def signatory_form_data(city, **overrides):
    data = {
        "city": city.pk,
        "status": "signed",
        "pipeline_since": "2014-01-01",
        "signed_on": "2015-03-12",
        "signing_occasion": "",
        "signed_by_name": "",
        "signed_by_title": "",
        "role_policy_maker": "on",
        "role_service_provider": "on",
        "role_employer": "on",
        "role_buyer": "on",
        "withdrawn_on": "",
        "notes": "",
        "monitoring_reports-TOTAL_FORMS": "0",
        "monitoring_reports-INITIAL_FORMS": "0",
        "monitoring_reports-MIN_NUM_FORMS": "0",
        "monitoring_reports-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_a_city_can_have_only_one_current_signature_in_the_database():
    city = CityFactory()
    SignatoryFactory(city=city)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignatoryFactory(city=city, status=Signatory.Status.INTERESTED)


def test_a_withdrawn_signature_stays_as_history_and_the_city_may_sign_again():
    city = CityFactory()
    old = SignatoryFactory(city=city, status=Signatory.Status.WITHDRAWN)
    SignatoryFactory(city=city, signed_on=date(2022, 5, 1))
    old.refresh_from_db()
    assert old.signed_on == date(2015, 3, 12)
    assert Signatory.objects.filter(city=city).count() == 2


def test_the_admin_form_reports_a_second_current_signature_as_a_form_error(staff_client):
    city = CityFactory()
    SignatoryFactory(city=city)
    response = staff_client.post(
        "/admin/charter/signatory/add/",
        signatory_form_data(city, status="interested", signed_on=""),
    )
    assert response.status_code == 200
    assert "already has a current signature" in response.content.decode()
    assert Signatory.objects.count() == 1


def test_a_signed_charter_needs_a_date_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        SignatoryFactory(status=Signatory.Status.SIGNED, signed_on=None)


def test_the_admin_form_requires_a_date_once_signed(staff_client):
    city = CityFactory()
    response = staff_client.post(
        "/admin/charter/signatory/add/", signatory_form_data(city, signed_on="")
    )
    assert response.status_code == 200
    assert "A signed charter needs the date it was signed." in response.content.decode()
    assert not Signatory.objects.exists()


@time_machine.travel(date(2026, 3, 10), tick=False)
def test_the_admin_form_refuses_a_signing_date_in_the_future(staff_client):
    city = CityFactory()
    response = staff_client.post(
        "/admin/charter/signatory/add/", signatory_form_data(city, signed_on="2026-03-11")
    )
    assert response.status_code == 200
    assert "The signing date cannot be in the future." in response.content.decode()
    assert not Signatory.objects.exists()


def test_a_signing_dated_today_is_accepted_just_after_midnight_in_brussels(staff_client):
    # 00:30 in Brussels is still yesterday in UTC.
    with time_machine.travel(datetime(2026, 3, 9, 23, 30, tzinfo=UTC)):
        city = CityFactory()
        response = staff_client.post(
            "/admin/charter/signatory/add/", signatory_form_data(city, signed_on="2026-03-10")
        )
    assert response.status_code == 302
    assert Signatory.objects.get().signed_on == date(2026, 3, 10)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL-only constraint")
def test_the_database_refuses_a_signing_date_in_the_future_on_postgresql():
    with pytest.raises(IntegrityError), transaction.atomic():
        SignatoryFactory(signed_on=timezone.localdate() + timedelta(days=1))


def test_full_clean_refuses_a_signing_date_in_the_future():
    signatory = SignatoryFactory.build(
        city=CityFactory(), signed_on=timezone.localdate() + timedelta(days=1)
    )
    with pytest.raises(ValidationError) as error:
        signatory.full_clean()
    assert error.value.message_dict["signed_on"] == ["The signing date cannot be in the future."]


def test_a_city_on_the_way_to_signing_has_no_signing_date():
    signatory = SignatoryFactory.build(
        city=CityFactory(), status=Signatory.Status.INTERESTED, signed_on=date(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        signatory.full_clean()
    assert "signed_on" in error.value.message_dict


def test_a_withdrawal_needs_its_date_and_cannot_come_before_the_signing():
    with pytest.raises(IntegrityError), transaction.atomic():
        SignatoryFactory(status=Signatory.Status.WITHDRAWN, withdrawn_on=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignatoryFactory(
            status=Signatory.Status.WITHDRAWN,
            signed_on=date(2015, 1, 1),
            withdrawn_on=date(2014, 1, 1),
        )


def test_withdrawing_from_the_admin_keeps_the_signing_date_and_occasion(staff_client):
    signatory = SignatoryFactory(signing_occasion="Integrating Cities Conference VI, Athens")
    response = staff_client.post(
        "/admin/charter/signatory/",
        {"action": "withdraw", "_selected_action": [signatory.pk]},
    )
    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.WITHDRAWN
    assert signatory.withdrawn_on == timezone.localdate()
    assert signatory.signed_on == date(2015, 3, 12)
    assert signatory.signing_occasion == "Integrating Cities Conference VI, Athens"


def test_a_pledged_amount_cannot_be_negative_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeFactory(amount_eur=-1)


def test_the_admin_form_refuses_a_negative_amount(staff_client):
    city = CityFactory()
    response = staff_client.post(
        "/admin/charter/pledge/add/",
        {
            "city": city.pk,
            "initiative": "Inclusive Cities for All",
            "principles": [],
            "amount_eur": "-5",
            "pledged_on": "2019-02-20",
            "summary": "",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ensure this value is greater than or equal to 0." in content
    assert not Pledge.objects.exists()


def test_a_pledge_without_an_amount_is_allowed():
    pledge = PledgeFactory(amount_eur=None)
    pledge.full_clean()


def test_the_twenty_pillar_principles_are_loaded_as_reference_data():
    from charter.models import PillarPrinciple

    assert list(PillarPrinciple.objects.values_list("number", flat=True)) == list(range(1, 21))
    assert str(PillarPrinciple.objects.get(number=4)) == "4. Active support to employment"


def test_days_in_the_pipeline_counts_from_the_first_interest():
    signatory = SignatoryFactory(status=Signatory.Status.SCHEDULED, pipeline_since=date(2026, 1, 1))
    assert signatory.days_in_pipeline(today=date(2026, 1, 31)) == 30
    assert SignatoryFactory().days_in_pipeline() is None
