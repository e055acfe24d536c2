"""The demo content `make run` loads: what each app shows, and that a second run adds nothing.

The demo is loaded once for this module (the `demo` fixture); each test rolls back its own
changes, so the second load in the first test does not leak into the others.
"""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from charter.models import MonitoringReport, Pledge, Signatory
from content.models import Article
from events.models import Event
from publications.models import DocumentType, Publication, PublicationFile

PROJECT_APPS = {"content", "events", "publications", "charter"}


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
    }


def test_loading_the_demo_again_changes_no_count(demo):
    before = row_counts()
    call_command("load_demo", stdout=io.StringIO())
    assert row_counts() == before
    assert before["content.Article"] >= 30


def test_the_topic_page_shows_the_demo_theme(demo, client):
    response = client.get(reverse("topic", kwargs={"slug": "migration-and-integration"}))
    assert response.status_code == 200
    assert '<h1 dir="auto">Migration and integration</h1>' in response.text


def test_the_demo_has_every_document_type_across_years(demo, client):
    publications = Publication.objects.published()
    assert {p.document_type_id for p in publications} == set(
        DocumentType.objects.values_list("pk", flat=True)
    )
    assert len({p.published_at.year for p in publications}) >= 5
    assert PublicationFile.objects.count() == Publication.objects.count() + 4
    assert Publication.objects.exclude(cover_image="").count() >= 3
    document = PublicationFile.objects.first()
    assert document.content_type == "application/pdf"
    assert document.original_name.endswith(".pdf")
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert client.get("/publications/").status_code == 200


def test_the_demo_has_a_conference_programme_and_events_either_side_of_today(demo, client):
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
        reverse("working_group", kwargs={"slug": "migration-and-integration"}),
        reverse("city", kwargs={"slug": "nuremberg"}),
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(conference.get_absolute_url()).text
    assert page.index("Protecting the rights") < page.index("Labour market integration")


def test_the_demo_has_dozens_of_signatories_in_every_state(demo, client):
    current = Signatory.objects.current().count()
    assert current >= 24
    assert Signatory.objects.in_pipeline().count() >= 3
    assert Signatory.objects.filter(status=Signatory.Status.WITHDRAWN).count() >= 2
    assert Pledge.objects.count() >= 3
    assert MonitoringReport.objects.count() >= 2
    years = {s.signed_on.year for s in Signatory.objects.current()}
    assert min(years) == 2010 and len(years) >= 10
    rotterdam = Pledge.objects.get(city__name="Rotterdam")
    assert sorted(p.number for p in rotterdam.principles.all()) == [3, 4]
    assert Pledge.objects.totals()["amount"] > 4_000_000_000

    response = client.get("/charter/")
    assert response.context["count"] == current
    assert len(response.context["map_dots"]) == current


def test_the_demo_links_the_conference_ix_signings_to_the_demo_event(demo, client):
    linked = Signatory.objects.filter(signing_event__slug="integrating-cities-conference-ix")
    assert {s.city.name for s in linked} == {"Nuremberg", "Leipzig", "Bergen"}
    content = client.get("/events/integrating-cities-conference-ix/").text
    assert "Cities that signed the charter here" in content


@pytest.mark.parametrize("kind", ["news", "story", "call"])
def test_the_demo_has_published_articles_of_every_kind(demo, kind):
    assert Article.objects.published().filter(kind=kind).count() >= 2
