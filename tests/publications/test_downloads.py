"""Download addresses and headers, and what replacing or deleting a file does."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from publications.models import PublicationFile
from tests.factories import PublicationFactory, PublicationFileFactory

pytestmark = pytest.mark.django_db

CORRECTED = b"%PDF-1.7\n% corrected version\ntrailer<<>>\n%%EOF\n"


def change_data(document, upload):
    publication = document.publication
    return {
        "document_type": publication.document_type_id,
        "title": publication.title,
        "slug": publication.slug,
        "summary": publication.summary,
        "body": publication.body,
        "status": publication.status,
        "published_at_0": "2018-01-03",
        "published_at_1": "10:00:00",
        "cover_alt_text": "",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "1",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "files-0-id": document.pk,
        "files-0-publication": publication.pk,
        "files-0-file": upload,
        "files-0-language": "en",
        "files-0-title": "",
        "files-0-order": "0",
    }


def test_replacing_a_file_keeps_its_download_address_and_serves_the_new_version(
    staff_client, client, django_capture_on_commit_callbacks
):
    document = PublicationFileFactory()
    url = document.get_absolute_url()
    old_path = settings.PRIVATE_MEDIA_ROOT / document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:publications_publication_change", args=[document.publication.pk]),
            change_data(document, SimpleUploadedFile("report-v2.pdf", CORRECTED)),
        )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.get_absolute_url() == url
    assert document.original_name == "report-v2.pdf"
    assert document.size == len(CORRECTED)
    download = client.get(url)
    assert b"".join(download.streaming_content) == CORRECTED
    assert 'filename="report-v2.pdf"' in download["Content-Disposition"]
    assert not old_path.exists()


def test_a_refused_replacement_keeps_the_old_file(staff_client):
    document = PublicationFileFactory()
    response = staff_client.post(
        reverse("admin:publications_publication_change", args=[document.publication.pk]),
        change_data(document, SimpleUploadedFile("report.pdf", b"<html>x</html>")),
    )
    assert response.status_code == 200
    assert "does not match its .pdf extension" in response.text
    document.refresh_from_db()
    assert document.file.read().startswith(b"%PDF-")


def test_the_content_type_comes_from_the_allowlist_not_the_upload(client):
    document = PublicationFileFactory(
        file=SimpleUploadedFile("notes.pdf", b"%PDF-1.4\n%%EOF\n", content_type="text/html")
    )
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_missing_from_storage_is_404_not_500(client):
    document = PublicationFileFactory()
    (settings.PRIVATE_MEDIA_ROOT / document.file.name).unlink()
    assert client.get(document.get_absolute_url()).status_code == 404


def test_a_download_link_says_what_it_is():
    document = PublicationFileFactory(
        file=SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * int(2.3 * 1024 * 1024))
    )
    assert document.link_label == "PDF, 2.3 MB"


def test_head_and_unsafe_methods_on_downloads(client):
    document = PublicationFileFactory()
    assert client.head(document.get_absolute_url()).status_code == 200
    assert client.post(document.get_absolute_url()).status_code == 405


def test_publication_files_are_listed_in_language_order_given_by_editors(client):
    publication = PublicationFactory(files=[])
    PublicationFileFactory(publication=publication, language="fr", order=2)
    PublicationFileFactory(publication=publication, language="en", order=1)
    assert [f.language for f in PublicationFile.objects.all()] == ["en", "fr"]
