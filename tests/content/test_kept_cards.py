"""A visitor's card is written once per version of public content and kept in the
process (content.cards.kept_cards): a kept card needs neither writing nor its themes
read, yet every change to public content, and a call's deadline passing, shows on
the next page; an editor's preview, whose items may hold unsaved changes, keeps
nothing."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content import cards
from content.models import Article
from tests.factories import ArticleFactory, EventFactory, ThemeFactory

pytestmark = pytest.mark.django_db

NEWS = reverse("content:article_list")


def theme_link_queries(queries):
    return [q["sql"] for q in queries.captured_queries if "themeditem" in q["sql"].lower()]


def article_rows(queries):
    """The queries that read articles' rows (their titles), not just their pks."""
    row = '"content_article"."title", "content_article"."slug"'
    return [q for q in queries.captured_queries if row in q["sql"]]


def get(client, address):
    """The page (its CSP nonces, fresh every time, left out) and its queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return re.sub(r' nonce="[^"]*"', "", response.content.decode()), queries


@pytest.fixture
def housing():
    return ThemeFactory(name="Housing", slug="housing", has_topic_page=True)


def test_a_kept_card_is_the_same_card_without_reading_its_themes(client, shared_cache, housing):
    ArticleFactory(title="Rents in Ghent", themes=[housing])
    first, first_queries = get(client, NEWS)
    second, second_queries = get(client, NEWS)

    assert "Rents in Ghent" in first and ">Housing</a>" in first
    assert second == first
    assert theme_link_queries(first_queries)  # written: its themes were read
    assert article_rows(first_queries)
    assert not theme_link_queries(second_queries)  # kept: no theme read at all,
    assert not article_rows(second_queries)  # nor its row: the page read pks alone
    assert len(second_queries) < len(first_queries)


def test_without_a_shared_cache_nothing_is_kept(client, housing):
    ArticleFactory(title="Rents in Ghent", themes=[housing])
    get(client, NEWS)
    _page, queries = get(client, NEWS)

    assert theme_link_queries(queries)


def test_an_edit_shows_on_the_next_page(client, shared_cache, housing):
    article = ArticleFactory(title="Rents in Ghent", themes=[housing])
    get(client, NEWS)

    article.title = "Rents in Leipzig"
    article.save()
    housing.name = "Homes"
    housing.save()
    page, _queries = get(client, NEWS)

    assert "Rents in Leipzig" in page and "Rents in Ghent" not in page
    assert ">Homes</a>" in page


def test_each_heading_level_is_its_own_card(client, shared_cache):
    ArticleFactory(title="Rents in Ghent")
    news, _queries = get(client, NEWS)  # cards under the list's h1: h2
    home, _queries = get(client, reverse("home"))  # under a section's h2: h3
    news_again, _queries = get(client, NEWS)

    assert '<h2 class="card__title" dir="auto"><a href="/news/rents-in-ghent/">' in news
    assert '<h3 class="card__title" dir="auto"><a href="/news/rents-in-ghent/">' in home
    assert news_again == news


def test_a_call_closes_at_its_deadline_with_no_change_to_content(client, shared_cache):
    """The deadline is a moment the version of content moves at, like a scheduled
    publication (ArticleQuerySet.next_visibility_change)."""
    now = timezone.now()
    ArticleFactory(
        title="Call for host cities",
        kind=Article.Kind.CALL,
        deadline=now + timedelta(hours=2),
        published_at=now - timedelta(days=1),
    )
    with time_machine.travel(now, tick=False):
        before, _queries = get(client, NEWS)
    with time_machine.travel(now + timedelta(hours=3), tick=False):
        after, _queries = get(client, NEWS)

    assert "badge--open" in before and "badge--closed" not in before
    assert "badge--closed" in after and "badge--open" not in after


def test_a_preview_keeps_no_card_of_its_unsaved_changes(client, shared_cache):
    article = ArticleFactory(title="Rents in Ghent")
    request = RequestFactory().get("/admin/content/article/1/preview/")
    request.editor_preview = True
    article.title = "An unsaved title"  # as the preview renders the change form's object
    preview = render_to_string(
        "includes/card_list.html", {"items": [article], "heading_level": 2, "request": request}
    )
    page, _queries = get(client, NEWS)

    assert "An unsaved title" in preview
    assert "Rents in Ghent" in page and "An unsaved title" not in page


def test_a_topic_page_reads_no_row_of_an_item_whose_card_is_kept(client, shared_cache, housing):
    """Neither the feed's items nor the highlights (upcoming events, in their own
    order, which is kept too)."""
    ArticleFactory(title="Rents in Ghent", themes=[housing])
    now = timezone.now()
    for title, days in [("Forum in March", 20), ("Forum in February", 10)]:
        EventFactory(
            title=title,
            themes=[housing],
            starts_at=now + timedelta(days=days),
            ends_at=now + timedelta(days=days, hours=2),
        )
    address = reverse("topic", args=["housing"])
    first, first_queries = get(client, address)
    second, second_queries = get(client, address)

    def rows(queries):
        return [q for q in queries.captured_queries if '"."title"' in q["sql"]]

    assert "Rents in Ghent" in first
    assert first.index("Forum in February") < first.index("Forum in March")
    assert second == first
    assert rows(first_queries)
    assert not rows(second_queries)  # stand-ins: every card is kept


def test_a_stand_in_whose_card_is_gone_is_read_and_written(shared_cache, housing):
    article = ArticleFactory(title="Rents in Ghent", themes=[housing])
    gone = ArticleFactory(title="Withdrawn")
    stand_ins = [cards.stand_in(Article, article.pk), cards.stand_in(Article, gone.pk)]
    gone.delete()  # meanwhile, in another process

    kept = cards.kept_cards(stand_ins, heading_level=2)
    written = cards.cards(stand_ins, heading_level=2)

    for markup in (kept, written):
        assert '<h2 class="card__title" dir="auto"><a href="/news/rents-in-ghent/">' in markup
        assert ">Housing</a>" in markup
        assert "Withdrawn" not in markup and markup.count("<li><article") == 1


def test_a_detail_page_keeps_its_related_items_while_their_cards_are_kept(
    client, shared_cache, housing
):
    article = ArticleFactory(title="Rents in Ghent", themes=[housing])
    ArticleFactory(title="Rents in Leipzig", themes=[housing])
    address = article.get_absolute_url()
    first, first_queries = get(client, address)
    second, second_queries = get(client, address)

    assert "Rents in Leipzig" in first and ">Housing</a>" in first
    assert second == first
    assert len(article_rows(first_queries)) == 2  # the article, its related items
    assert len(article_rows(second_queries)) == 1  # the article alone

    ArticleFactory(title="Rents in Porto", themes=[housing])  # content moves on
    third, _queries = get(client, address)
    assert "Rents in Porto" in third and "Rents in Leipzig" in third


def test_a_search_reads_only_the_snippets_of_items_whose_card_is_kept(client, shared_cache):
    """A search's cards are kept with their snippets (marked matches on PostgreSQL):
    the same search again reads those, not the rows."""
    ArticleFactory(title="Housing in Ghent", summary="Rents and housing for newcomers.")
    address = reverse("search") + "?q=housing"
    first, first_queries = get(client, address)
    second, second_queries = get(client, address)

    assert "Housing in Ghent" in first
    assert second == first
    assert article_rows(first_queries)
    assert not article_rows(second_queries)


def test_the_home_page_reads_no_row_of_a_card_it_keeps(client, shared_cache, housing):
    ArticleFactory(title="Rents in Ghent", themes=[housing])
    EventFactory(title="Housing forum", themes=[housing])
    first, first_queries = get(client, reverse("home"))
    second, second_queries = get(client, reverse("home"))

    def rows(queries):
        return [q for q in queries.captured_queries if '"."title", "' in q["sql"]]

    assert "Rents in Ghent" in first and "Housing forum" in first
    assert second == first
    assert len(rows(first_queries)) == 2  # the articles', the events'
    assert not rows(second_queries)


def test_the_home_page_keeps_its_lists_and_follows_a_new_item_and_an_event_ending(
    client, shared_cache, housing
):
    """Its lists' pks are kept per version of content (content.cards.card_items):
    read again, the page runs no query; what changes them moves the version."""
    ArticleFactory(title="Rents in Ghent", themes=[housing])
    EventFactory(
        title="Housing forum",
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=2),
    )
    first, _queries = get(client, reverse("home"))
    second, second_queries = get(client, reverse("home"))
    assert second == first and "Housing forum" in first
    assert not second_queries.captured_queries

    ArticleFactory(title="Shelters in Porto")
    assert "Shelters in Porto" in get(client, reverse("home"))[0]
    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        later = get(client, reverse("home"))[0]
    assert "Housing forum" not in later and "Shelters in Porto" in later


def test_a_deep_page_reads_its_pks_once_and_no_row_of_a_kept_card(client, shared_cache):
    now = timezone.now()
    for n in range(12 * 11):
        ArticleFactory(title=f"Article {n:03d}", published_at=now - timedelta(hours=n + 1))
    address = NEWS + "?page=11"  # rows 121-132: past content.pagination.DEEP_OFFSET
    first, first_queries = get(client, address)
    second, second_queries = get(client, address)

    def pk_reads(queries):
        pks = 'SELECT "content_article"."id" AS "pk" FROM'
        return [q for q in queries.captured_queries if pks in q["sql"]]

    assert "Article 120" in first and "Article 131" in first and "Article 119" not in first
    assert second == first
    assert article_rows(first_queries)
    assert not article_rows(second_queries)
    assert len(pk_reads(first_queries)) == 1  # the page's pks, not again for its cards
    assert not pk_reads(second_queries)  # kept (tests/content/test_kept_list_pks.py)
