from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.demo import brussels
from events.models import Event
from tests.clock import NEXT_YEAR, NOW
from tests.factories import CityFactory, EventFactory, ThemeFactory
from tests.html import element

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def titles(response):
    assert response.status_code == 200
    return sorted(event.title for event in response.context["page_obj"])


def test_filter_by_theme_includes_sub_themes(client):
    parent = ThemeFactory(slug="inclusion")
    child = ThemeFactory(slug="migration", parent=parent)
    EventFactory(title="Child", themes=[child])
    EventFactory(title="Parent", themes=[parent])
    EventFactory(title="Other")
    assert titles(client.get(reverse("events:list"), {"theme": "inclusion"})) == [
        "Child",
        "Parent",
    ]


def test_filter_by_kind(client):
    EventFactory(title="Webinar", kind=Event.Kind.WEBINAR)
    EventFactory(title="Conference", kind=Event.Kind.CONFERENCE)
    assert titles(client.get(reverse("events:list"), {"kind": "webinar"})) == ["Webinar"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("online", ["Both", "Online"]), ("in_person", ["Both", "In person"])],
)
def test_filter_online_or_in_person_counts_mixed_events_as_both(client, value, expected):
    EventFactory(title="Online", attendance=Event.Attendance.ONLINE)
    EventFactory(title="In person", attendance=Event.Attendance.IN_PERSON)
    EventFactory(title="Both", attendance=Event.Attendance.MIXED)
    assert titles(client.get(reverse("events:list"), {"attendance": value})) == expected


def test_filter_by_city_offers_only_cities_with_events(client):
    nuremberg = CityFactory(name="Nuremberg")
    CityFactory(name="Nowhere")
    EventFactory(title="In Nuremberg", city=nuremberg)
    EventFactory(title="Elsewhere")
    response = client.get(reverse("events:list"), {"city": nuremberg.slug})
    assert titles(response) == ["In Nuremberg"]
    assert "Nowhere" not in response.text


def test_filter_by_date_range_keeps_events_overlapping_it(client):
    base = timezone.now() + timedelta(days=40)
    day = base.date()
    EventFactory(
        title="Before", starts_at=base - timedelta(days=10), ends_at=base - timedelta(days=9)
    )
    EventFactory(
        title="Overlapping", starts_at=base - timedelta(days=2), ends_at=base + timedelta(hours=1)
    )
    EventFactory(
        title="Inside", starts_at=base + timedelta(days=1), ends_at=base + timedelta(days=1)
    )
    EventFactory(
        title="After", starts_at=base + timedelta(days=10), ends_at=base + timedelta(days=10)
    )
    response = client.get(
        reverse("events:list"),
        {"start": day.isoformat(), "end": (day + timedelta(days=3)).isoformat()},
    )
    assert titles(response) == ["Inside", "Overlapping"]


def test_date_filter_uses_brussels_dates(client):
    # 23:30 UTC on 1 July is already 2 July in Brussels.
    EventFactory(
        title="Late",
        starts_at=brussels(NEXT_YEAR, 7, 2, 1, 30),
        ends_at=brussels(NEXT_YEAR, 7, 2, 2, 30),
    )
    assert titles(
        client.get(
            reverse("events:list"), {"start": f"{NEXT_YEAR}-07-02", "end": f"{NEXT_YEAR}-07-02"}
        )
    ) == ["Late"]
    assert titles(client.get(reverse("events:list"), {"end": f"{NEXT_YEAR}-07-01"})) == []


def test_past_list_is_filtered_too(client):
    EventFactory(
        title="Old webinar",
        kind=Event.Kind.WEBINAR,
        starts_at=brussels(2020, 11, 25, 10),
        ends_at=brussels(2020, 11, 25, 11, 30),
    )
    EventFactory(title="Old meeting", starts_at=brussels(2020, 1, 1), ends_at=brussels(2020, 1, 1))
    assert titles(client.get(reverse("events:past"), {"kind": "webinar"})) == ["Old webinar"]


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2020-13-45"},
        {"start": "yesterday"},
        {"end": "2020-02-30"},
        {"start": "99999-01-01"},
        {"theme": "nonexistent"},
        {"theme": "\x00"},
        {"city": "\x00"},
        {"kind": "<script>x</script>"},
        {"attendance": "x" * 3000},
        {"city": "99999999999999999999"},
    ],
)
def test_malformed_filters_give_the_unfiltered_list_with_a_form_error(client, query):
    EventFactory(title="Coming")
    response = client.get(reverse("events:list"), query)
    assert titles(response) == ["Coming"]
    assert response.context["errors"] or response.context["facets"].ignored
    assert 'role="alert"' in response.text
    assert "<script>x</script>" not in response.text


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "99999", "\x00", "last"])
@pytest.mark.parametrize("name", ["events:list", "events:past"])
def test_odd_page_numbers_never_crash(client, name, page):
    assert client.get(reverse(name), {"page": page}).status_code == 200


def test_repeated_and_unknown_parameters_are_harmless(client):
    EventFactory(title="Webinar", kind=Event.Kind.WEBINAR)
    response = client.get(
        reverse("events:list") + "?kind=conference&kind=webinar&utm_source=x&start[]=1"
    )
    assert titles(response) == ["Webinar"]


def test_unknown_or_nul_slugs_are_404(client):
    assert client.get("/events/no-such-event/").status_code == 404
    assert client.get("/events/no-such-event.ics").status_code == 404
    assert client.get("/events/%00/").status_code == 404
    assert client.get("/events/%00.ics").status_code == 404


def test_a_date_range_ending_before_it_starts_is_an_error_on_the_end_date(client):
    EventFactory(
        title="Coming",
        starts_at=brussels(NEXT_YEAR, 7, 2, 10),
        ends_at=brussels(NEXT_YEAR, 7, 2, 11),
    )
    response = client.get(
        reverse("events:list"), {"start": f"{NEXT_YEAR}-07-01", "end": f"{NEXT_YEAR}-06-01"}
    )
    assert titles(response) == ["Coming"]
    assert response.context["filterset"].form.errors["end"] == [
        "The end date cannot be before the start date."
    ]


def test_the_date_inputs_keep_what_was_asked_and_mark_what_was_wrong(client):
    response = client.get(reverse("events:list"), {"start": '"><script>', "end": "2026-05-05"})
    start = element(response.text, "input", name="start")
    end = element(response.text, "input", name="end")
    # Only what the page holds: the errors are said in the alert above the form, so
    # no aria-describedby pointing at an element that is not there.
    assert start.attrs == {
        "type": "date",
        "name": "start",
        "value": '"><script>',
        "aria-invalid": "true",
        "id": "id_start",
    }
    assert end.attrs == {"type": "date", "name": "end", "value": "2026-05-05", "id": "id_end"}
    assert 'value="&quot;&gt;&lt;script&gt;"' in response.text
    assert 'role="alert"' in response.text
