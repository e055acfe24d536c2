"""Bulk actions of the admin lists: a confirmation page naming the items, then
exactly the named change, with history and a log entry for each item."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Version

from content.models import Article, Status
from events.models import Event
from publications.models import Publication
from tests.factories import ArticleFactory, EventFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:content_article_changelist"


def run_action(client, action, items, url=CHANGELIST, confirm=False, **extra):
    data = {"action": action, "_selected_action": [item.pk for item in items], **extra}
    if confirm:
        data["confirm"] = "yes"
    return client.post(reverse(url), data, follow=confirm)


def test_publish_first_shows_the_items_it_will_change_and_changes_nothing(comms_client):
    drafts = ArticleFactory.create_batch(2, status=Status.DRAFT)
    live = ArticleFactory(title="Already live")
    response = run_action(comms_client, "publish", [*drafts, live])
    assert response.status_code == 200
    assert "Publish: please confirm" in response.text
    assert "This changes 2 items:" in response.text
    for draft in drafts:
        assert draft.title in response.text
    assert "Already live (already published)" in response.text
    assert Article.objects.filter(status=Status.DRAFT).count() == 2
    assert not Version.objects.exists()


def test_publish_changes_exactly_the_selected_drafts_and_leaves_history(comms_client):
    chosen = ArticleFactory.create_batch(2, status=Status.DRAFT)
    other = ArticleFactory(status=Status.DRAFT, title="Not chosen")
    response = run_action(comms_client, "publish", chosen, confirm=True)
    assert "2 items published." in response.text
    assert set(Article.objects.filter(status=Status.PUBLISHED)) == set(chosen)
    other.refresh_from_db()
    assert other.status == Status.DRAFT
    for article in chosen:
        article.refresh_from_db()
        assert article.updated_by == comms_client.user
        versions = Version.objects.get_for_object(article)
        assert len(versions) == 1
        assert versions[0].revision.user == comms_client.user
        assert versions[0].revision.comment == "Published (bulk action)."
        assert versions[0].field_dict["status"] == Status.PUBLISHED
        # One revision per item: reverting one never touches another.
        assert [v.object_id for v in versions[0].revision.version_set.all()] == [str(article.pk)]
        assert LogEntry.objects.filter(object_id=str(article.pk)).get().change_message == (
            "Published (bulk action)."
        )
    assert not Version.objects.get_for_object(other).exists()


def test_return_to_draft_changes_only_the_selected_items(comms_client):
    chosen, other = ArticleFactory(), ArticleFactory()
    run_action(comms_client, "unpublish", [chosen], confirm=True)
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert chosen.status == Status.DRAFT
    assert other.status == Status.PUBLISHED
    assert Version.objects.get_for_object(chosen).count() == 1
    assert LogEntry.objects.count() == 1


def test_add_theme_asks_for_the_theme_then_adds_it_to_the_named_items(comms_client):
    theme = ThemeFactory(name="Housing", slug="housing")
    chosen = ArticleFactory.create_batch(2)
    has_it = ArticleFactory(title="Has it", themes=[theme])
    other = ArticleFactory()
    page = run_action(comms_client, "add_theme", [*chosen, has_it])
    assert page.status_code == 200
    assert '<select name="theme"' in page.text
    assert '<label for="id_theme">Theme:</label>' in page.text
    assert list(Article.objects.with_themes([theme])) == [has_it]

    response = run_action(
        comms_client, "add_theme", [*chosen, has_it], confirm=True, theme=theme.pk
    )
    assert "Theme added to 2 items." in response.text
    assert set(Article.objects.with_themes([theme])) == {*chosen, has_it}
    assert not other.themes.exists()
    for article in chosen:
        revision = Version.objects.get_for_object(article).get().revision
        assert revision.comment == "Theme “Housing” added (bulk action)."
        assert revision.version_set.count() == 2  # the article and its new theme link
    assert not Version.objects.get_for_object(has_it).exists()


def test_remove_theme_removes_only_that_theme_from_the_named_items(comms_client):
    housing, jobs = ThemeFactory(name="Housing"), ThemeFactory(name="Jobs")
    chosen = ArticleFactory(themes=[housing, jobs])
    other = ArticleFactory(themes=[housing])
    run_action(comms_client, "remove_theme", [chosen], confirm=True, theme=housing.pk)
    assert list(chosen.themes.all()) == [jobs]
    assert list(other.themes.all()) == [housing]
    assert Version.objects.get_for_object(chosen).count() == 1


def test_a_theme_action_without_a_valid_theme_changes_nothing(comms_client):
    article = ArticleFactory()
    response = run_action(comms_client, "add_theme", [article], confirm=True, theme="999999")
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not article.themes.exists()
    assert not Version.objects.exists()


@pytest.mark.parametrize(
    ("factory", "model", "url"),
    [
        (EventFactory, Event, "admin:events_event_changelist"),
        (PublicationFactory, Publication, "admin:publications_publication_changelist"),
    ],
)
def test_events_and_publications_have_the_same_actions(comms_client, factory, model, url):
    theme = ThemeFactory()
    chosen, other = factory(status=Status.DRAFT), factory(status=Status.DRAFT)
    page = run_action(comms_client, "publish", [chosen], url=url)
    assert "This changes 1 item:" in page.text
    run_action(comms_client, "publish", [chosen], url=url, confirm=True)
    run_action(comms_client, "add_theme", [chosen], url=url, confirm=True, theme=theme.pk)
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert chosen.status == Status.PUBLISHED
    assert other.status == Status.DRAFT
    assert list(chosen.themes.all()) == [theme]
    assert Version.objects.get_for_object(chosen).count() == 2
    assert not other.themes.exists()
