# ruff: noqa: E501  (tables of cases read best one per line)
"""The content exchange file: schema, import (all or nothing, idempotent), export."""

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
import time_machine
from django.core.management import CommandError, call_command
from PIL import Image

from charter.models import Pledge, Signatory
from content.interchange.engine import SCHEMA_PATH, build_schema
from content.models import Article, City, Person, Theme
from events.models import Event
from publications.models import Publication, PublicationFile
from tests.factories import (
    ArticleFactory,
    CityFactory,
    EventFactory,
    PillarPrincipleFactory,
    PledgeFactory,
    PublicationFileFactory,
    SignatoryFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _principles():
    """The 20 Pillar principles come with a migration; a database flushed by a
    browser test in the same worker lacks them."""
    for number in range(1, 21):
        PillarPrincipleFactory(number=number, title=f"Principle {number}")


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (18, 63, 109)).save(buffer, "PNG")
    return buffer.getvalue()


def base(**lists):
    return {"format": "eurocities-content", "version": 1, **lists}


def article(n=0, **fields):
    return {
        "slug": f"article-{n}",
        "title": f"Article {n}",
        "status": "published",
        "published_at": "2026-05-06T09:30:00+02:00",
        "summary": "Summary.",
        "kind": "news",
        "body": "<p>Text.</p>",
        **fields,
    }


def event(n=0, **fields):
    return {
        "slug": f"event-{n}",
        "title": f"Event {n}",
        "status": "published",
        "published_at": "2026-05-06T09:30:00+02:00",
        "starts_at": "2026-06-01T10:00:00+02:00",
        "ends_at": "2026-06-01T12:00:00+02:00",
        **fields,
    }


