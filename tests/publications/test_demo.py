import io

import pytest
from django.core.management import call_command

from publications.demo import pdf_bytes
from publications.models import DocumentType, Publication, PublicationFile

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_document_type_across_years_and_can_be_loaded_twice(client):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())

    publications = Publication.objects.published()
    assert {p.document_type_id for p in publications} == set(
        DocumentType.objects.values_list("pk", flat=True)
    )
    assert len({p.published_at.year for p in publications}) >= 5
    assert PublicationFile.objects.count() == Publication.objects.count() + 4
    assert Publication.objects.exclude(cover_image="").count() >= 3
    document = PublicationFile.objects.first()
    assert document.content_type == "application/pdf"
    assert document.original_name.endswith(".pdf")
    assert client.get(document.get_absolute_url()).status_code == 200
    assert client.get("/publications/").status_code == 200


def test_the_generated_pdf_has_a_correct_cross_reference_table():
    data = pdf_bytes("Refugee reception (2016)")
    assert data.startswith(b"%PDF-1.4") and data.endswith(b"%%EOF\n")
    xref = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert data[xref:].startswith(b"xref\n0 6\n")
    entries = data[xref:].split(b"\n")[3:8]
    for number, entry in enumerate(entries, start=1):
        offset = int(entry.split()[0])
        assert data[offset:].startswith(b"%d 0 obj" % number)
    assert b"(Refugee reception \\(2016\\)) Tj" in data
