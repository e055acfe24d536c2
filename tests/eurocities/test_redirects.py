"""Old-site addresses: import_redirects, and the 301 they answer."""

import io

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management import CommandError, call_command

from tests.factories import ArticleFactory, EventFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def write(tmp_path, text):
    path = tmp_path / "old.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_old_addresses_answer_301_to_the_new_pages(client, tmp_path):
    ArticleFactory(slug="cities-welcome")
    EventFactory(slug="forum-2019")
    PublicationFactory(slug="annual-report")
    ThemeFactory(slug="migration", name="Migration")
    path = write(
        tmp_path,
        "old_path,content_type,slug\n"
        "/news/2019/cities-welcome.html,article,cities-welcome\n"
        "/agenda/forum-2019,event,forum-2019\n"
        "/documents/annual report.pdf,publication,annual-report\n"
        "/policy/migration/,topic,migration\n",
    )
    with pytest.raises(CommandError, match="Nothing was imported: 1 bad line"):
        call_command("import_redirects", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    path = write(tmp_path, path.read_text().replace("annual report", "annual-report"))
    out = io.StringIO()
    call_command("import_redirects", str(path), stdout=out)
    assert "4 redirect(s) created, 0 updated." in out.getvalue()
    response = client.get("/news/2019/cities-welcome.html")
    assert response.status_code == 301
    assert response["Location"] == "/news/cities-welcome/"
    assert client.get("/agenda/forum-2019").headers["Location"] == "/events/forum-2019/"
    assert client.get("/documents/annual-report.pdf").status_code == 301
    assert client.get("/policy/migration/")["Location"] == "/topics/migration/"
    assert client.get("/not/an/old/address").status_code == 404


def test_importing_again_updates_instead_of_duplicating(tmp_path):
    ArticleFactory(slug="one")
    ArticleFactory(slug="two")
    call_command(
        "import_redirects", str(write(tmp_path, "/old,article,one\n")), stdout=io.StringIO()
    )
    call_command(
        "import_redirects", str(write(tmp_path, "/old,article,two\n")), stdout=io.StringIO()
    )
    assert list(Redirect.objects.values_list("old_path", "new_path")) == [("/old", "/news/two/")]


def test_every_bad_line_is_reported_by_number_and_nothing_is_imported(tmp_path):
    ArticleFactory(slug="real")
    path = write(
        tmp_path,
        "/fine,article,real\n"
        "no-slash,article,real\n"
        "/x,recipe,real\n"
        "/y,article,missing\n"
        "/fine,article,real\n"
        "/z,article\n"
        "/news/real/,article,real\n"
        "//evil.example/x,article,real\n",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 7 bad line"):
        call_command("import_redirects", str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert lines == [
        "Line 2: the old path “no-slash” must start with a single /.",
        "Line 3: unknown content type “recipe”; use one of: article, event, publication, "
        "topic, working_group, project, city.",
        "Line 4: no article with the slug “missing”.",
        "Line 5: the old path “/fine” is already on line 1.",
        "Line 6: expected 3 columns (old path, content type, slug), found 2.",
        "Line 7: “/news/real/” is already the address of that page.",
        "Line 8: the old path “//evil.example/x” must start with a single /.",
    ]
    assert Redirect.objects.count() == 0


def test_a_live_page_is_not_taken_over_by_a_redirect(client, tmp_path):
    ArticleFactory(slug="live")
    ArticleFactory(slug="other")
    call_command(
        "import_redirects",
        str(write(tmp_path, "/news/live/,article,other\n")),
        stdout=io.StringIO(),
    )
    assert client.get("/news/live/").status_code == 200
