"""Demo publications: every document type across several years, each with a small
generated PDF, a few with generated covers. Idempotent: matched on slug, and files
and covers are only made for publications that do not have them yet."""

import io
from importlib import import_module

from django.core.files.base import ContentFile
from django.utils.text import slugify
from PIL import Image, ImageDraw

from content.demo import brussels
from content.models import Person, Project, Status, Theme, WorkingGroup

from .models import DocumentType, Publication, PublicationFile

# title, type slug, (year, month, day), theme slugs, project slug, cover?, summary
PUBLICATIONS = [
    ("Labour market integration of refugees and asylum seekers", "report", (2018, 1, 3),
     ["migration-and-integration", "employment"], None, True,
     "What 19 cities in 12 EU countries do to help refugees into work, and what holds "
     "them back."),
    ("What role do cities play in social inclusion and welfare policies?", "policy-brief",
     (2017, 12, 22), ["social-rights"], None, False,
     "An outside expert looks at how the local role in designing and delivering welfare "
     "has changed."),
    ("Cities' actions for the education of refugees and asylum seekers", "report",
     (2017, 1, 16), ["migration-and-integration", "education"], None, True,
     "How schools, language classes and adult learning help newcomers settle in."),
    ("Integration through culture: inspiration toolkit n°2", "toolkit", (2016, 11, 24),
     ["migration-and-integration", "culture"], None, True,
     "Guidelines, case studies and interviews on culture as a way to bring newcomers "
     "and residents together."),
    ("World Refugee Day: open letter from mayors to EU leaders", "open-letter",
     (2016, 6, 20), ["migration-and-integration"], None, False,
     "Eleven mayors ask EU leaders to recognise what cities do in receiving refugees."),
    ("Refugee reception and integration in cities", "research", (2016, 4, 4),
     ["migration-and-integration"], None, False,
     "Survey findings from 34 cities in 17 EU countries and Norway, gathered at the end "
     "of 2015."),
    ("Statement on asylum in cities", "statement", (2015, 5, 12),
     ["migration-and-integration"], None, False,
     "Arrival, transit and destination cities set out the help they need to receive "
     "and include people seeking asylum."),
    ("Statement on the Social Investment Package", "policy-publication", (2013, 6, 18),
     ["social-rights", "inclusive-cities"], None, False,
     "Our recommendations so that the package tackles poverty and unemployment where "
     "they concentrate: in cities."),
    ("Cities and migrants: implementing the Integrating Cities Charter", "research",
     (2013, 4, 9), ["migration-and-integration"], "implementoring", True,
     "Trends in how member cities put the charter's commitments into practice."),
    ("Statement on the Asylum and Migration Fund", "policy-publication", (2012, 5, 22),
     ["migration-and-integration"], None, False,
     "How the future fund could work better on the ground by involving local actors."),
    ("Co-designing integration strategies: lessons from UNITES", "report", (2024, 3, 14),
     ["migration-and-integration"], "unites", True,
     "What eight cities learned from writing integration strategies together with "
     "residents and partners."),
    ("Volunteering and inclusion: a guide for cities", "toolkit", (2021, 10, 5),
     ["migration-and-integration", "social-innovation"], "values", False,
     "Practical steps for city volunteering schemes that welcome migrants as "
     "volunteers, not only as beneficiaries."),
    ("Social rights in my city: monitoring report", "policy-brief", (2020, 11, 18),
     ["social-rights"], "inclusive-cities-for-all", False,
     "How cities apply the European Pillar of Social Rights, with figures from our "
     "members."),
]  # fmt: skip

BODY = (
    "<p>{summary}</p>"
    "<p>The document brings together what member cities told us and what they have "
    "learned from one another, with examples that other cities can adapt.</p>"
    "<h2>Who it is for</h2>"
    "<p>City officers, elected representatives and partners at national and European "
    "level who want to know how the local level works in practice.</p>"
)
# The editors' starting list, the same one the data migration adds.
DOCUMENT_TYPES = import_module("publications.migrations.0002_document_types").DOCUMENT_TYPES
COVER_COLOURS = [(18, 63, 109), (29, 107, 53), (138, 75, 0), (11, 92, 173), (163, 21, 21)]


def pdf_bytes(title):
    """A small, valid one-page PDF showing `title` (Helvetica, Latin-1)."""
    text = title.encode("latin-1", "replace").replace(b"\\", b"\\\\")
    text = text.replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 16 Tf 56 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def cover_bytes(index):
    """A plain generated cover: a coloured page with a band and title lines."""
    colour = COVER_COLOURS[index % len(COVER_COLOURS)]
    picture = Image.new("RGB", (600, 800), colour)
    draw = ImageDraw.Draw(picture)
    draw.rectangle([0, 560, 600, 640], fill=(255, 210, 63))
    for line in range(3):
        top = 120 + line * 60
        draw.rectangle([60, top, 540 - line * 90, top + 28], fill=(255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def load(stdout=None):
    types = {}
    for order, (slug, name, plural_name) in enumerate(DOCUMENT_TYPES, start=1):
        types[slug], _created = DocumentType.objects.get_or_create(
            slug=slug, defaults={"name": name, "plural_name": plural_name, "order": order * 10}
        )
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    group = WorkingGroup.objects.filter(slug="migration-and-integration").first()
    contact = Person.objects.filter(email="katharina.bamberg@eurocities.example").first()

    for index, (title, type_slug, day, theme_slugs, project_slug, with_cover, summary) in enumerate(
        PUBLICATIONS
    ):
        slug = slugify(title)[:200]
        publication, _created = Publication.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "document_type": types[type_slug],
                "summary": summary,
                "body": BODY.format(summary=summary),
                "status": Status.PUBLISHED,
                "published_at": brussels(*day, 10, 0),
                "working_group": group if "migration-and-integration" in theme_slugs else None,
            },
        )
        publication.themes.set([themes[s] for s in theme_slugs if s in themes])
        publication.projects.set(Project.objects.filter(slug=project_slug))
        publication.contacts.set([contact] if contact and index % 2 == 0 else [])
        if with_cover and not publication.cover_image:
            publication.cover_image = ContentFile(cover_bytes(index), f"{slug[:60]}-cover.png")
            publication.cover_alt_text = f"Cover of “{title}”"
            publication.save()
        if not publication.files.exists():
            # Assigned, not saved directly, so save() records name, size and type.
            PublicationFile.objects.create(
                publication=publication,
                language="en",
                file=ContentFile(pdf_bytes(title), f"{slug[:80]}.pdf"),
            )
            if index % 4 == 0:
                PublicationFile.objects.create(
                    publication=publication,
                    language="fr",
                    order=1,
                    file=ContentFile(pdf_bytes(title), f"{slug[:80]}-fr.pdf"),
                )
    if stdout:
        stdout.write(
            f"Publications: {Publication.objects.count()} publications, "
            f"{PublicationFile.objects.count()} files."
        )