def write(tmp_path, data, name="content.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run_import(path):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_content", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing_import(path):
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_content", str(path), stdout=io.StringIO(), stderr=err)
    return [line for line in err.getvalue().splitlines() if ": " in line]


def media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def counts():
    return (
        Article.objects.count(),
        Event.objects.count(),
        Theme.objects.count(),
        Person.objects.count(),
        Publication.objects.count(),
        PublicationFile.objects.count(),
    )


# The schema --------------------------------------------------------------------------


def test_schema_in_docs_is_the_one_the_serializers_describe():
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == json.loads(
        json.dumps(build_schema())
    ), "run manage.py content_schema"


def test_schema_is_a_valid_json_schema_with_every_list():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for key in [
        "themes", "people", "cities", "forums", "working_groups", "projects", "articles",
        "events", "publications", "signatories", "monitoring_reports", "pledges",
    ]:  # fmt: skip
        assert key in schema["properties"]
    events = schema["properties"]["events"]["items"]["properties"]
    assert "sessions" in events
    assert "files" in schema["properties"]["publications"]["items"]["properties"]


def test_export_validates_against_the_schema(tmp_path):
    ArticleFactory(themes=[ThemeFactory()])
    call_command("export_content", output=str(tmp_path / "out.json"), stderr=io.StringIO())
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


# Errors: every one listed by its path, nothing changed --------------------------------


def test_every_problem_is_listed_by_path_and_nothing_changes(tmp_path, settings):
    (tmp_path / "photo.png").write_bytes(png_bytes())
    data = base(
        themes=[{"slug": "economy", "name": "Economy"}],
        people=[{"slug": "ana", "name": "Ana", "photo": "photo.png", "photo_alt_text": "Ana"}],
        articles=[
            article(0, themes=["economy"]),
            article(1, themes=["economy", "economyy"]),
            article(2, published_at="2026-05-06 09:30"),
            article(3, kind="call"),
            article(4, titel="typo"),
            article(0),
        ],
        events=[event(0), event(1, ends_at="2026-06-01T09:00:00+02:00")],
    )
    before = counts()
    problems = failing_import(write(tmp_path, data))
    assert "articles[1].themes[1]: unknown theme “economyy”" in problems
    assert any(
        p.startswith("articles[2].published_at: “2026-05-06 09:30” is not") for p in problems
    )
    assert "articles[4]: unknown field “titel”" in problems
    assert "articles[5].slug: “article-0” is already used by articles[0]" in problems
    assert "events[1].ends_at: An event cannot end before it starts." in problems
    assert counts() == before
    assert media_files(settings) == []


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({"slug": "x"}, "people[0]: “name” is required"),
        ({"slug": "x", "name": 3}, "people[0].name: must be string, not 3"),
        ({"slug": "x", "name": "n" * 201}, "people[0].name: too long (201 characters; at most 200)"),
        ({"slug": "x", "name": "A", "email": "not-an-address"}, "people[0].email: Enter a valid email address."),
        ({"slug": "x y", "name": "A"}, "people[0].slug: Enter a valid “slug”"),
        ({"slug": "x", "name": "A", "photo": "../etc/passwd"}, "people[0].photo: “../etc/passwd” must be a path inside"),
        ({"slug": "x", "name": "A", "photo": "/etc/passwd"}, "people[0].photo: “/etc/passwd” must be a path inside"),
        ({"slug": "x", "name": "A", "photo": "missing.png"}, "people[0].photo: no file “missing.png”"),
        ({"slug": "x", "name": "A", "photo": "page.png", "photo_alt_text": "A"}, "people[0].photo: Upload a valid image."),
        ({"slug": "x", "name": "A", "photo": "photo.png"}, "people[0]: A photo needs a description (alt text)."),
    ],
)  # fmt: skip
def test_each_kind_of_problem_has_its_message(tmp_path, settings, item, expected):
    (tmp_path / "page.png").write_bytes(b"<html><script>alert(1)</script></html>")
    (tmp_path / "photo.png").write_bytes(png_bytes())
    problems = failing_import(write(tmp_path, base(people=[item])))
    assert any(p.startswith(expected) for p in problems), problems
    assert Person.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (base(cities=[{"slug": "x", "name": "X", "country": "be"}]), "cities[0].country: “be” is not a two-letter"),
        (base(cities=[{"slug": "x", "name": "X", "country": "BE", "latitude": "91"}]), "cities[0].latitude: Ensure this value is less than or equal to 90."),
        (base(events=[event(0, sessions=[event(1, ends_at="2026-06-01T09:00:00+02:00")])]), "events[0].sessions[0].ends_at: An event cannot end before it starts."),
        (base(events=[event(0, starts_at="2026-06-01T10:00:00")]), "events[0].starts_at: “2026-06-01T10:00:00” is not an ISO date and time with an offset"),
        (base(events=[event(0, status="live")]), "events[0].status: “live” is not one of: draft, published"),
        (base(pledges=[{"slug": "p", "city": "nowhere", "pledged_on": "2020-02-30", "principles": [21]}]), "pledges[0].city: unknown city “nowhere”"),
        (base(pledges=[{"slug": "p", "city": "nowhere", "pledged_on": "2020-02-30", "principles": [21]}]), "pledges[0].pledged_on: “2020-02-30” is not a date"),
        (base(pledges=[{"slug": "p", "city": "nowhere", "pledged_on": "2020-02-01", "principles": [21]}]), "pledges[0].principles[0]: unknown Pillar principle 21"),
        (base(articles=[article(0, working_group="none")]), "articles[0].working_group: unknown working group “none”"),
        (base(themes=[{"slug": "t", "name": "T", "parent": "t"}]), "themes[0].parent: A theme cannot be its own parent."),
        (base(projects=[{"slug": "p", "acronym": "P", "full_name": "P", "start_year": 2020, "end_year": 2019}]), "projects[0]: A project cannot end before it starts."),
        (base(signatories=[{"slug": "s", "city": "x", "status": "signed"}], cities=[{"slug": "x", "name": "X", "country": "BE"}]), "signatories[0]: A signed charter needs the date it was signed."),
        (base(pledges=[{"slug": "p", "city": "x", "pledged_on": "2020-02-01", "principles": [3], "amount_eur": "-1"}], cities=[{"slug": "x", "name": "X", "country": "BE"}]), "pledges[0].amount_eur: Ensure this value is greater than or equal to 0."),
        ({"format": "eurocities-content", "version": 2}, "version: must be 1"),
        ([], "file: must be object"),
    ],
)  # fmt: skip
def test_each_kind_of_reference_and_value_problem(tmp_path, data, expected):
    before = counts()
    problems = failing_import(write(tmp_path, data))
    assert any(p.startswith(expected) for p in problems), problems
    assert counts() == before


