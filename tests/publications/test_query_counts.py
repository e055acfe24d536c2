"""Exact query counts of the documents library and a publication's page."""

import pytest
from django.urls import reverse

from tests.factories import (
    DocumentTypeFactory,
    PersonFactory,
    ProjectFactory,
    PublicationFactory,
    PublicationFileFactory,
    ThemeFactory,
    WorkingGroupFactory,
)
from tests.query_counts import assert_query_counts

pytestmark = pytest.mark.django_db

# Queries per page (SQLite and PostgreSQL alike), pinned exactly so that one more fails:
# when a page legitimately changes, update its number here, the one place that holds them.
# Publications on topic and working group pages: tests/eurocities/test_query_counts.py.
QUERIES = {
    "library": 4,
    "library, filtered": 7,
    "library, page 2": 4,
    "publication": 7,
}
SIZES = [1, 30]  # publications of each type: one, and more than a page


def make_library(count):
    theme = ThemeFactory(slug="migration")
    sub = ThemeFactory(slug="refugees", parent=theme)
    group = WorkingGroupFactory(slug="migration-group")
    project = ProjectFactory(slug="unites")
    people = PersonFactory.create_batch(2)
    for document_type in [DocumentTypeFactory(), DocumentTypeFactory(slug="toolkit")]:
        for _ in range(count):
            publication = PublicationFactory(
                document_type=document_type, themes=[theme, sub], working_group=group
            )
            publication.projects.add(project)
            publication.contacts.set(people)
            for language in ["en", "fr", "de"]:
                PublicationFileFactory(publication=publication, language=language)
    return publication


def pages(publication):
    library = reverse("publications:list")
    return {
        "library": library,
        "library, filtered": f"{library}?theme=migration&type=report&working_group="
        "migration-group&project=unites",
        "library, page 2": f"{library}?page=2",
        "publication": publication.get_absolute_url(),
    }


@pytest.mark.parametrize("count", SIZES)
def test_the_library_and_a_publication_run_an_exact_number_of_queries(client, count):
    assert_query_counts(client, pages(make_library(count)), QUERIES)
