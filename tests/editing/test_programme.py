"""New programme sessions take the conference's publishing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Status
from events.models import Event
from tests.factories import EventFactory

from .admin_forms import add_inline_row, change_form_data

pytestmark = pytest.mark.django_db


def new_session(data, title, start, **fields):
    return add_inline_row(
        data,
        "programme",
        title=title,
        kind=Event.Kind.WORKSHOP,
        starts_at_0=f"{start:%Y-%m-%d}",
        starts_at_1="10:00:00",
        ends_at_0=f"{start:%Y-%m-%d}",
        ends_at_1="11:00:00",
        occurrence=Event.Occurrence.SCHEDULED,
        **fields,
    )


def save(client, conference, **changes):
    url = reverse("admin:events_event_change", args=[conference.pk])
    page = client.get(url)
    data = change_form_data(page, **changes)
    return url, page, data


@pytest.mark.parametrize("status", [Status.DRAFT, Status.PUBLISHED])
def test_a_new_session_shows_and_takes_the_conference_status(comms_client, status):
    conference = EventFactory(kind=Event.Kind.CONFERENCE, status=status)
    url, page, data = save(comms_client, conference)
    empty = page.context["inline_admin_formsets"][0].formset.empty_form
    assert empty["status"].value() == status

    new_session(data, "Workshop A", conference.starts_at, status=status)
    response = comms_client.post(url, data)
    assert response.status_code == 302
    assert Event.objects.get(title="Workshop A").status == status


def test_a_session_added_while_the_conference_is_published_follows_it(comms_client):
    conference = EventFactory(kind=Event.Kind.CONFERENCE, status=Status.DRAFT)
    url, _page, data = save(comms_client, conference, status=Status.PUBLISHED)
    # The row still shows the old (draft) default; the editor did not touch it.
    new_session(data, "Workshop B", conference.starts_at, status=Status.DRAFT)
    assert comms_client.post(url, data).status_code == 302
    assert Event.objects.get(title="Workshop B").status == Status.PUBLISHED


def test_a_status_the_editor_chose_for_a_new_session_is_kept(comms_client):
    conference = EventFactory(kind=Event.Kind.CONFERENCE, status=Status.PUBLISHED)
    url, _page, data = save(comms_client, conference)
    new_session(data, "Not ready", conference.starts_at, status=Status.DRAFT)
    assert comms_client.post(url, data).status_code == 302
    assert Event.objects.get(title="Not ready").status == Status.DRAFT


def test_a_new_session_never_goes_live_before_its_scheduled_conference(comms_client):
    later = (timezone.now() + timedelta(days=5)).replace(microsecond=0, second=0)
    conference = EventFactory(kind=Event.Kind.CONFERENCE, published_at=later)
    url, _page, data = save(comms_client, conference)
    new_session(data, "Keynote", conference.starts_at, status=Status.PUBLISHED)
    assert comms_client.post(url, data).status_code == 302
    session = Event.objects.get(title="Keynote")
    assert session.published_at == later
    assert session.is_scheduled()


def test_existing_sessions_keep_their_status(comms_client):
    conference = EventFactory(kind=Event.Kind.CONFERENCE, status=Status.PUBLISHED)
    EventFactory(title="Old draft", parent=conference, status=Status.DRAFT)
    url, _page, data = save(comms_client, conference, summary="Changed")
    assert comms_client.post(url, data).status_code == 302
    assert Event.objects.get(title="Old draft").status == Status.DRAFT
