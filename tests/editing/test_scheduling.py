"""Scheduling you can see: states, labels, the list filter, the unpublish date."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from content.models import Article, PublicationState, Status
from events.models import Event
from publications.models import Publication
from tests.factories import ArticleFactory, EventFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 10:00 in Brussels (CET, UTC+1).
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# Thursday 3 December 2026, 09:30 in Brussels.
LATER = datetime(2026, 12, 3, 8, 30, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def changelist(client, model, **params):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return client.get(url, params)


def listed(response):
    return {obj.title for obj in response.context["cl"].result_list}


@pytest.mark.usefixtures("frozen")
def test_the_four_states_follow_status_and_both_dates():
    draft = ArticleFactory(status=Status.DRAFT)
    scheduled = ArticleFactory(published_at=LATER)
    live = ArticleFactory(published_at=NOW - timedelta(days=1))
    live_until = ArticleFactory(published_at=NOW - timedelta(days=1), unpublish_at=LATER)
    expired = ArticleFactory(
        published_at=NOW - timedelta(days=3), unpublish_at=NOW - timedelta(seconds=1)
    )
    assert draft.publication_state() == PublicationState.DRAFT
    assert scheduled.publication_state() == PublicationState.SCHEDULED
    assert live.publication_state() == PublicationState.LIVE
    assert live_until.is_live()
    assert expired.publication_state() == PublicationState.EXPIRED
    assert set(Article.objects.published()) == {live, live_until}
    assert set(Article.objects.scheduled()) == {scheduled}
    assert set(Article.objects.expired()) == {expired}
    assert set(Article.objects.drafts()) == {draft}


@pytest.mark.usefixtures("frozen")
def test_the_unpublish_moment_itself_is_already_off_the_site():
    item = ArticleFactory(published_at=NOW - timedelta(days=1), unpublish_at=NOW)
    assert not item.is_live()
    assert not Article.objects.published().exists()


@pytest.mark.parametrize("factory", [ArticleFactory, EventFactory, PublicationFactory])
def test_a_scheduled_item_reads_scheduled_for_its_brussels_time_in_the_admin_list(
    comms_client, frozen, factory
):
    factory(title="Coming soon", published_at=LATER)
    factory(title="Out already")
    response = changelist(comms_client, factory._meta.model)
    assert "Scheduled for 3 Dec 2026, 09:30 (Brussels time)" in response.text
    assert "Live" in response.text


def test_the_change_form_says_scheduled_and_offers_the_unpublish_date(comms_client, frozen):
    article = ArticleFactory(published_at=LATER)
    response = comms_client.get(reverse("admin:content_article_change", args=[article.pk]))
    assert "Scheduled for 3 Dec 2026, 09:30 (Brussels time)" in response.text
    assert 'name="unpublish_at_0"' in response.text


@pytest.mark.parametrize("model", [Article, Event, Publication])
def test_the_list_filter_shows_drafts_scheduled_live_and_expired(comms_client, frozen, model):
    factory = {Article: ArticleFactory, Event: EventFactory, Publication: PublicationFactory}[model]
    factory(title="Draft one", status=Status.DRAFT)
    factory(title="Scheduled one", published_at=LATER)
    factory(title="Scheduled later", published_at=NOW + timedelta(days=20))
    factory(title="Live one", published_at=NOW - timedelta(days=1))
    factory(
        title="Expired one",
        published_at=NOW - timedelta(days=9),
        unpublish_at=NOW - timedelta(days=1),
    )
    assert listed(changelist(comms_client, model, state="draft")) == {"Draft one"}
    assert listed(changelist(comms_client, model, state="scheduled")) == {
        "Scheduled one",
        "Scheduled later",
    }
    assert listed(changelist(comms_client, model, state="scheduled_week")) == {"Scheduled one"}
    assert listed(changelist(comms_client, model, state="live")) == {"Live one"}
    assert listed(changelist(comms_client, model, state="expired")) == {"Expired one"}
    assert len(listed(changelist(comms_client, model))) == 5


def test_a_scheduled_article_goes_live_at_its_time_without_anyone_doing_anything(client):
    theme = ThemeFactory(slug="migration")
    with time_machine.travel(NOW, tick=False) as traveller:
        article = ArticleFactory(title="Timed news", published_at=LATER, themes=[theme])
        assert client.get(article.get_absolute_url()).status_code == 404
        assert "Timed news" not in client.get(reverse("content:article_list")).text
        traveller.move_to(LATER - timedelta(seconds=1))
        assert client.get(article.get_absolute_url()).status_code == 404
        traveller.move_to(LATER)
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Timed news" in client.get(reverse("content:article_list")).text
        assert "Timed news" in client.get(reverse("topic", args=["migration"])).text


SITEMAP_FILES = {
    ArticleFactory: "/sitemap-news.xml",
    EventFactory: "/sitemap-events.xml",
    PublicationFactory: "/sitemap-publications.xml",
}


def public_addresses(theme_slug):
    return [
        reverse("home"),
        reverse("content:article_list"),
        reverse("events:list"),
        reverse("publications:list"),
        reverse("topic", args=[theme_slug]),
        reverse("topic_feed", args=[theme_slug]),
        reverse("news_feed"),
        *SITEMAP_FILES.values(),
        reverse("events:upcoming_ics"),
        reverse("search") + "?q=Vanishing",
    ]


def mentions(client, url, item):
    response = client.get(url)
    assert response.status_code == 200, url
    return "Vanishing item" in response.text or item.get_absolute_url() in response.text


@pytest.mark.parametrize("factory", [ArticleFactory, EventFactory, PublicationFactory])
def test_the_unpublish_date_is_honoured_everywhere(client, factory):
    theme = ThemeFactory(slug="housing")
    with time_machine.travel(NOW, tick=False) as traveller:
        item = factory(
            title="Vanishing item",
            published_at=NOW - timedelta(days=2),
            unpublish_at=LATER,
            themes=[theme],
        )
        before = {url for url in public_addresses("housing") if mentions(client, url, item)}
        assert client.get(item.get_absolute_url()).status_code == 200
        # Listed on its own list, the topic page and its feed, the sitemap and search.
        assert {
            reverse("topic", args=["housing"]),
            reverse("topic_feed", args=["housing"]),
            SITEMAP_FILES[factory],
            reverse("search") + "?q=Vanishing",
        } <= before

        traveller.move_to(LATER)
        assert client.get(item.get_absolute_url()).status_code == 404
        still = {url for url in public_addresses("housing") if mentions(client, url, item)}
        assert still == set()
