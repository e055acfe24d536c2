"""The documents library, the detail page, and publications on topic and group pages."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Status
from tests.clock import NOW
from tests.factories import (
    ArticleFactory,
    DocumentTypeFactory,
    ProjectFactory,
    PublicationFactory,
    PublicationFileFactory,
    ThemeFactory,
    WorkingGroupFactory,
)
from tests.html import element, elements, links, text_of

pytestmark = pytest.mark.django_db

LIST_URL = reverse("publications:list")


def dated(year, month=6, day=1):
    return datetime(year, month, day, 12, tzinfo=UTC)


def test_the_library_lists_public_publications_newest_first_with_a_count(client):
    PublicationFactory(title="Older report", published_at=dated(2016))
    PublicationFactory(title="Newer report", published_at=dated(2018))
    PublicationFactory(title="Draft report", status=Status.DRAFT)
    PublicationFactory(title="Future report", published_at=timezone.now() + timedelta(days=1))

    response = client.get(LIST_URL)

    assert response.status_code == 200
    text = response.text
    assert text.index("Newer report") < text.index("Older report")
    assert "Draft report" not in text
    assert "Future report" not in text
    assert text_of(element(text, "p", class_="result-count")) == "2 publications"


def test_the_library_filters_by_type_theme_year_working_group_and_project(client):
    theme = ThemeFactory(slug="migration", name="Migration")
    sub_theme = ThemeFactory(slug="refugees", name="Refugees", parent=theme)
    group = WorkingGroupFactory(slug="migration-group")
    project = ProjectFactory(slug="unites")
    letter = DocumentTypeFactory(slug="open-letter", name="Open letter")
    wanted = PublicationFactory(
        title="Wanted",
        document_type=letter,
        published_at=dated(2016),
        themes=[sub_theme],
        working_group=group,
    )
    wanted.projects.add(project)
    PublicationFactory(title="Other type", published_at=dated(2016), themes=[sub_theme])
    PublicationFactory(title="Other year", document_type=letter, published_at=dated(2017))

    for query in [
        "type=open-letter&year=2016",
        "theme=migration&type=open-letter",
        "year=2016&working_group=migration-group",
        "project=unites",
    ]:
        response = client.get(f"{LIST_URL}?{query}")
        assert response.status_code == 200
        assert "Wanted" in response.text, query
        assert "Other type" not in response.text, query
        assert "Other year" not in response.text, query


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=99999",
        "page=abc",
        "page=1.5",
        "year=99999999999999999999",
        "year=-1",
        "year=abc",
        "type=%00",
        "theme=%00",
        "working_group=%00",
        "project=%00",
        "theme=<script>x</script>",
        "type=" + "x" * 3000,
        "type=report&type=nonexistent",
        "page[]=2&utm_source=x",
    ],
)
def test_hostile_query_strings_never_fail(client, query):
    PublicationFactory(title="Still here")
    response = client.get(f"{LIST_URL}?{query}")
    assert response.status_code == 200
    assert "<script>x</script>" not in response.text


def test_an_impossible_year_is_a_form_error_not_a_crash(client):
    response = client.get(f"{LIST_URL}?year=99999999999999999999")
    assert response.status_code == 200
    assert "Year: unknown choice." in response.text


def test_the_detail_page_shows_files_with_format_and_size_themes_and_related(client):
    theme = ThemeFactory(slug="culture", name="Culture")
    publication = PublicationFactory(title="Culture toolkit", themes=[theme])
    PublicationFileFactory(publication=publication, language="fr", title="Résumé")
    PublicationFactory(title="Another culture report", themes=[theme])

    response = client.get(publication.get_absolute_url())

    assert response.status_code == 200
    assert '<h1 dir="auto">Culture toolkit</h1>' in response.text
    assert "Résumé – French" in response.text
    assert "(PDF, 69 bytes)" in response.text
    assert reverse("topic", kwargs={"slug": "culture"}) in response.text
    assert "Another culture report" in response.text


@pytest.mark.time_machine(NOW, tick=False)  # 'future' is relative to a pinned now
@pytest.mark.parametrize(
    "overrides",
    [{"status": Status.DRAFT}, {"published_at": NOW + timedelta(days=1)}],
    ids=["draft", "future"],
)
def test_an_unpublished_publication_and_its_files_are_404(client, overrides):
    document = PublicationFileFactory(publication=PublicationFactory(**overrides))
    assert client.get(document.publication.get_absolute_url()).status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404


def test_staff_can_preview_a_draft_and_download_its_file_uncached(staff_client):
    document = PublicationFileFactory(publication=PublicationFactory(status=Status.DRAFT))
    assert staff_client.get(document.publication.get_absolute_url()).status_code == 200
    download = staff_client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/publications/files/99999999999999999999/download/",
        "/publications/files/abc/download/",
        "/publications/%00/",
        "/publications/no-such-publication/",
    ],
)
def test_unknown_addresses_are_404(client, path):
    assert client.get(path).status_code == 404


def test_topic_and_working_group_pages_show_their_publications(client):
    theme = ThemeFactory(slug="migration", has_topic_page=True)
    group = WorkingGroupFactory(slug="migration-group")
    PublicationFactory(title="Statement on asylum", themes=[theme], working_group=group)

    topic = client.get(reverse("topic", kwargs={"slug": "migration"}))
    group_page = client.get(reverse("working_group", kwargs={"slug": "migration-group"}))

    sections = {}
    for name, response in [("topic", topic), ("group", group_page)]:
        assert response.status_code == 200
        # The statement is in the Latest feed as well: look in the publications section.
        sections[name] = element(response.text, "section", aria_labelledby="publications-heading")
        assert "Statement on asylum" in text_of(sections[name])
    assert "/publications/?theme=migration" in links(sections["topic"])
    assert "/publications/?working_group=migration-group" in links(sections["group"])


def test_the_latest_feed_can_show_only_publications(client):
    theme = ThemeFactory(slug="migration", has_topic_page=True)
    publication = PublicationFactory(title="Statement on asylum", themes=[theme])
    ArticleFactory.create_batch(10, title="News on asylum", themes=[theme])
    url = reverse("topic", kwargs={"slug": "migration"})

    # Unfiltered, the publication sits in the page's documents section, so the
    # feed below leaves it out (no item twice on one page).
    everything = element(client.get(url).text, "section", aria_labelledby="latest-heading")
    assert text_of(element(everything, "p", class_="result-count")) == "10 items"

    response = client.get(url, {"kind": "publication"})
    assert response.status_code == 200
    latest = element(response.text, "section", aria_labelledby="latest-heading")
    assert text_of(element(latest, "p", class_="result-count")) == "1 item"
    cards = elements(latest, "h3", class_="card__title")
    assert [links(card) for card in cards] == [[publication.get_absolute_url()]]


@pytest.mark.parametrize("count", [1, 15])
def test_topic_and_group_pages_stay_within_10_queries_with_publications(
    client, django_assert_max_num_queries, count
):
    theme = ThemeFactory(slug="migration", has_topic_page=True)
    group = WorkingGroupFactory(slug="migration-group")
    PublicationFactory.create_batch(count, themes=[theme], working_group=group)
    ArticleFactory.create_batch(count, themes=[theme], working_group=group)
    for url in [
        reverse("topic", kwargs={"slug": "migration"}),
        reverse("working_group", kwargs={"slug": "migration-group"}),
    ]:
        with django_assert_max_num_queries(10):
            response = client.get(url)
        assert response.status_code == 200
        # Both pages highlight the newest publications and leave them out of the feed.
        highlighted = len(response.context["publications"])
        assert response.context["page_obj"].paginator.count + highlighted == 2 * count


def test_the_main_navigation_links_to_the_library(client):
    response = client.get(LIST_URL)
    assert f'<a href="{LIST_URL}" aria-current="page">Publications</a>' in response.text
