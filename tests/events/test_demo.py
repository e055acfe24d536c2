import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Event

pytestmark = pytest.mark.django_db


def test_demo_has_a_conference_programme_and_events_either_side_of_today(client):
    call_command("load_demo")
    call_command("load_demo")  # idempotent: nothing duplicated
    conference = Event.objects.get(slug="integrating-cities-conference-ix")
    sessions = list(conference.programme.order_by("starts_at"))
    assert len(sessions) == 6
    assert sessions[0].when_label == "25 November 2020, 10:00 – 11:30 CET"
    assert sessions[1].when_label == "26 November 2020, 10:00 – 12:00 CET"
    assert conference.project.acronym == "VALUES"
    assert conference.city.name == "Nuremberg"
    public = Event.objects.published()
    assert public.upcoming().filter(kind=Event.Kind.WEBINAR).exists()
    assert public.past().filter(kind=Event.Kind.WEBINAR).exists()
    assert public.upcoming().filter(kind=Event.Kind.WORKING_GROUP_MEETING).exists()
    assert public.past().filter(kind=Event.Kind.WORKING_GROUP_MEETING).exists()
    assert public.filter(occurrence=Event.Occurrence.CANCELLED).exists()
    assert public.filter(occurrence=Event.Occurrence.POSTPONED).exists()
    assert any(e.start_date != e.end_date for e in public.filter(all_day=True))
    assert Event.objects.filter(slug="study-visit-utrecht-2020").get().when_label == "6–8 May 2020"
    for url in [
        reverse("events:list"),
        reverse("events:past"),
        conference.get_absolute_url(),
        conference.get_ics_url(),
        reverse("events:upcoming_ics"),
        reverse("home"),
        reverse("topic", kwargs={"slug": "migration-and-integration"}),
        reverse("working_group", kwargs={"slug": "migration-and-integration"}),
        reverse("city", kwargs={"slug": "nuremberg"}),
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(conference.get_absolute_url()).text
    assert page.index("Protecting the rights") < page.index("Labour market integration")
