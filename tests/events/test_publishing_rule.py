from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Status
from tests.clock import NOW
from tests.factories import CityFactory, EventFactory, ThemeFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.mark.time_machine(NOW, tick=False)  # 'future' is relative to a pinned now
@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Status.DRAFT},
        {"published_at": NOW + timedelta(days=1)},
    ],
    ids=["draft", "future"],
)
@pytest.mark.parametrize("when", ["upcoming", "past"])
def test_unpublished_event_is_404_and_absent_from_every_page_list_and_feed(client, overrides, when):
    theme = ThemeFactory(slug="migration")
    city = CityFactory()
    group = WorkingGroupFactory()
    days = 5 if when == "upcoming" else -5
    start = timezone.now() + timedelta(days=days)
    common = {"themes": [theme], "city": city, "working_group": group}
    dates = {"starts_at": start, "ends_at": start + timedelta(hours=1)}
    hidden = EventFactory(title="Hidden event", **common, **dates, **overrides)
    EventFactory(title="Visible event", **common, **dates)
    conference = EventFactory(title="Conference")
    hidden_session = EventFactory(title="Hidden session", parent=conference, **overrides)
    EventFactory(title="Visible session", parent=conference)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_ics_url()).status_code == 404
    assert client.get(hidden_session.get_absolute_url()).status_code == 404
    programme = client.get(conference.get_absolute_url()).text
    assert "Visible session" in programme  # the programme is shown, without the hidden one
    assert "Hidden session" not in programme

    pages = [
        reverse("events:list" if when == "upcoming" else "events:past"),
        reverse("topic", kwargs={"slug": "migration"}),
        group.get_absolute_url(),
        city.get_absolute_url(),
    ]
    if when == "upcoming":
        pages.append(reverse("home"))
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert "Visible event" in response.text, url
        assert "Hidden event" not in response.text, url
    for url in [
        reverse("events:upcoming_ics"),
        reverse("events:upcoming_ics") + "?theme=migration",
    ]:
        body = client.get(url).content.decode()
        assert "Hidden event" not in body
        assert ("Visible event" in body) is (when == "upcoming")


def test_staff_can_preview_a_draft_event_and_its_calendar_file(staff_client):
    draft = EventFactory(status=Status.DRAFT, title="Preview me")
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "not public yet" in response.text
    assert staff_client.get(draft.get_ics_url()).status_code == 200