def test_a_document_that_is_not_what_its_extension_says_is_refused(tmp_path, settings):
    (tmp_path / "report.pdf").write_bytes(b"<html><script>alert(1)</script></html>")
    data = base(
        document_types=[{"slug": "report", "name": "Report"}],
        publications=[
            {
                "slug": "p",
                "title": "P",
                "published_at": "2026-05-06T09:30:00+02:00",
                "document_type": "report",
                "files": [{"file": "report.pdf"}],
            }
        ],
    )
    problems = failing_import(write(tmp_path, data))
    assert any(
        p.startswith("publications[0].files[0].file: The file content does not match its .pdf")
        for p in problems
    ), problems
    assert media_files(settings) == []


def test_bad_json_is_refused_with_its_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "eurocities-content",\n "version": 1,,}', encoding="utf-8")
    with pytest.raises(CommandError, match=r"not valid JSON: .* \(line 2, column"):
        call_command("import_content", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_a_database_refusal_during_writing_leaves_no_file_behind(tmp_path, settings):
    """Two cities with the same name and country pass each item's checks but not the
    database; the photo stored before that is removed again."""
    (tmp_path / "photo.png").write_bytes(png_bytes())
    data = base(
        people=[{"slug": "ana", "name": "Ana", "photo": "photo.png", "photo_alt_text": "Ana"}],
        cities=[
            {"slug": "gent", "name": "Gent", "country": "BE"},
            {"slug": "gent-2", "name": "Gent", "country": "BE"},
        ],
    )
    problems = failing_import(write(tmp_path, data))
    assert any(
        p.startswith("cities[1]: the database refused it (") and "UNIQUE" in p.upper()
        for p in problems
    ), problems
    assert Person.objects.count() == City.objects.count() == 0
    assert media_files(settings) == []


# Idempotence and updates ------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(tmp_path, settings):
    (tmp_path / "photo.png").write_bytes(png_bytes())
    (tmp_path / "report.pdf").write_bytes(PDF)
    data = base(
        themes=[{"slug": "economy", "name": "Economy"}, {"slug": "jobs", "name": "Jobs", "parent": "economy"}],
        people=[{"slug": "ana", "name": "Ana", "photo": "photo.png", "photo_alt_text": "Ana"}],
        articles=[article(0, themes=["jobs", "economy"], contacts=["ana"])],
        events=[event(0, sessions=[event(1)])],
        document_types=[{"slug": "report", "name": "Report"}],
        publications=[
            {"slug": "p", "title": "P", "published_at": "2026-05-06T09:30:00+02:00",
             "document_type": "report", "files": [{"file": "report.pdf", "language": "fr"}]}
        ],
    )  # fmt: skip
    path = write(tmp_path, data)
    out, _err = run_import(path)
    assert "articles: 1 created" in out
    stamps = list(Article.objects.values_list("updated_at", flat=True))
    files = media_files(settings)
    out, _err = run_import(path)
    assert "articles: 0 created, 0 updated, 1 unchanged" in out
    assert "events: 0 created, 0 updated, 2 unchanged" in out
    assert "publications: 0 created, 0 updated, 1 unchanged" in out
    assert list(Article.objects.values_list("updated_at", flat=True)) == stamps
    assert media_files(settings) == files
    assert Event.objects.get(slug="event-1").parent.slug == "event-0"
    assert Theme.objects.get(slug="jobs").parent.slug == "economy"


def test_a_changed_item_is_updated_not_duplicated(tmp_path):
    path = write(tmp_path, base(themes=[{"slug": "t", "name": "T"}], articles=[article(0)]))
    run_import(path)
    first = Article.objects.get()
    path = write(tmp_path, base(articles=[article(0, title="New title", themes=["t"])]))
    out, _err = run_import(path)
    assert "articles: 0 created, 1 updated, 0 unchanged" in out
    changed = Article.objects.get()
    assert changed.pk == first.pk
    assert changed.title == "New title"
    assert [t.slug for t in changed.themes.all()] == ["t"]


def test_progress_is_written_to_stderr(tmp_path):
    _out, err = run_import(write(tmp_path, base(articles=[article(n) for n in range(3)])))
    assert "writing articles: 3/3" in err


# Round trip -------------------------------------------------------------------------------


@time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC), tick=False)
def test_demo_content_round_trips_to_an_identical_file(tmp_path, settings, django_db_blocker):
    call_command("load_demo", stdout=io.StringIO())
    PublicationFileFactory(publication=Publication.objects.first())
    first = tmp_path / "one" / "content.json"
    first.parent.mkdir()
    call_command("export_content", output=str(first), stderr=io.StringIO())
    exported = json.loads(first.read_text(encoding="utf-8"))
    # Empty the database, keeping the reference data that comes with the migrations.
    Theme.objects.update(parent=None)
    for model in [Pledge, Signatory, Publication, Event, Article, Theme, Person]:
        model.objects.all().delete()
    from charter.models import MonitoringReport
    from content.models import Forum, Project, WorkingGroup

    for model in [MonitoringReport, Project, WorkingGroup, Forum, City]:
        model.objects.all().delete()
    assert Article.objects.count() == 0
    run_import(first)
    second = tmp_path / "two" / "content.json"
    second.parent.mkdir()
    call_command("export_content", output=str(second), stderr=io.StringIO())
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    assert len(exported["articles"]) > 10
    assert any(p["files"] for p in exported["publications"])
    for path in (tmp_path / "one").rglob("files/*/*"):
        twin = tmp_path / "two" / path.relative_to(tmp_path / "one")
        assert twin.read_bytes() == path.read_bytes()


