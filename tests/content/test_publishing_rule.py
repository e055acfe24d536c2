from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Article, Status
from tests.clock import NOW
from tests.factories import ArticleFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_published_returns_only_published_items_dated_now_or_earlier():
    now = timezone.now()
    visible = ArticleFactory(published_at=now - timedelta(minutes=1))
    ArticleFactory(status=Status.DRAFT, published_at=now - timedelta(days=1))
    ArticleFactory(published_at=now + timedelta(minutes=1))
    assert list(Article.objects.published(at=now)) == [visible]


@pytest.mark.time_machine(NOW, tick=False)  # 'future' is relative to a pinned now
@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Status.DRAFT},
        {"published_at": NOW + timedelta(days=1)},
    ],
    ids=["draft", "future"],
)
def test_unpublished_article_is_404_to_visitors_and_absent_from_every_listing(client, overrides):
    theme = ThemeFactory(slug="migration")
    hidden = ArticleFactory(title="Hidden item", themes=[theme], **overrides)
    ArticleFactory(title="Visible item", themes=[theme])

    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in [
        reverse("home"),
        reverse("content:article_list"),
        reverse("topic", kwargs={"slug": "migration"}),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Visible item" in response.text
        assert "Hidden item" not in response.text


def test_staff_with_change_permission_can_preview_a_draft(staff_client):
    draft = ArticleFactory(status=Status.DRAFT, title="Preview me")
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "not public yet" in response.text
