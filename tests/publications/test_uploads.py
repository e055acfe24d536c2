"""Uploading through the admin: what is accepted, what is refused, what is left behind."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from publications.models import Publication, PublicationFile
from tests.factories import DocumentTypeFactory

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
ADD_URL = reverse("admin:publications_publication_add")


def image_bytes(fmt="PNG", size=(40, 30), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 1).save(buffer, fmt)
    return buffer.getvalue()


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def stored_files():
    """Every stored file, public (covers) or private (documents)."""
    return sorted(
        p
        for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
        if root.exists()
        for p in root.rglob("*")
        if p.is_file()
    )


def form_data(document=None, cover=None, **overrides):
    data = {
        "document_type": DocumentTypeFactory().pk,
        "title": "Cities and refugees",
        "slug": "cities-and-refugees",
        "summary": "A report.",
        "body": "<p>Text</p>",
        "status": "published",
        "published_at_0": "2018-01-03",
        "published_at_1": "10:00:00",
        "cover_alt_text": "The report's cover" if cover else "",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "files-0-language": "en",
        "files-0-title": "",
        "files-0-order": "0",
    }
    if document is not None:
        data["files-0-file"] = document
    if cover is not None:
        data["cover_image"] = cover
    data.update(overrides)
    return data


def test_a_valid_pdf_and_cover_are_stored_and_the_pdf_downloads_with_safe_headers(
    staff_client, client
):
    response = staff_client.post(
        ADD_URL,
        form_data(
            document=SimpleUploadedFile("Rapport d’intégration.pdf", PDF, "text/html"),
            cover=SimpleUploadedFile("cover.png", image_bytes(), "image/png"),
        ),
    )

    assert response.status_code == 302, response.context["errors"]
    publication = Publication.objects.get()
    document = publication.files.get()
    assert document.original_name == "Rapport d’intégration.pdf"
    assert document.size == len(PDF)
    assert document.content_type == "application/pdf"
    assert document.file.name.startswith("documents/")
    assert publication.cover_image.name.startswith("publications/covers/")

    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"  # not the claimed text/html
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"].startswith("default-src 'none'")
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Rapport%20d%E2%80%99int%C3%A9gration.pdf" in disposition


def test_an_office_document_is_accepted(staff_client):
    response = staff_client.post(
        ADD_URL, form_data(document=SimpleUploadedFile("toolkit.docx", docx_bytes()))
    )
    assert response.status_code == 302
    document = PublicationFile.objects.get()
    assert document.content_type.endswith("wordprocessingml.document")
    assert document.link_label == f"DOCX, {document.size} bytes"


def test_a_traversal_name_is_stored_inside_the_upload_folder(staff_client):
    response = staff_client.post(
        ADD_URL, form_data(document=SimpleUploadedFile("../../etc/passwd.pdf", PDF))
    )
    assert response.status_code == 302
    (path,) = stored_files()
    assert path.name == "passwd.pdf"
    assert path.is_relative_to(settings.PRIVATE_MEDIA_ROOT / "documents")


def test_two_uploads_with_the_same_name_do_not_overwrite_each_other(staff_client):
    staff_client.post(ADD_URL, form_data(document=SimpleUploadedFile("report.pdf", PDF)))
    staff_client.post(
        ADD_URL,
        form_data(
            document=SimpleUploadedFile("report.pdf", PDF + b"%second"),
            title="Second",
            slug="second",
        ),
    )
    first, second = PublicationFile.objects.order_by("pk")
    assert first.file.name != second.file.name
    assert first.file.read() == PDF


PDF_REFUSALS = {
    "renamed executable": (
        SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\x00" * 300),
        "does not match its .pdf extension",
    ),
    "html renamed pdf": (
        SimpleUploadedFile("x.html.pdf", b"<html><script>alert(1)</script></html>"),
        "does not match its .pdf extension",
    ),
    "html": (SimpleUploadedFile("page.html", b"<html></html>"), "“html” is not allowed"),
    "svg": (SimpleUploadedFile("logo.svg", b"<svg/>"), "“svg” is not allowed"),
    "nul in name": (SimpleUploadedFile("x.pdf\x00.html", PDF), "not allowed"),
    "bidi override": (SimpleUploadedFile("report\u202efdp.exe", PDF), "“exe” is not allowed"),
    "empty": (SimpleUploadedFile("empty.pdf", b""), "The submitted file is empty."),
    "zip that is no document": (
        SimpleUploadedFile("data.docx", b"PK\x03\x04" + b"\x00" * 100),
        "does not match its .docx extension",
    ),
}


@pytest.mark.parametrize("upload, message", PDF_REFUSALS.values(), ids=PDF_REFUSALS.keys())
def test_a_refused_document_gives_a_message_and_leaves_nothing_behind(
    staff_client, upload, message
):
    response = staff_client.post(ADD_URL, form_data(document=upload))

    assert response.status_code == 200
    assert message in response.text
    assert not Publication.objects.exists()
    assert not PublicationFile.objects.exists()
    assert stored_files() == []


def test_an_oversized_document_is_refused_with_its_size(staff_client, settings):
    settings.MAX_UPLOAD_SIZE = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024 + 200 * 1024)

    response = staff_client.post(ADD_URL, form_data(document=SimpleUploadedFile("big.pdf", big)))

    assert response.status_code == 200
    assert "File too large: 1.2 MB (maximum 1 MB)." in response.text
    assert not Publication.objects.exists()
    assert stored_files() == []


def truncated(data):
    return data[: len(data) // 2]


IMAGE_REFUSALS = {
    "svg": (SimpleUploadedFile("cover.svg", b"<svg onload='alert(1)'/>"), "Upload a valid"),
    "html renamed png": (SimpleUploadedFile("cover.png", b"<html></html>"), "Upload a valid"),
    "png renamed jpg": (
        SimpleUploadedFile("cover.jpg", image_bytes("PNG")),
        "extension does not match the file format (PNG)",
    ),
    "truncated png": (
        SimpleUploadedFile("cover.png", truncated(image_bytes("PNG", (300, 300)))),
        "Upload a valid",
    ),
    "truncated jpeg": (
        SimpleUploadedFile("cover.jpg", truncated(image_bytes("JPEG", (300, 300)))),
        "Upload a valid",
    ),
    "decompression bomb": (
        SimpleUploadedFile("cover.png", image_bytes("PNG", (12000, 12000), "1")),
        "This image has too many pixels (144,000,000)",
    ),
    "huge decompression bomb": (
        SimpleUploadedFile("cover.png", image_bytes("PNG", (30000, 30000), "1")),
        "Upload a valid",  # pillow refuses it outright in Django's ImageField
    ),
}


@pytest.mark.parametrize("upload, message", IMAGE_REFUSALS.values(), ids=IMAGE_REFUSALS.keys())
def test_a_refused_cover_gives_a_message_and_leaves_nothing_behind(staff_client, upload, message):
    response = staff_client.post(
        ADD_URL, form_data(document=SimpleUploadedFile("report.pdf", PDF), cover=upload)
    )

    assert response.status_code == 200
    assert message in response.text
    assert not Publication.objects.exists()
    assert stored_files() == []


def test_a_cover_needs_alt_text(staff_client):
    response = staff_client.post(
        ADD_URL,
        form_data(cover=SimpleUploadedFile("cover.png", image_bytes()), cover_alt_text=""),
    )
    assert response.status_code == 200
    assert "A cover image needs a description (alt text)." in response.text
    assert stored_files() == []


def test_an_article_lead_image_is_checked_too(staff_client):
    response = staff_client.post(
        reverse("admin:content_article_add"),
        {
            "kind": "news",
            "title": "Bomb",
            "slug": "bomb",
            "status": "draft",
            "published_at_0": "2026-01-01",
            "published_at_1": "10:00:00",
            "lead_image": SimpleUploadedFile("lead.png", image_bytes("PNG", (12000, 12000), "1")),
            "lead_image_alt_text": "A picture",
        },
    )
    assert response.status_code == 200
    assert "too many pixels" in response.text
    assert stored_files() == []


def test_an_upper_case_extension_is_accepted_and_stored_in_lower_case(staff_client):
    response = staff_client.post(ADD_URL, form_data(document=SimpleUploadedFile("REPORT.PDF", PDF)))
    assert response.status_code == 302
    document = PublicationFile.objects.get()
    assert document.file.name.endswith("/REPORT.pdf")
    assert document.original_name == "REPORT.PDF"


def test_a_macro_enabled_office_file_renamed_docx_is_refused(staff_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"macro")
    response = staff_client.post(
        ADD_URL, form_data(document=SimpleUploadedFile("letter.docx", buffer.getvalue()))
    )
    assert response.status_code == 200
    assert "does not match its .docx extension" in response.text
    assert stored_files() == []
