import pytest
from django.urls import reverse

from content.demo import brussels
from events.models import Event
from tests.factories import CityFactory, EventFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "kind": Event.Kind.WEBINAR,
        "title": "Webinar on housing",
        "slug": "webinar-on-housing",
        "summary": "",
        "body": "",
        "starts_at_0": "2020-12-02",
        "starts_at_1": "10:00:00",
        "ends_at_0": "2020-12-02",
        "ends_at_1": "11:30:00",
        "occurrence": Event.Occurrence.SCHEDULED,
        "attendance": Event.Attendance.ONLINE,
        "status": "published",
        "published_at_0": "2020-11-01",
        "published_at_1": "09:00:00",
        "programme-TOTAL_FORMS": "0",
        "programme-INITIAL_FORMS": "0",
        "programme-MIN_NUM_FORMS": "0",
        "programme-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_admin_adds_an_event_with_brussels_times_and_themes(staff_client):
    theme = ThemeFactory(slug="housing")
    response = staff_client.post(reverse("admin:events_event_add"), form_data(themes=[theme.pk]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert event.starts_at == brussels(2020, 12, 2, 10, 0)
    assert list(event.themes.all()) == [theme]
    assert event.created_by == staff_client.user


def test_admin_refuses_an_end_before_the_start_with_an_error_on_the_end_field(staff_client):
    response = staff_client.post(
        reverse("admin:events_event_add"), form_data(ends_at_0="2020-12-01")
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["ends_at"] == ["An event cannot end before it starts."]
    assert "__all__" not in form.errors
    assert not Event.objects.exists()


def test_admin_accepts_an_all_day_event_whose_times_are_out_of_order_on_the_same_day(
    staff_client,
):
    response = staff_client.post(
        reverse("admin:events_event_add"),
        form_data(all_day="on", starts_at_1="15:00:00", ends_at_1="09:00:00"),
    )
    assert response.status_code == 302
    assert Event.objects.get().when_label == "2 December 2020"


def test_admin_edits_programme_sessions_on_the_conference(staff_client):
    conference = EventFactory(kind=Event.Kind.CONFERENCE, title="Conference")
    EventFactory(parent=conference, title="Opening session")
    response = staff_client.get(reverse("admin:events_event_change", args=[conference.pk]))
    assert response.status_code == 200
    assert "Opening session" in response.text


def test_admin_refuses_a_session_ending_before_it_starts_in_the_inline(staff_client):
    data = form_data(
        **{
            "programme-TOTAL_FORMS": "1",
            "programme-0-title": "Session",
            "programme-0-kind": Event.Kind.WORKSHOP,
            "programme-0-starts_at_0": "2020-12-02",
            "programme-0-starts_at_1": "10:00:00",
            "programme-0-ends_at_0": "2020-12-02",
            "programme-0-ends_at_1": "09:00:00",
            "programme-0-occurrence": Event.Occurrence.SCHEDULED,
            "programme-0-status": "published",
        }
    )
    response = staff_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 200
    assert "An event cannot end before it starts." in response.text
    assert not Event.objects.exists()


def test_admin_adds_a_session_from_the_conference_page(staff_client):
    data = form_data(
        **{
            "programme-TOTAL_FORMS": "1",
            "programme-0-title": "Opening",
            "programme-0-kind": Event.Kind.WORKSHOP,
            "programme-0-starts_at_0": "2020-12-02",
            "programme-0-starts_at_1": "10:00:00",
            "programme-0-ends_at_0": "2020-12-02",
            "programme-0-ends_at_1": "10:30:00",
            "programme-0-occurrence": Event.Occurrence.SCHEDULED,
            "programme-0-status": "published",
        }
    )
    response = staff_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302
    conference = Event.objects.get(parent=None)
    assert [s.title for s in conference.programme.all()] == ["Opening"]
    assert conference.programme.get().slug == "opening"


@pytest.mark.parametrize("when", ["", "upcoming", "past"])
def test_admin_changelist_loads_with_each_when_filter(staff_client, when):
    city = CityFactory(name="Nuremberg")
    EventFactory(title="Coming webinar", city=city)
    response = staff_client.get(reverse("admin:events_event_changelist"), {"when": when})
    assert response.status_code == 200
    assert ("Coming webinar" in response.text) is (when != "past")


def test_admin_changelist_search_and_date_hierarchy_work(staff_client):
    EventFactory(title="Integrating Cities Conference", starts_at=brussels(2020, 12, 2, 10))
    EventFactory(title="Housing webinar", starts_at=brussels(2021, 3, 4, 10))
    url = reverse("admin:events_event_changelist")
    for query in [{"q": "integrating"}, {"starts_at__year": "2020"}]:
        response = staff_client.get(url, query)
        assert response.status_code == 200
        titles = [event.title for event in response.context["cl"].result_list]
        assert titles == ["Integrating Cities Conference"], query


def test_admin_add_page_loads(staff_client):
    response = staff_client.get(reverse("admin:events_event_add"))
    assert response.status_code == 200
    assert "Brussels time" in response.text


def test_admin_refuses_a_javascript_registration_link(staff_client):
    response = staff_client.post(
        reverse("admin:events_event_add"), form_data(registration_url="javascript:alert(1)")
    )
    assert response.context["adminform"].form.errors["registration_url"] == ["Enter a valid URL."]
    assert not Event.objects.exists()


def test_admin_refuses_sessions_of_sessions(staff_client):
    conference = EventFactory(kind=Event.Kind.CONFERENCE)
    session = EventFactory(parent=conference)
    response = staff_client.post(reverse("admin:events_event_add"), form_data(parent=session.pk))
    assert response.context["adminform"].form.errors["parent"] == [
        "Choose a main event: sessions cannot have sessions."
    ]


def test_admin_shows_dangerous_titles_escaped_in_the_changelist(staff_client):
    EventFactory(title="<script>alert(1)</script>")
    response = staff_client.get(reverse("admin:events_event_changelist"))
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"kind__exact": "webinar"},
        {"attendance__exact": "online"},
        {"occurrence__exact": "cancelled"},
        {"city__id__exact": "1"},
        {"themes__id__exact": "1"},
        {"working_group__id__exact": "1"},
        {"status__exact": "draft"},
    ],
)
def test_admin_changelist_filters_load(staff_client, query):
    EventFactory(themes=[ThemeFactory()], city=CityFactory())
    response = staff_client.get(reverse("admin:events_event_changelist"), query)
    assert response.status_code == 200
