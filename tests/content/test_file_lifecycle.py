"""content.uploads for every app: zip bombs refused unopened, replaced and deleted
files removed, documents private."""

import io
import os
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from charter.models import MonitoringReport
from content.images import RENDITIONS, rendition, rendition_name
from content.models import Person
from content.uploads import MAX_INFLATED_SIZE, validate_document
from publications.models import Publication, PublicationFile
from tests.factories import (
    ArticleFactory,
    MonitoringReportFactory,
    PersonFactory,
    PublicationFactory,
    PublicationFileFactory,
)
from tests.publications.test_uploads import ADD_URL, PDF, form_data, image_bytes

pytestmark = pytest.mark.django_db


def stored_files():
    return sorted(
        path
        for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
        if root.exists()
        for path in root.rglob("*")
        if path.is_file()
    )


def zip_of(members, extension_parts=("[Content_Types].xml", "word/document.xml")):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in extension_parts:
            archive.writestr(name, "<x/>")
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def never_inflate(monkeypatch):
    """Fail the test if anything opens a member of a zip (inflating it)."""

    original = zipfile.ZipFile.open

    def open_for_writing_only(self, name, mode="r", *args, **kwargs):
        if mode == "r":
            raise AssertionError("a zip member was inflated")
        return original(self, name, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", open_for_writing_only)


# --- Zip bombs ----------------------------------------------------------------------


def test_a_docx_inflating_past_the_total_limit_is_refused_unopened_and_nothing_is_kept(
    staff_client, never_inflate
):
    # 30 members of 8 MB of zeros: 240 MB inflated, under a megabyte packed; each
    # member's ratio alone would pass, the total does not.
    members = [(f"word/media/part{n}.bin", b"\0" * (8 * 1024 * 1024)) for n in range(30)]
    bomb = zip_of(members)
    assert len(bomb) < 1024 * 1024
    response = staff_client.post(ADD_URL, form_data(document=SimpleUploadedFile("b.docx", bomb)))
    assert response.status_code == 200
    assert (
        "This document would expand to 240 MB when opened (the maximum is 200 MB), so it was "
        "refused unopened. It may be a zip bomb"
    ) in response.text
    assert not Publication.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("extension", ["docx", "xlsx", "pptx", "odt"])
def test_a_document_part_inflating_by_a_huge_ratio_is_refused(
    staff_client, never_inflate, extension
):
    parts = {
        "docx": ("[Content_Types].xml", "word/document.xml"),
        "xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
        "pptx": ("[Content_Types].xml", "ppt/presentation.xml"),
        "odt": ("mimetype",),
    }[extension]
    bomb = zip_of([("content.xml", b"\0" * (20 * 1024 * 1024))], extension_parts=parts)
    response = staff_client.post(
        ADD_URL, form_data(document=SimpleUploadedFile(f"report.{extension}", bomb))
    )
    assert response.status_code == 200
    assert "A part of this document (content.xml) would expand" in response.text
    assert "(the maximum is 100), so it was refused unopened" in response.text
    assert stored_files() == []


def test_the_model_validator_refuses_a_bomb_written_around_the_form(never_inflate):
    bomb = zip_of([("word/big.xml", b"\0" * (MAX_INFLATED_SIZE + 1))])
    with pytest.raises(ValidationError, match="zip bomb"):
        validate_document(SimpleUploadedFile("bomb.docx", bomb))


def test_an_ordinary_docx_is_still_accepted(staff_client):
    docx = zip_of([("word/styles.xml", "<w:styles/>" * 200)])
    response = staff_client.post(ADD_URL, form_data(document=SimpleUploadedFile("r.docx", docx)))
    assert response.status_code == 302


def test_the_charter_uses_the_same_checks(staff_client):
    signatory = MonitoringReportFactory().signatory
    fake = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script>")
    response = staff_client.post(
        "/admin/charter/monitoringreport/add/",
        {"signatory": signatory.pk, "year": "2021", "file": fake},
    )
    assert "The file content does not match its .pdf extension. Detected format: HTML." in (
        response.text
    )
    assert stored_files() == []


# --- Replaced and deleted files -----------------------------------------------------


def image(name="photo.png"):
    return SimpleUploadedFile(name, image_bytes(size=(800, 600)), content_type="image/png")


def path_of(field_file):
    return field_file.storage.path(field_file.name)


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: PersonFactory(photo=image(), photo_alt_text="A face"), "photo"),
        (lambda: ArticleFactory(lead_image=image(), lead_image_alt_text="A street"), "lead_image"),
        (lambda: PublicationFactory(cover_image=image(), cover_alt_text="A cover"), "cover_image"),
        (lambda: PublicationFileFactory(), "file"),
        (lambda: MonitoringReportFactory(file=SimpleUploadedFile("r.pdf", PDF)), "file"),
    ],
    ids=["person photo", "lead image", "cover", "document", "monitoring report"],
)
def test_a_replaced_file_is_removed_and_so_is_a_deleted_rows_file(
    make, field, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = make()
    old = path_of(getattr(item, field))
    with django_capture_on_commit_callbacks(execute=True):
        setattr(
            item,
            field,
            image("new.png") if field != "file" else SimpleUploadedFile("new.pdf", PDF),
        )
        item.save()
    new = path_of(getattr(item, field))
    assert new != old
    assert not os.path.exists(old)
    assert os.path.exists(new)
    with django_capture_on_commit_callbacks(execute=True):
        item.delete()
    assert stored_files() == []


def test_a_replaced_images_renditions_go_with_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publication = PublicationFactory(cover_image=image(), cover_alt_text="A cover")
    old_name = publication.cover_image.name
    made = [rendition(publication.cover_image, size) for size in ("thumbnail", "cover")]
    assert all(made)
    with django_capture_on_commit_callbacks(execute=True):
        publication.cover_image = image("other.png")
        publication.save()
    storage = publication.cover_image.storage
    assert not any(storage.exists(rendition_name(old_name, size)) for size in RENDITIONS)


def test_clearing_a_photo_in_the_admin_removes_the_file(
    staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = PersonFactory(photo=image(), photo_alt_text="A face", role_title="")
    old = path_of(person.photo)
    data = {
        "name": person.name,
        "email": "",
        "photo-clear": "on",
        "photo_alt_text": "",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:content_person_change", args=[person.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    assert not Person.objects.get().photo
    assert stored_files() == []
    assert not os.path.exists(old)


def test_replacing_a_lead_image_in_the_admin_removes_the_old_one(
    staff_client, django_capture_on_commit_callbacks
):
    from tests.content.test_admin import article_form_data

    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(
            slug="cities-welcome-newcomers", lead_image=image(), lead_image_alt_text="Street"
        )
    old = path_of(article.lead_image)
    data = article_form_data(lead_image=image("new.png"), lead_image_alt_text="A square")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:content_article_change", args=[article.pk]), data
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not os.path.exists(old)
    assert len(stored_files()) == 1


def test_a_file_another_row_still_uses_is_kept(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = PersonFactory(photo=image(), photo_alt_text="A face")
    second = PersonFactory(photo=first.photo.name, photo_alt_text="The same face")
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert os.path.exists(path_of(second.photo))


def test_a_rolled_back_replacement_keeps_the_old_file(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = MonitoringReportFactory(file=ContentFile(PDF, name="r.pdf"))
    old = path_of(report.file)
    # No commit: the on_commit callbacks never run, so nothing is removed.
    report.file = SimpleUploadedFile("new.pdf", PDF)
    report.save()
    assert os.path.exists(old)
    assert MonitoringReport.objects.count() == 1


# --- Drafts' documents are private --------------------------------------------------


def test_a_drafts_file_is_unreachable_at_every_address(staff_client):
    client = Client()  # anonymous (staff_client is the `client` fixture, logged in)
    response = staff_client.post(
        ADD_URL,
        form_data(document=SimpleUploadedFile("secret.pdf", PDF), status="draft"),
    )
    assert response.status_code == 302
    document = PublicationFile.objects.get()
    name = document.file.name
    # Not under MEDIA_ROOT at all, so no media address can reach it ...
    assert not (settings.MEDIA_ROOT / name).exists()
    assert (settings.PRIVATE_MEDIA_ROOT / name).exists()
    for url in [
        f"{settings.MEDIA_URL}{name}",
        f"{settings.MEDIA_URL}../private-media/{name}",
        f"{settings.MEDIA_URL}%2e%2e/private-media/{name}",
        document.get_absolute_url(),
    ]:
        assert client.get(url).status_code in (400, 404), url
    # ... and the page does not link it either.
    draft = Publication.objects.get()
    assert client.get(draft.get_absolute_url()).status_code == 404
    # Staff preview it through the download view only.
    assert staff_client.get(document.get_absolute_url()).status_code == 200


def test_once_published_the_file_downloads_but_still_has_no_media_address(client):
    document = PublicationFileFactory()
    assert client.get(document.get_absolute_url()).status_code == 200
    assert client.get(f"{settings.MEDIA_URL}{document.file.name}").status_code == 404
    with pytest.raises(ValueError, match="no public address"):
        document.file.url  # noqa: B018


def test_covers_and_their_renditions_stay_public(client):
    publication = PublicationFactory(cover_image=image(), cover_alt_text="A cover")
    PublicationFileFactory(publication=publication)
    html = client.get(publication.get_absolute_url()).content.decode()
    picture = rendition(publication.cover_image, "cover")
    assert picture.url in html
    assert client.get(picture.url).status_code == 200


def test_the_admin_links_a_stored_document_to_its_download_view(staff_client):
    document = PublicationFileFactory()
    page = staff_client.get(
        reverse("admin:publications_publication_change", args=[document.publication.pk])
    ).text
    assert f'href="{document.get_absolute_url()}"' in page
    assert document.file.name not in page.replace(document.original_name, "")


def test_existing_documents_move_out_of_media(django_capture_on_commit_callbacks):
    import importlib

    from django.apps import apps
    from django.core.files.storage import default_storage

    migration = importlib.import_module("publications.migrations.0003_documents_in_private_storage")
    document = PublicationFileFactory()
    name = document.file.name
    # As an upload stored before this change: under MEDIA_ROOT, not private.
    default_storage.save(name, ContentFile(PDF))
    document.file.storage.delete(name)
    migration.move_documents_to_private_storage(apps, None)
    assert not default_storage.exists(name)
    assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes() == PDF


def test_a_save_reads_the_stored_row_once_for_files_address_and_search(
    django_capture_on_commit_callbacks,
):
    # File cleanup, the old-address redirect and the search index all compare with
    # the stored row; it is read once before the save, not once each.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(lead_image=image(), lead_image_alt_text="A photo")
    old = path_of(article.lead_image)
    article.lead_image = image("other.png")
    article.slug = "a-new-address"
    with django_capture_on_commit_callbacks(execute=True):
        with CaptureQueriesContext(connection) as queries:
            article.save()
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT")
        and f'FROM "content_article" WHERE "content_article"."id" = {article.pk}' in q["sql"]
    ]
    assert len(reads) == 1
    assert not os.path.exists(old)  # the replaced image went
    from django.contrib.redirects.models import Redirect

    assert Redirect.objects.filter(new_path=article.get_absolute_url()).exists()
