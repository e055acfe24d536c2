"""The image library and the list the editor's image picker reads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from PIL import Image as PILImage

from content.models import Image

pytestmark = pytest.mark.django_db


def png(name="harbour.png", size=(1600, 900)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (20, 90, 160)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def add_image(client, **fields):
    data = {"title": "Harbour", "file": png(), "alt_text": "Boats in the harbour",
            "credit": "Photo: City of Ghent"}  # fmt: skip
    data.update(fields)
    return client.post(reverse("admin:content_image_add"), data)


def test_communications_add_an_image_with_alt_text(comms_client):
    assert add_image(comms_client).status_code == 302
    image = Image.objects.get()
    assert image.created_by == comms_client.user


def test_an_image_needs_alt_text_unless_it_is_decorative(comms_client):
    response = add_image(comms_client, alt_text="")
    assert response.status_code == 200
    assert "Describe the image (alt text), or mark it as decorative." in response.text
    assert not Image.objects.exists()
    assert add_image(comms_client, alt_text="", decorative="on").status_code == 302


def test_the_database_refuses_an_undescribed_image():
    with pytest.raises(IntegrityError):
        Image.objects.create(title="x", file="library/x.png", alt_text="")


def test_the_picker_lists_resized_copies_with_alt_text_and_credit(comms_client):
    add_image(comms_client)
    add_image(comms_client, title="Pattern", alt_text="", decorative="on", credit="")
    response = comms_client.get(reverse("admin:content_image_picker"))
    assert response.status_code == 200
    images = response.json()["images"]
    assert [i["title"] for i in images] == ["Pattern", "Harbour"]
    harbour = images[1]
    assert harbour["alt"] == "Boats in the harbour"
    assert harbour["credit"] == "Photo: City of Ghent"
    assert harbour["src"].startswith("/media/renditions/")
    assert (harbour["width"], harbour["height"]) == (1200, 675)  # scaled, not cropped
    assert images[0]["decorative"] is True
    assert images[0]["alt"] == ""
    found = comms_client.get(reverse("admin:content_image_picker"), {"q": "boats"}).json()
    assert [i["title"] for i in found["images"]] == ["Harbour"]


def test_the_picker_is_for_staff_who_may_see_the_library(client, coordinator_client):
    url = reverse("admin:content_image_picker")
    assert client.get(url).status_code == 302  # to the login page
    assert coordinator_client.get(url).status_code == 403
