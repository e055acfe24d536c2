"""The publications admin: lists, filters, search, themes, and cleaning up files."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from publications.models import Publication, PublicationFile
from tests.factories import (
    DocumentTypeFactory,
    PublicationFactory,
    PublicationFileFactory,
    ThemeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:publications_publication_changelist")


def test_the_changelist_filters_by_type_year_theme_and_working_group(staff_client):
    theme = ThemeFactory(slug="culture")
    group = WorkingGroupFactory()
    toolkit = DocumentTypeFactory(slug="toolkit", name="Toolkit")
    PublicationFactory(
        title="Match",
        document_type=toolkit,
        published_at=datetime(2016, 11, 24, 10, tzinfo=UTC),
        themes=[theme],
        working_group=group,
    )
    PublicationFactory(title="Miss", published_at=datetime(2018, 1, 3, 10, tzinfo=UTC))

    for query in [
        f"document_type__id__exact={toolkit.pk}",
        "year=2016",
        f"themes__id__exact={theme.pk}",
        f"working_group__id__exact={group.pk}",
        "q=Match",
    ]:
        response = staff_client.get(f"{CHANGELIST}?{query}")
        assert response.status_code == 200, query
        assert [p.title for p in response.context["cl"].result_list] == ["Match"], query


@pytest.mark.parametrize("year", ["abc", "99999999999999999999", "-1"])
def test_a_malformed_year_filter_is_ignored(staff_client, year):
    PublicationFactory()
    assert staff_client.get(f"{CHANGELIST}?year={year}").status_code == 200


def test_a_nul_byte_in_a_list_filter_is_a_bad_request(staff_client):
    PublicationFactory()
    assert staff_client.get(f"{CHANGELIST}?year=%00").status_code == 400


def test_the_changelist_searches_file_names(staff_client):
    PublicationFileFactory(
        publication=PublicationFactory(title="Found"),
        file=SimpleUploadedFile("refugee-reception.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    PublicationFactory(title="Not found")
    response = staff_client.get(f"{CHANGELIST}?q=refugee-reception")
    assert [p.title for p in response.context["cl"].result_list] == ["Found"]


@pytest.mark.parametrize("count", [1, 25])
def test_the_changelist_needs_few_queries(staff_client, django_assert_max_num_queries, count):
    PublicationFactory.create_batch(count, working_group=WorkingGroupFactory())
    with django_assert_max_num_queries(20):
        assert staff_client.get(CHANGELIST).status_code == 200


def test_themes_are_saved_through_the_admin_form(staff_client):
    theme = ThemeFactory()
    response = staff_client.post(
        reverse("admin:publications_publication_add"),
        {
            "document_type": DocumentTypeFactory().pk,
            "title": "Themed",
            "slug": "themed",
            "status": "draft",
            "published_at_0": "2026-01-01",
            "published_at_1": "10:00:00",
            "themes": [theme.pk],
            "files-TOTAL_FORMS": "0",
            "files-INITIAL_FORMS": "0",
            "files-MIN_NUM_FORMS": "0",
            "files-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    assert list(Publication.objects.get().themes.all()) == [theme]


def test_the_body_is_sanitised_and_a_script_title_is_escaped(client):
    publication = PublicationFactory(
        title="<script>alert(1)</script>",
        body='<p onclick="x()">ok</p><script>alert(1)</script><a href="javascript:x">l</a>',
    )
    assert publication.body == '<p>ok</p><a rel="noopener noreferrer nofollow">l</a>'
    for url in [publication.get_absolute_url(), reverse("publications:list")]:
        text = client.get(url).text
        assert "<script>alert(1)" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_deleting_a_publication_removes_its_stored_files(
    staff_client, django_capture_on_commit_callbacks
):
    document = PublicationFileFactory()
    path = settings.PRIVATE_MEDIA_ROOT / document.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:publications_publication_delete", args=[document.publication.pk]),
            {"post": "yes"},
        )
    assert response.status_code == 302
    assert not PublicationFile.objects.exists()
    assert not path.exists()


def test_the_document_type_list_is_editable(staff_client):
    response = staff_client.get(reverse("admin:publications_documenttype_changelist"))
    assert response.status_code == 200
    assert "Policy brief" in response.text  # seeded by the data migration


@pytest.mark.django_db(transaction=True)
def test_document_types_come_back_after_a_flush():
    from django.core.management import call_command

    from publications.models import DocumentType

    call_command("flush", "--no-input", verbosity=0)
    assert DocumentType.objects.filter(slug="policy-brief").exists()
