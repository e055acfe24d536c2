import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from content.demo import brussels
from content.models import Status
from events.models import Event
from tests.clock import NEXT_YEAR, NOW
from tests.factories import (
    CityFactory,
    EventFactory,
    PersonFactory,
    ProjectFactory,
    ThemeFactory,
    WorkingGroupFactory,
)
from tests.html import element, elements, links, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>',
        response.text,
        re.S,
    )
    assert match, "no JSON-LD script with a nonce"
    assert match.group(1) in response["Content-Security-Policy"]
    return json.loads(match.group(2))


def test_upcoming_list_shows_running_and_future_events_soonest_first(client):
    now = timezone.now()
    EventFactory(title="Later", starts_at=now + timedelta(days=9), ends_at=now + timedelta(days=9))
    EventFactory(
        title="Running", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    EventFactory(title="Over", starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2))
    response = client.get(reverse("events:list"))
    assert response.status_code == 200
    titles = [event.title for event in response.context["page_obj"]]
    assert titles == ["Running", "Later"]


def test_past_list_shows_ended_events_newest_first(client):
    now = timezone.now()
    EventFactory(title="Old", starts_at=now - timedelta(days=30), ends_at=now - timedelta(days=30))
    EventFactory(title="Recent", starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=2))
    EventFactory(title="Coming")
    response = client.get(reverse("events:past"))
    assert [event.title for event in response.context["page_obj"]] == ["Recent", "Old"]


