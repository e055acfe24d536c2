"""A published publication has something to read; filters offer no empty options."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content.models import Status
from publications.models import Publication
from tests.factories import (
    ArticleFactory,
    CityFactory,
    DocumentTypeFactory,
    EventFactory,
    ProjectFactory,
    PublicationFactory,
    PublicationFileFactory,
    ThemeFactory,
    WorkingGroupFactory,
)

from .test_uploads import ADD_URL, form_data

pytestmark = pytest.mark.django_db

MESSAGE = "A published publication needs at least one file or an external link"


def test_the_admin_refuses_to_publish_without_a_file_or_link(staff_client):
    response = staff_client.post(ADD_URL, form_data())
    assert response.status_code == 200
    assert MESSAGE in response.text
    assert not Publication.objects.exists()


def test_an_external_link_is_enough(staff_client):
    response = staff_client.post(ADD_URL, form_data(external_url="https://ec.europa.eu/report.pdf"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    publication = Publication.objects.get()
    page = Client().get(publication.get_absolute_url()).text
    assert 'href="https://ec.europa.eu/report.pdf"' in page


def test_a_draft_may_wait_for_its_file(staff_client):
    response = staff_client.post(ADD_URL, form_data(status="draft"))
    assert response.status_code == 302


def test_deleting_the_last_file_of_a_published_publication_is_refused(staff_client):
    document = PublicationFileFactory()
    publication = document.publication
    data = form_data(
        title=publication.title,
        slug=publication.slug,
        document_type=publication.document_type.pk,
        **{
            "files-INITIAL_FORMS": "1",
            "files-0-id": str(document.pk),
            "files-0-publication": str(publication.pk),
            "files-0-DELETE": "on",
        },
    )
    response = staff_client.post(
        reverse("admin:publications_publication_change", args=[publication.pk]), data
    )
    assert response.status_code == 200
    assert MESSAGE in response.text
    assert publication.files.count() == 1


def test_a_publication_without_anything_to_read_is_never_public(client):
    """Written around the admin (an import, a file deleted later): still not shown."""
    broken = PublicationFactory(title="Broken report", files=[])
    assert not Publication.objects.published().filter(pk=broken.pk).exists()
    assert client.get(broken.get_absolute_url()).status_code == 404
    assert "Broken report" not in client.get(reverse("publications:list")).text
    assert client.get(reverse("search"), {"q": "report"}).context["page_obj"].paginator.count == 0


def test_the_publish_action_leaves_incomplete_ones_as_drafts(staff_client):
    ready = PublicationFactory(title="Ready", status=Status.DRAFT)
    empty = PublicationFactory(title="Empty", status=Status.DRAFT, files=[])
    data = {"action": "publish", "_selected_action": [ready.pk, empty.pk]}
    url = reverse("admin:publications_publication_changelist")
    confirmation = staff_client.post(url, data)
    assert "This changes 1 item:" in confirmation.text
    assert "Empty (not published: no file and no external link)" in confirmation.text
    response = staff_client.post(url, {**data, "confirm": "yes"}, follow=True)
    assert "1 item published." in response.text
    ready.refresh_from_db()
    empty.refresh_from_db()
    assert (ready.status, empty.status) == (Status.PUBLISHED, Status.DRAFT)


def options(response, name):
    """The labels a facet offers (content.facets: only values public items carry)."""
    facet = next(facet for facet in response.context["facets"] if facet.name == name)
    return [option.label for option in facet.options]


def test_the_events_host_city_filter_lists_no_city_only_drafts_fill(client):
    EventFactory(city=CityFactory(name="Lisbon"))
    EventFactory(city=CityFactory(name="Draftville"), status=Status.DRAFT)
    EventFactory(
        city=CityFactory(name="Laterville"), published_at=timezone.now() + timedelta(days=2)
    )
    response = client.get(reverse("events:list"))
    assert options(response, "city") == ["Lisbon"]
    assert "Draftville" not in response.text
    filtered = client.get(reverse("events:list"), {"city": "draftville"})
    assert filtered.context["page_obj"].paginator.count == 0


def test_the_events_theme_filter_lists_no_theme_only_drafts_fill(client):
    parent = ThemeFactory(name="Inclusion", slug="inclusion")
    child = ThemeFactory(name="Housing", slug="housing", parent=parent)
    EventFactory(themes=[child])
    EventFactory(themes=[ThemeFactory(name="Secret", slug="secret")], status=Status.DRAFT)
    # In tree order: the parent, then the theme below it.
    assert options(client.get(reverse("events:list")), "theme") == ["Inclusion", "Housing"]


def test_the_calendar_keeps_a_city_with_past_public_events_valid(client):
    past = timezone.now() - timedelta(days=30)
    EventFactory(city=CityFactory(name="Ghent"), starts_at=past, ends_at=past)
    assert client.get(reverse("events:upcoming_ics"), {"city": "ghent"}).status_code == 200


def test_the_library_filters_offer_only_what_public_publications_carry(client):
    group, project = WorkingGroupFactory(name="Public group"), ProjectFactory(acronym="PUB")
    public = PublicationFactory(document_type=DocumentTypeFactory(), working_group=group)
    public.projects.add(project)
    draft_type = DocumentTypeFactory(name="Secret type", slug="secret-type")
    draft = PublicationFactory(
        status=Status.DRAFT,
        document_type=draft_type,
        working_group=WorkingGroupFactory(name="Draft group"),
        themes=[ThemeFactory(name="Draft theme", slug="draft-theme")],
    )
    draft.projects.add(ProjectFactory(acronym="DRAFT"))
    response = client.get(reverse("publications:list"))
    assert options(response, "type") == ["Report"]
    assert options(response, "working_group") == ["Public group"]
    assert options(response, "project") == ["PUB"]
    assert options(response, "theme") == []
    for hidden in ("Secret type", "Draft group", "DRAFT", "Draft theme"):
        assert hidden not in response.text


def test_the_news_theme_filter_offers_only_themes_of_public_articles(client):
    ArticleFactory(themes=[ThemeFactory(name="Culture", slug="culture")])
    ArticleFactory(themes=[ThemeFactory(name="Hidden", slug="hidden")], status=Status.DRAFT)
    assert options(client.get(reverse("content:article_list")), "theme") == ["Culture"]
