"""Ranked full-text search: PostgreSQL's ranking, stemming, accents and snippets,
and the SQLite fallback that finds every word in any order."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content.models import Status
from tests.factories import (
    ArticleFactory,
    CityFactory,
    EventFactory,
    PublicationFactory,
    PublicationFileFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL full-text search (ranking, stemming, snippets); runs in the PostgreSQL pass",
)


def results(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return [item.title for item in response.context["page_obj"]]


def test_every_word_is_found_in_any_order_across_title_summary_and_body(client):
    ArticleFactory(
        title="Mentors for newcomers",
        summary="A programme in ten cities.",
        body="<p>Volunteers help refugees find work.</p>",
    )
    ArticleFactory(title="Mentors elsewhere", summary="No such word", body="<p>Nothing.</p>")
    assert results(client, q="refugees mentors") == ["Mentors for newcomers"]
    assert results(client, q="cities volunteers mentors") == ["Mentors for newcomers"]
    assert results(client, q="mentors refugees absentword") == []


def test_accents_do_not_matter_either_way(client):
    ArticleFactory(title="Zürich opens a welcome centre")
    ArticleFactory(title="Lodz plans housing", summary="Plain text")
    assert results(client, q="zurich") == ["Zürich opens a welcome centre"]
    assert results(client, q="ZÜRICH centre") == ["Zürich opens a welcome centre"]
    assert results(client, q="łódź") == ["Lodz plans housing"]


def test_themes_city_names_and_file_titles_are_searched_too(client):
    theme = ThemeFactory(slug="homelessness", name="Homelessness")
    ArticleFactory(title="A themed piece", themes=[theme])
    event = EventFactory(title="A hosted event", city=CityFactory(name="Ghent"))
    paper = PublicationFactory(title="A report")
    PublicationFileFactory(publication=paper, title="Executive summary in Dutch")
    article = ArticleFactory(title="About a city")
    article.cities.set([CityFactory(name="Tampere")])
    assert results(client, q="homelessness") == ["A themed piece"]
    assert results(client, q="ghent") == [event.title]
    assert results(client, q="executive dutch") == ["A report"]
    assert results(client, q="tampere") == ["About a city"]


def test_the_index_follows_edits_and_never_shows_drafts(client):
    article = ArticleFactory(title="Old words")
    article.title = "Fresh words"
    article.save()
    ArticleFactory(title="Fresh draft", status=Status.DRAFT)
    assert results(client, q="fresh") == ["Fresh words"]
    assert results(client, q="old") == []


def test_a_title_match_ranks_above_a_body_match(client):
    ArticleFactory(title="Unrelated heading", body="<p>Something about housing.</p>")
    ArticleFactory(title="Housing first")
    assert results(client, q="housing") == ["Housing first", "Unrelated heading"]


@postgres_only
def test_postgres_ranks_title_above_summary_above_body(client):
    ArticleFactory(title="Body one", summary="Plain", body="<p>integration matters</p>")
    ArticleFactory(title="Summary one", summary="On integration", body="<p>x</p>")
    ArticleFactory(title="Integration in the title", summary="Plain", body="<p>x</p>")
    assert results(client, q="integration") == [
        "Integration in the title",
        "Summary one",
        "Body one",
    ]


@postgres_only
def test_postgres_stems_words(client):
    ArticleFactory(title="Migrants find homes")
    ArticleFactory(title="A migrant story")
    assert set(results(client, q="migrant")) == {"Migrants find homes", "A migrant story"}
    assert set(results(client, q="migrants")) == {"Migrants find homes", "A migrant story"}
    ArticleFactory(title="Cities are housing newcomers")
    assert results(client, q="housed") == ["Cities are housing newcomers"]


@postgres_only
def test_postgres_understands_websearch_syntax(client):
    ArticleFactory(title="Social housing plans")
    ArticleFactory(title="Housing and social rent")
    assert results(client, q='"social housing"') == ["Social housing plans"]
    assert results(client, q="housing -rent") == ["Social housing plans"]


@postgres_only
def test_postgres_snippets_mark_the_match_and_escape_everything_else(client):
    ArticleFactory(
        title="Snippet test",
        summary='Cities & "towns" welcome refugees; 5 < 6 \ue000 <script>alert(1)</script>',
    )
    response = client.get(reverse("search"), {"q": "refugees"})
    snippet = response.text.split('class="card__snippet"')[1].split("</p>")[0]
    assert "<mark>refugees</mark>" in snippet
    assert "&amp; &quot;towns&quot;" in snippet
    assert "5 &lt; 6" in snippet
    assert "<script" not in snippet and "\ue000" not in snippet
    assert snippet.count("<mark>") == snippet.count("</mark>") == 1


def headline_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search"), params)
    assert response.status_code == 200
    headlines = [q["sql"] for q in queries.captured_queries if "ts_headline" in q["sql"]]
    return response.text, headlines


@postgres_only
def test_postgres_snippets_are_read_once_for_every_search_of_the_same_words(client, shared_cache):
    """Kept per item and search words while content stays as it is (a visitor's
    search), for the other pages and filters of the same search; an edit shows at once."""
    article = ArticleFactory(title="Tenants", summary="Rent support for refugees in Ghent.")
    EventFactory(title="Refugee forum", summary="Cities meet refugees in Porto.")
    first, read = headline_queries(client, q="refugees")
    assert "<mark>refugees</mark> in Ghent" in first and read
    again, read = headline_queries(client, q="refugees")
    assert again.count("<mark>") == first.count("<mark>") and not read
    articles, read = headline_queries(client, q="refugees", kind="news")
    assert "<mark>refugees</mark> in Ghent" in articles and not read
    _page, read = headline_queries(client, q="refugee")  # other words: their own snippets
    assert read

    article.summary = "Rent support for refugees in Leipzig."
    article.save()
    edited, read = headline_queries(client, q="refugees")
    assert "<mark>refugees</mark> in Leipzig" in edited and read


@postgres_only
def test_postgres_search_uses_the_gin_index_of_each_table():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_search_gin"])
        names = {row[0] for row in cursor.fetchall()}
    assert names == {
        "content_article_search_gin",
        "events_event_search_gin",
        "publications_publication_search_gin",
    }


def test_search_query_count_is_constant(client, django_assert_num_queries):
    now = timezone.now()
    for n in range(30):
        # Interleaved dates put every kind on each page.
        ArticleFactory(title=f"Housing article {n}", published_at=now - timedelta(hours=3 * n + 1))
        EventFactory(title=f"Housing event {n}", published_at=now - timedelta(hours=3 * n + 2))
        PublicationFactory(
            title=f"Housing paper {n}", published_at=now - timedelta(hours=3 * n + 3)
        )
        if n == 4:
            client.get(reverse("search"), {"q": "housing"})  # warm the content-type cache
            with django_assert_num_queries(7):
                client.get(reverse("search"), {"q": "housing"})
    # The theme tree, every facet's counts (one query), the rows, one query per kind
    # on the page for its objects, and one for all their themes.
    with django_assert_num_queries(7):
        client.get(reverse("search"), {"q": "housing"})
    with django_assert_num_queries(7):
        client.get(reverse("search"), {"q": "housing", "page": 2})


def test_rebuild_search_index_covers_items_written_around_save(client):
    from django.core.management import call_command

    from content.models import Article

    Article.objects.bulk_create(
        [
            Article(
                title="Bulk loaded piece",
                slug="bulk",
                status=Status.PUBLISHED,
                body="<p>Written by an importer</p>",
            )
        ]
    )
    assert results(client, q="importer") == []  # bulk_create skips save()
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert results(client, q="importer") == ["Bulk loaded piece"]


SEARCHED_TABLES = ("content_article", "events_event", "publications_publication")


@postgres_only
def test_search_vectors_are_kept_in_the_row_not_out_of_line():
    # Ranking reads every match's vector: out of line, four more buffers a match.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attstorage FROM pg_attribute "
            "WHERE attname = 'search_vector' AND attrelid::regclass::text = ANY(%s)",
            [list(SEARCHED_TABLES)],
        )
        assert dict(cursor.fetchall()) == dict.fromkeys(SEARCHED_TABLES, "m")


@postgres_only
def test_moving_vectors_into_the_row_rewrites_every_row_and_keeps_what_is_found(
    client, monkeypatch
):
    from content import migration_steps

    for number in range(5):
        ArticleFactory(title=f"Housing note {number}", body="<p>Tenants and landlords</p>")
    found = results(client, q="tenants")

    def stored():
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, xmin::text, search_vector::text FROM content_article")
            return {pk: (version, vector) for pk, version, vector in cursor.fetchall()}

    before = stored()
    monkeypatch.setattr(migration_steps, "REWRITE_CHUNK", 2)  # several chunks, a last short one
    step = migration_steps.search_vectors_inline("content_article")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no ALTER TABLE with checks pending
    with connection.schema_editor() as schema_editor:
        step.code(None, schema_editor)
    after = stored()
    assert after.keys() == before.keys()
    assert all(after[pk][0] != before[pk][0] for pk in before)  # every row written again
    assert {pk: vector for pk, (_v, vector) in after.items()} == {
        pk: vector for pk, (_v, vector) in before.items()
    }
    assert len(found) == 5
    assert results(client, q="tenants") == found
