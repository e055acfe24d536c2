"""The event where a city signed: linked on the public pages once public, listed on
the event's page, chosen by coordinators from a plain list of main events."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from charter import demo as charter_demo
from charter.models import Signatory
from content import demo as content_demo
from content.models import Status
from tests.clock import NOW
from tests.factories import CityFactory, EventFactory, SignatoryFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/charter/signatory/add/"


def conference(**fields):
    """A published main event that took place in 2020."""
    starts_at = fields.pop("starts_at", datetime(2020, 12, 2, 9, 0, tzinfo=UTC))
    fields = {"title": "Integrating Cities Conference IX", "kind": "conference", **fields}
    return EventFactory(starts_at=starts_at, ends_at=starts_at + timedelta(days=1), **fields)


def signed_at(event):
    return f'signed at <a href="{event.get_absolute_url()}">{event.title}</a>'


def test_the_charter_page_links_the_public_event_where_a_city_signed(client):
    event = conference()
    SignatoryFactory(city=CityFactory(name="Nuremberg"), signing_event=event)

    content = client.get("/charter/").content.decode()

    assert signed_at(event) in content


def test_the_city_page_links_the_public_event_where_it_signed(client):
    event = conference()
    city = CityFactory(name="Leipzig")
    SignatoryFactory(city=city, signing_event=event, signed_on=date(2020, 12, 2))

    content = client.get(city.get_absolute_url()).content.decode()

    assert signed_at(event) in content


@pytest.mark.time_machine(NOW, tick=False)  # 'future' is relative to a pinned now
@pytest.mark.parametrize(
    "unpublished",
    [
        {"status": Status.DRAFT},
        {"published_at": NOW + timedelta(days=3)},  # published, but not yet
    ],
)
def test_an_event_not_public_yet_is_not_linked_and_the_occasion_text_is_shown(client, unpublished):
    event = conference(title="Secret summit", slug="secret-summit", **unpublished)
    city = CityFactory(name="Bergen")
    SignatoryFactory(
        city=city, signing_event=event, signing_occasion="Integrating Cities Conference IX"
    )

    for url in ("/charter/", city.get_absolute_url()):
        content = client.get(url).content.decode()
        assert "signed at Integrating Cities Conference IX" in content, url
        assert "/events/secret-summit/" not in content, url
        assert "Secret summit" not in content, url


def test_without_an_event_the_occasion_text_is_shown_without_a_link(client):
    SignatoryFactory(signing_occasion="Integrating Cities Conference IV, London")

    content = client.get("/charter/").content.decode()

    assert "signed at Integrating Cities Conference IV, London" in content


@pytest.mark.parametrize("count", [1, 30])
def test_signing_events_add_no_queries_to_the_charter_page(
    client, django_assert_max_num_queries, count
):
    events = [conference(), conference(status=Status.DRAFT)]
    for n in range(count):
        SignatoryFactory(signing_event=events[n % 2])
    with django_assert_max_num_queries(14):
        response = client.get("/charter/")
    assert response.context["count"] == count


def test_the_event_page_lists_the_cities_that_signed_there(client):
    event = conference()
    ghent = CityFactory(name="Ghent")
    lyon = CityFactory(name="Lyon")
    SignatoryFactory(city=ghent, signing_event=event)
    SignatoryFactory(city=lyon, signing_event=event, status=Signatory.Status.WITHDRAWN)
    SignatoryFactory(
        city=CityFactory(name="Dublin"),
        signing_event=event,
        status=Signatory.Status.SCHEDULED,  # not signed (yet)
    )
    SignatoryFactory(city=CityFactory(name="Oslo"))  # signed elsewhere

    content = client.get(event.get_absolute_url()).content.decode()

    assert "Cities that signed the charter here" in content
    assert f'<a href="{ghent.get_absolute_url()}">Ghent</a>' in content
    assert f'<a href="{lyon.get_absolute_url()}">Lyon</a>' in content  # it did sign there
    assert content.index(">Ghent<") < content.index(">Lyon<")
    assert "Dublin" not in content
    assert "Oslo" not in content


def test_an_event_without_signings_has_no_charter_section(client):
    event = conference()

    content = client.get(event.get_absolute_url()).content.decode()

    assert "Cities that signed the charter here" not in content


def test_the_signing_cities_cost_one_query_on_the_event_page(client, django_assert_max_num_queries):
    event = conference()
    url = event.get_absolute_url()
    with django_assert_max_num_queries(14) as without:
        client.get(url)
    for _ in range(25):
        SignatoryFactory(signing_event=event)
    with django_assert_max_num_queries(14) as with_signings:
        response = client.get(url)
    assert response.content.decode().count('href="/cities/') >= 25
    assert len(with_signings.captured_queries) <= len(without.captured_queries) + 1
    # The query was there already (it found nothing): signings add none.
    assert len(with_signings.captured_queries) == len(without.captured_queries)


def test_a_visitor_s_event_pages_read_the_signings_once_and_see_a_new_one_at_once(
    client, shared_cache
):
    first, second = conference(), conference(title="Integrating Cities Conference X")
    SignatoryFactory(city=CityFactory(name="Ghent"), signing_event=first)
    SignatoryFactory(city=CityFactory(name="Lyon"), signing_event=second)

    def page(event):
        with CaptureQueriesContext(connection) as queries:
            content = client.get(event.get_absolute_url()).content.decode()
        reads = [q for q in queries.captured_queries if "charter_signatory" in q["sql"]]
        return content, len(reads)

    content, reads = page(first)
    assert ">Ghent<" in content and ">Lyon<" not in content and reads == 1
    content, reads = page(second)
    assert ">Lyon<" in content and ">Ghent<" not in content and reads == 0  # kept
    SignatoryFactory(city=CityFactory(name="Oslo"), signing_event=first)
    content, reads = page(first)
    assert ">Oslo<" in content and ">Ghent<" in content and reads == 1


def test_the_admin_offers_main_events_only_newest_first_with_their_date(staff_client):
    older = conference(title="Conference VIII", starts_at=datetime(2017, 11, 22, tzinfo=UTC))
    newer = conference(title="Conference IX")
    session = EventFactory(title="A workshop of the conference", parent=newer)

    field = staff_client.get(ADD_URL).context["adminform"].form.fields["signing_event"]

    choices = [(str(value), label) for value, label in field.choices if value]
    assert choices == [
        (str(newer.pk), "Conference IX (2 Dec 2020)"),
        (str(older.pk), "Conference VIII (22 Nov 2017)"),
    ]
    assert session.pk not in {int(value) for value, _label in choices}


def signatory_form(city, **fields):
    return {
        "city": city.pk,
        "status": "signed",
        "pipeline_since": "2020-01-10",
        "signed_on": "2020-12-02",
        "signing_occasion": "",
        "role_policy_maker": "on",
        "monitoring_reports-TOTAL_FORMS": "0",
        "monitoring_reports-INITIAL_FORMS": "0",
        **fields,
    }


def test_a_coordinator_can_save_a_signatory_with_its_signing_event(coordinator_client):
    event = conference()
    city = CityFactory()

    page = coordinator_client.get(ADD_URL).content.decode()
    assert 'name="signing_event"' in page
    assert "/admin/events/" not in page  # no add/change links into the events admin

    response = coordinator_client.post(ADD_URL, signatory_form(city, signing_event=event.pk))

    assert response.status_code == 302
    assert Signatory.objects.get(city=city).signing_event == event


def test_a_session_cannot_be_posted_as_the_signing_event(coordinator_client):
    session = EventFactory(parent=conference())
    city = CityFactory()

    response = coordinator_client.post(ADD_URL, signatory_form(city, signing_event=session.pk))

    assert response.status_code == 200
    assert "signing_event" in response.context["adminform"].form.errors
    assert not Signatory.objects.exists()


def test_coordinators_still_cannot_open_the_events_admin(coordinator_client):
    event = conference()
    for url in (
        "/admin/events/event/",
        "/admin/events/event/add/",
        f"/admin/events/event/{event.pk}/change/",
    ):
        assert coordinator_client.get(url).status_code == 403, url
    autocomplete = coordinator_client.get(
        "/admin/autocomplete/",
        {"app_label": "charter", "model_name": "signatory", "field_name": "signing_event"},
    )
    assert autocomplete.status_code in (403, 404)


def csv_export(client):
    form = client.get("/admin/charter/signatory/export/").context["form"]
    data = {name: "on" for name, field in form.fields.items() if field.initial is True}
    response = client.post(
        "/admin/charter/signatory/export/", {**data, "format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    return response.content.decode("utf-8")


def test_csv_export_and_import_leave_the_signing_event_alone(coordinator_client):
    event = conference()
    signatory = SignatoryFactory(
        city=CityFactory(name="Ghent", country="BE"),
        signing_event=event,
        signed_on=date(2020, 12, 2),  # on the event's dates, or the import refuses the row
    )

    text = csv_export(coordinator_client)
    assert "signing_event" not in text.splitlines()[0]
    text = text.replace("Anna Example", "Ann Smet")
    upload = SimpleUploadedFile("signatory.csv", text.encode(), content_type="text/csv")
    preview = coordinator_client.post(
        "/admin/charter/signatory/import/",
        {"resource": "0", "format": "0", "import_file": upload},
    )
    response = coordinator_client.post(
        "/admin/charter/signatory/process_import/", preview.context["confirm_form"].initial
    )

    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.signed_by_name == "Ann Smet"  # the import did run
    assert signatory.signing_event == event


def test_deleting_the_event_keeps_the_signature():
    event = conference()
    signatory = SignatoryFactory(signing_event=event, signing_occasion="ICC IX")

    event.delete()

    signatory.refresh_from_db()
    assert signatory.signing_event is None
    assert signatory.signing_occasion == "ICC IX"


def test_the_charter_demo_runs_without_the_events_demo():
    content_demo.load()
    charter_demo.load()

    nuremberg = Signatory.objects.get(city__name="Nuremberg")
    assert nuremberg.signing_event is None
    assert nuremberg.signing_occasion == charter_demo.CONF_IX


def test_event_titles_and_occasions_are_escaped(client):
    event = conference(title="<script>alert(1)</script>")
    SignatoryFactory(signing_event=event)
    SignatoryFactory(signing_occasion="<img src=x onerror=alert(2)>")

    content = client.get("/charter/").content.decode()

    assert "<script>alert(1)" not in content and "&lt;script&gt;alert(1)" in content
    assert "<img src=x" not in content