def test_detail_shows_when_where_registration_programme_contacts_and_themes(client):
    city = CityFactory(name="Nuremberg")
    theme = ThemeFactory(name="Migration", slug="migration")
    conference = EventFactory(
        title="Integrating Cities Conference IX",
        kind=Event.Kind.CONFERENCE,
        starts_at=timezone.now() + timedelta(days=20),
        ends_at=timezone.now() + timedelta(days=21),
        attendance=Event.Attendance.ONLINE,
        city=city,
        registration_url="https://example.org/register",
        working_group=WorkingGroupFactory(name="Migration group"),
        project=ProjectFactory(acronym="VALUES"),
        contacts=[PersonFactory(name="Rossella Nicoletti")],
        themes=[theme],
    )
    second = EventFactory(
        title="Second workshop", parent=conference, starts_at=timezone.now() + timedelta(days=3)
    )
    first = EventFactory(
        title="First workshop", parent=conference, starts_at=timezone.now() + timedelta(days=2)
    )
    EventFactory(title="Draft workshop", parent=conference, status=Status.DRAFT)
    response = client.get(conference.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert text.index("First workshop") < text.index("Second workshop")
    assert "Draft workshop" not in text
    assert "https://example.org/register" in text
    assert "Rossella Nicoletti" in text
    assert 'href="/topics/migration/"' in text
    assert "hosted by Nuremberg" in text
    assert conference.get_ics_url() in text
    assert "<time datetime=" in text
    # Each session links back to its conference.
    for session in (first, second):
        session_page = client.get(session.get_absolute_url()).text
        assert f'href="{conference.get_absolute_url()}"' in session_page


def test_a_session_of_a_draft_conference_does_not_link_to_it(client):
    conference = EventFactory(title="Secret conference", status=Status.DRAFT)
    session = EventFactory(parent=conference)
    response = client.get(session.get_absolute_url())
    assert response.status_code == 200
    assert "Secret conference" not in response.text


def test_structured_data_describes_an_online_event(client):
    event = EventFactory(
        title="Webinar",
        starts_at=brussels(NEXT_YEAR, 12, 2, 10, 0),
        ends_at=brussels(NEXT_YEAR, 12, 2, 11, 30),
        attendance=Event.Attendance.ONLINE,
    )
    data = json_ld(client.get(event.get_absolute_url()))
    assert data["@type"] == "Event"
    assert data["name"] == "Webinar"
    assert data["startDate"] == f"{NEXT_YEAR}-12-02T10:00:00+01:00"
    assert data["endDate"] == f"{NEXT_YEAR}-12-02T11:30:00+01:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["url"] == f"http://testserver{event.get_absolute_url()}"


def test_structured_data_describes_a_place_and_dates_only_for_all_day_events(client):
    event = EventFactory(
        all_day=True,
        starts_at=brussels(NEXT_YEAR, 5, 6),
        ends_at=brussels(NEXT_YEAR, 5, 8),
        city=CityFactory(name="Antwerp"),
        venue_name="City hall",
        attendance=Event.Attendance.MIXED,
    )
    data = json_ld(client.get(event.get_absolute_url()))
    assert (data["startDate"], data["endDate"]) == (f"{NEXT_YEAR}-05-06", f"{NEXT_YEAR}-05-08")
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["name"] == "City hall"
    assert place["address"]["addressLocality"] == "Antwerp"
    assert virtual["@type"] == "VirtualLocation"


@pytest.mark.parametrize(
    ("occurrence", "label", "schema"),
    [
        (Event.Occurrence.CANCELLED, "Cancelled", "https://schema.org/EventCancelled"),
        (Event.Occurrence.POSTPONED, "Postponed", "https://schema.org/EventPostponed"),
    ],
)
def test_cancelled_or_postponed_events_say_so_on_every_page(client, occurrence, label, schema):
    theme = ThemeFactory(slug="migration")
    city = CityFactory()
    event = EventFactory(title="The meeting", occurrence=occurrence, themes=[theme], city=city)
    detail = client.get(event.get_absolute_url())
    assert f"This event is {label.lower()}" in detail.text
    assert json_ld(detail)["eventStatus"] == schema
    for url in [
        reverse("events:list"),
        reverse("home"),
        reverse("topic", kwargs={"slug": "migration"}),
        city.get_absolute_url(),
    ]:
        text = client.get(url).text
        assert f'<strong class="badge badge--{occurrence}">{label}</strong>' in text, url


def test_hostile_title_is_escaped_in_the_page_and_the_structured_data(client):
    payload = "</script><script>alert(1)</script>"
    event = EventFactory(title=payload, summary="<b>bold</b>")
    response = client.get(event.get_absolute_url())
    assert "<script>alert(1)" not in response.text
    assert "&lt;b&gt;bold&lt;/b&gt;" in response.text
    assert json_ld(response)["name"] == payload


def test_event_appears_in_the_navigation_and_the_latest_feed_of_its_topic(client):
    theme = ThemeFactory(slug="migration")
    event = EventFactory(title="Feed event", themes=[theme])
    response = client.get(reverse("topic", kwargs={"slug": "migration"}), {"kind": "event"})
    assert response.status_code == 200
    assert [item.title for item in response.context["page_obj"]] == ["Feed event"]
    latest = element(response.text, "section", aria_labelledby="latest-heading")
    assert event.get_absolute_url() in links(latest)
    # The main navigation has an Events entry, marked current only on the events pages.
    nav = element(response.text, "nav", aria_label="Main")
    assert "/events/" in links(nav)
    assert not elements(nav, "a", href="/events/", aria_current=True)
    nav = element(client.get(reverse("events:list")).text, "nav", aria_label="Main")
    assert elements(nav, "a", href="/events/", aria_current="page")


def test_working_group_page_shows_its_upcoming_events(client):
    group = WorkingGroupFactory()
    EventFactory(title="Group meeting", working_group=group)
    EventFactory(title="Other meeting")
    response = client.get(group.get_absolute_url())
    # The meeting is in the group's Latest feed too: look in the upcoming section itself.
    upcoming = element(response.text, "section", aria_labelledby="upcoming-events-heading")
    assert "Group meeting" in text_of(upcoming)
    assert "Other meeting" not in response.text


def test_city_page_lists_the_events_it_hosted(client):
    city = CityFactory(name="Nuremberg")
    conference = EventFactory(
        title="Hosted conference", city=city, starts_at=brussels(2020, 12, 2, 10)
    )
    EventFactory(title="Conference day one", city=city, parent=conference)
    EventFactory(title="Elsewhere")
    response = client.get(city.get_absolute_url())
    hosted = element(response.text, "section", aria_labelledby="city-events-heading")
    assert text_of(element(hosted, "h2")) == "Events hosted by Nuremberg"
    assert [text_of(title) for title in elements(hosted, class_="card__title")] == [
        "Hosted conference"
    ]
    assert "Conference day one" not in response.text
    assert "Elsewhere" not in response.text


def test_topic_page_shows_upcoming_events_with_the_theme_or_a_sub_theme(client):
    parent = ThemeFactory(slug="inclusion", name="Inclusion")
    child = ThemeFactory(slug="migration", name="Migration", parent=parent)
    EventFactory(title="Child theme event", themes=[child])
    EventFactory(title="Unthemed event")
    EventFactory(
        title="Past themed event",
        themes=[parent],
        starts_at=brussels(2020, 1, 1),
        ends_at=brussels(2020, 1, 1),
    )
    response = client.get(reverse("topic", kwargs={"slug": "inclusion"}))
    events = [event.title for event in response.context["upcoming_events"]]
    assert events == ["Child theme event"]
    assert "/events/upcoming.ics?theme=inclusion" in response.text


def test_a_javascript_link_stored_around_the_admin_is_never_rendered(client):
    event = EventFactory(registration_url="javascript:alert(1)", online_url="JAVASCRIPT:x")
    response = client.get(event.get_absolute_url())
    assert "javascript:" not in response.text.lower()
    assert "offers" not in json_ld(response)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_event_pages_only_answer_safe_methods(client, method):
    event = EventFactory()
    for url in [reverse("events:list"), event.get_absolute_url(), event.get_ics_url()]:
        assert getattr(client, method)(url).status_code == 405


def test_head_requests_work(client):
    event = EventFactory()
    for url in [reverse("events:list"), event.get_absolute_url(), event.get_ics_url()]:
        response = client.head(url)
        assert response.status_code == 200
        assert response.content == b""


def test_during_the_conference_it_is_upcoming_and_its_workshops_are_past(client):
    conference = EventFactory(
        title="Conference IX",
        starts_at=brussels(2020, 12, 2, 10, 0),
        ends_at=brussels(2020, 12, 3, 13, 0),
        published_at=brussels(2020, 10, 1),
    )
    EventFactory(
        title="Workshop",
        parent=conference,
        starts_at=brussels(2020, 11, 25, 10, 0),
        ends_at=brussels(2020, 11, 25, 11, 30),
        published_at=brussels(2020, 10, 1),
    )
    with time_machine.travel(brussels(2020, 12, 3, 12, 59), tick=False):
        upcoming = [e.title for e in client.get(reverse("events:list")).context["page_obj"]]
        past = [e.title for e in client.get(reverse("events:past")).context["page_obj"]]
    assert (upcoming, past) == (["Conference IX"], ["Workshop"])
    with time_machine.travel(brussels(2020, 12, 3, 13, 1), tick=False):
        upcoming = [e.title for e in client.get(reverse("events:list")).context["page_obj"]]
        past = [e.title for e in client.get(reverse("events:past")).context["page_obj"]]
    assert (upcoming, past) == ([], ["Conference IX", "Workshop"])
