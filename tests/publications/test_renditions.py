"""Resized copies of uploaded images: made once, re-encoded, never the original."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from content import images
from content.images import rendition
from tests.factories import ArticleFactory, PersonFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def photo_with_gps(size=(2000, 1500)):
    picture = Image.new("RGB", size, "teal")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (50.0, 51.0, 0.0)}  # GPSInfo
    exif[0x010F] = "Camera maker"
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def publication_with_cover(**kwargs):
    return PublicationFactory(
        cover_image=SimpleUploadedFile("cover.jpg", photo_with_gps()),
        cover_alt_text="A cover",
        **kwargs,
    )


def test_a_rendition_is_resized_re_encoded_and_free_of_exif():
    publication = publication_with_cover()

    picture = rendition(publication.cover_image, "card")

    assert picture.url.startswith(settings.MEDIA_URL + "renditions/")
    with Image.open(settings.MEDIA_ROOT / picture.name) as stored:
        assert stored.size == (640, 360)
        assert stored.format == "WEBP"
        assert not stored.getexif()


def test_a_rendition_is_made_once_and_reused(monkeypatch):
    publication = publication_with_cover()
    first = rendition(publication.cover_image, "thumbnail")

    def fail(*args):
        raise AssertionError("rendered again")

    monkeypatch.setattr(images, "_render", fail)
    assert rendition(publication.cover_image, "thumbnail") == first


def test_an_unreadable_source_gives_no_rendition_rather_than_an_error():
    publication = publication_with_cover()
    (settings.MEDIA_ROOT / publication.cover_image.name).write_bytes(b"not an image")
    assert rendition(publication.cover_image, "card") is None


def test_pages_show_renditions_never_the_original(client):
    publication = publication_with_cover(title="With a cover")
    original = publication.cover_image.url

    for url in [reverse("publications:list"), publication.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        assert "/media/renditions/" in response.text
        assert original not in response.text


def asked_for_renditions(monkeypatch):
    """The keys of rendition lookups in the shared cache, as they happen."""
    asked, real_get = [], images.cache.get

    def get(key, *args, **kwargs):
        if key.startswith("rendition:"):
            asked.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(images.cache, "get", get)
    return asked


def test_a_list_of_covers_asks_the_shared_cache_once_per_version_of_content(
    client, shared_cache, monkeypatch
):
    for number in range(3):
        publication_with_cover(title=f"Covered {number}")
    assert client.get(reverse("publications:list")).status_code == 200  # made, and known
    asked = asked_for_renditions(monkeypatch)

    assert "/media/renditions/" in client.get(reverse("publications:list")).text
    assert asked == []
    publication_with_cover(title="One more")  # an edit: a new version of content
    assert client.get(reverse("publications:list")).text.count("/media/renditions/") == 4
    assert len(asked) == 4


def test_the_admin_list_shows_a_cover_thumbnail(staff_client):
    publication_with_cover(title="With a cover")
    response = staff_client.get(reverse("admin:publications_publication_changelist"))
    assert response.status_code == 200
    assert '<img src="/media/renditions/' in response.text
    assert 'alt="A cover"' in response.text  # the admin list has no title beside it


def test_an_article_lead_image_is_shown_as_a_rendition(client):
    article = ArticleFactory(
        lead_image=SimpleUploadedFile("lead.jpg", photo_with_gps()),
        lead_image_alt_text="A square",
    )
    response = client.get(article.get_absolute_url())
    assert "/media/renditions/" in response.text
    assert article.lead_image.url not in response.text


def test_a_contact_photo_is_shown_as_a_small_rendition(client):
    person = PersonFactory(
        photo=SimpleUploadedFile("face.jpg", photo_with_gps()), photo_alt_text="Portrait"
    )
    publication = PublicationFactory()
    publication.contacts.add(person)
    response = client.get(publication.get_absolute_url())
    assert "-avatar.webp" in response.text
    assert person.photo.url not in response.text
