from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ThemeFactory
from tests.html import element, links, text_of

pytestmark = pytest.mark.django_db


def test_story_shows_reading_time_computed_from_its_body(client):
    story = ArticleFactory(kind="story", body="<p>" + "word " * 1400 + "</p>")
    assert story.reading_minutes == 7
    assert "7 minutes read" in client.get(story.get_absolute_url()).text


def test_call_is_open_until_its_deadline():
    at = datetime(2026, 3, 1, 12, tzinfo=UTC)
    call = ArticleFactory(kind="call", deadline=at)
    assert call.is_open(at=at - timedelta(seconds=1))
    assert not call.is_open(at=at)


def test_open_and_closed_calls_are_labelled(client):
    ArticleFactory(kind="call", title="Open call")
    ArticleFactory(kind="call", title="Closed call", deadline=datetime(2020, 1, 1, tzinfo=UTC))
    page = client.get(reverse("content:article_list"), {"kind": "call"}).text
    assert "badge--open" in page
    assert "badge--closed" in page


def test_article_list_filters_by_kind_and_by_theme_including_sub_themes(client):
    parent = ThemeFactory(slug="inclusive", name="Inclusive")
    child = ThemeFactory(slug="migration", name="Migration", parent=parent)
    ArticleFactory(title="Child news", themes=[child])
    ArticleFactory(title="Parent story", kind="story", themes=[parent])
    ArticleFactory(title="Untagged news")
    url = reverse("content:article_list")

    by_theme = client.get(url, {"theme": "inclusive"}).text
    assert "Child news" in by_theme and "Parent story" in by_theme
    assert "Untagged news" not in by_theme

    by_kind = client.get(url, {"kind": "story"}).text
    assert "Parent story" in by_kind and "Child news" not in by_kind

    both = client.get(url, {"kind": "news", "theme": "migration"}).text
    assert "Child news" in both and "Parent story" not in both


def test_unknown_filter_values_show_an_error_and_the_unfiltered_list(client):
    ArticleFactory(title="Still listed")
    response = client.get(reverse("content:article_list"), {"theme": "nope", "kind": "x"})
    assert response.status_code == 200
    assert "Theme: unknown choice." in response.text
    assert "Kind: unknown choice." in response.text
    assert "Still listed" in response.text


def test_related_are_three_others_sharing_a_theme_with_their_own_tags(client):
    migration, housing = ThemeFactory(name="Migration"), ThemeFactory(name="Housing")
    for n in range(4):
        ArticleFactory(title=f"Related {n}", themes=[migration, housing])
    ArticleFactory(title="Housing only", themes=[housing])
    article = ArticleFactory(title="The article", themes=[migration])  # the newest
    page = client.get(article.get_absolute_url()).text
    related = text_of(element(page, "section", aria_labelledby="related-heading"))
    assert sum(f"Related {n}" in related for n in range(4)) == 3
    assert "The article" not in related and "Housing only" not in related
    assert related.count("Housing") == 3  # each card with its own themes
    themeless = ArticleFactory(title="About nothing in particular")
    assert 'id="related-heading"' not in client.get(themeless.get_absolute_url()).text


def test_article_detail_links_themes_to_topic_pages_and_shows_related(client):
    theme = ThemeFactory(slug="migration", name="Migration")
    article = ArticleFactory(themes=[theme])
    ArticleFactory(title="A related piece", themes=[theme])
    ArticleFactory(title="Unrelated piece")
    page = client.get(article.get_absolute_url()).text
    # The related card links to the topic as well: look in the article's own aside.
    about = element(page, "aside", aria_label="About this article")
    assert links(about) == ["/topics/migration/"]
    related = element(page, "section", aria_labelledby="related-heading")
    assert "A related piece" in text_of(related)
    assert "Unrelated piece" not in page
