"""Media in S3-compatible storage: uploads, renditions, downloads and deletions.

The bucket is served by moto's server mode, started here on one of our ports (moto
comes with the dev dependencies, so CI runs this; without it the tests skip).
"""

import io
import threading
import urllib.request

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from content import images
from content.images import rendition, rendition_name
from tests.factories import PublicationFactory, PublicationFileFactory
from tests.publications.test_downloads import CORRECTED, change_data

from .conftest import port

moto_server = pytest.importorskip("moto.server", reason="moto is not installed")
boto3 = pytest.importorskip("boto3")

pytestmark = pytest.mark.django_db

PORT = port(20)
ENDPOINT = f"http://127.0.0.1:{PORT}"
BUCKET = "eurocities-media"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture(scope="session")
def s3_server():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=PORT, verbose=False)
    server.start()
    yield boto3.client("s3", endpoint_url=ENDPOINT, region_name="us-east-1", **CREDENTIALS)
    server.stop()


@pytest.fixture
def bucket(s3_server, settings):
    s3_server.create_bucket(Bucket=BUCKET)
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": ENDPOINT,
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "addressing_style": "path",
        "file_overwrite": False,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "private": {
            "BACKEND": "content.object_storage.PrivateS3Storage",
            "OPTIONS": {**options, "location": "private"},
        },
    }
    yield s3_server
    for item in s3_server.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        s3_server.delete_object(Bucket=BUCKET, Key=item["Key"])
    s3_server.delete_bucket(Bucket=BUCKET)


def keys(client):
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def jpeg(colour="teal", size=(1200, 900)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_the_default_storage_is_the_bucket(bucket):
    assert type(storages["default"]).__name__ == "S3Storage"
    assert type(storages["private"]).__name__ == "PrivateS3Storage"


def test_uploads_renditions_downloads_and_deletions_go_to_the_bucket(
    bucket, staff_client, client, django_capture_on_commit_callbacks
):
    document = PublicationFileFactory()
    first_file = "private/" + document.file.name  # documents: under private/, no address
    assert first_file in keys(bucket)

    # Upload through the admin: a cover image and a corrected file.
    data = change_data(document, SimpleUploadedFile("report-v2.pdf", CORRECTED))
    data["cover_image"] = SimpleUploadedFile("cover.jpg", jpeg())
    data["cover_alt_text"] = "The cover"
    url = reverse("admin:publications_publication_change", args=[document.publication.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, data)
    assert response.status_code == 302
    document.refresh_from_db()
    publication = document.publication
    assert publication.cover_image.name in keys(bucket)
    assert "private/" + document.file.name in keys(bucket)
    assert first_file not in keys(bucket)  # the replaced file is gone

    # A page shows a rendition stored in, and served from, the bucket.
    page = client.get(publication.get_absolute_url())
    cover = rendition_name(publication.cover_image.name, "cover")
    assert cover in keys(bucket)
    picture = rendition(publication.cover_image, "cover")
    assert picture.url.startswith(f"{ENDPOINT}/{BUCKET}/{cover}")
    # Signed URLs carry the second they were made: compare the address before "?".
    assert f'src="{picture.url.split("?")[0]}?' in page.text
    with urllib.request.urlopen(picture.url, timeout=10) as served:
        assert Image.open(io.BytesIO(served.read())).size == (480, 640)

    # The download streams the file from the bucket, with our headers.
    download = client.get(reverse("publications:download", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == CORRECTED
    assert download["Content-Type"] == "application/pdf"

    # Deleting the publication deletes its file and the cover's renditions.
    with django_capture_on_commit_callbacks(execute=True):
        publication.delete()
    assert "private/" + document.file.name not in keys(bucket)
    assert cover not in keys(bucket)


def test_replacing_a_cover_removes_the_old_renditions(bucket, django_capture_on_commit_callbacks):
    publication = PublicationFactory(
        cover_image=SimpleUploadedFile("old.jpg", jpeg("red")), cover_alt_text="Old"
    )
    old = publication.cover_image.name
    old_card = rendition(publication.cover_image, "card").name
    assert old_card in keys(bucket)

    publication.cover_image = SimpleUploadedFile("new.jpg", jpeg("blue"))
    with django_capture_on_commit_callbacks(execute=True):
        publication.save()
    assert old not in keys(bucket)
    assert old_card not in keys(bucket)
    assert rendition(publication.cover_image, "card").name in keys(bucket)


def test_a_rendition_asked_for_by_many_requests_at_once_is_made_once(bucket, monkeypatch):
    publication = PublicationFactory(
        cover_image=SimpleUploadedFile("busy.jpg", jpeg()), cover_alt_text="Busy"
    )
    renders = []
    real_render = images._render

    def counting_render(*args):
        renders.append(1)
        return real_render(*args)

    monkeypatch.setattr(images, "_render", counting_render)
    monkeypatch.setattr(images, "RENDITION_WAIT_SECONDS", 120)  # a loaded CI machine is slow
    start = threading.Barrier(6)
    results = []

    def ask():
        start.wait()
        results.append(rendition(publication.cover_image, "wide"))

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(150)

    assert len(renders) == 1
    assert len({result.name for result in results}) == 1 and None not in results
    assert [key for key in keys(bucket) if key.startswith("renditions/")] == [results[0].name]