def test_export_writes_charter_data_with_slugs_and_iso_dates(tmp_path):
    signatory = SignatoryFactory(city=CityFactory(name="Gent", slug="gent"))
    PledgeFactory(city=signatory.city)
    EventFactory(
        slug="conf",
        starts_at=datetime(2026, 6, 1, 8, tzinfo=UTC),
        ends_at=datetime(2026, 6, 1, 9, tzinfo=UTC),
    )
    call_command("export_content", output=str(tmp_path / "out.json"), stderr=io.StringIO())
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["signatories"][0]["slug"] == "gent"
    assert data["signatories"][0]["city"] == "gent"
    assert data["signatories"][0]["signed_on"] == "2015-03-12"
    assert data["pledges"][0]["slug"] == "gent-2019"
    assert data["pledges"][0]["principles"] == [3]
    assert data["pledges"][0]["amount_eur"] == "1000000.00"
    assert data["events"][0]["starts_at"] == "2026-06-01T10:00:00+02:00"


def test_a_stored_file_gone_missing_is_exported_as_null_with_a_warning(tmp_path, settings):
    (tmp_path / "photo.png").write_bytes(png_bytes())
    run_import(
        write(
            tmp_path,
            base(
                people=[
                    {"slug": "ana", "name": "Ana", "photo": "photo.png", "photo_alt_text": "Ana"}
                ]
            ),
        )
    )
    for path in media_files(settings):
        path.unlink()
    err = io.StringIO()
    call_command("export_content", output=str(tmp_path / "out.json"), stderr=err)
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["people"][0]["photo"] is None
    assert "missing from storage" in err.getvalue()
