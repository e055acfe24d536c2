"""Calls with or without a deadline: open until closed, a truthful badge, the open list."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse
from django.utils.html import strip_tags

from content.models import Article
from tests.factories import ArticleFactory

from .test_admin import article_form_data

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def text(response):
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


@time_machine.travel(NOW, tick=False)
def test_a_call_without_a_deadline_is_open_until_an_editor_closes_it():
    call = ArticleFactory(kind="call", deadline=None)
    assert call.is_open(at=NOW + timedelta(days=3650))
    call.closed = True
    call.save()
    assert not call.is_open()


@time_machine.travel(NOW, tick=False)
def test_a_call_with_a_deadline_closes_at_it_or_when_closed_earlier():
    call = ArticleFactory(kind="call", deadline=NOW + timedelta(days=1))
    assert call.is_open()
    assert not call.is_open(at=NOW + timedelta(days=1))
    call.closed = True
    assert not call.is_open()


@time_machine.travel(NOW, tick=False)
def test_the_badges_say_what_is_true(client):
    ArticleFactory(kind="call", title="Dated call", deadline=datetime(2026, 4, 3, 15, tzinfo=UTC))
    ArticleFactory(kind="call", title="Undated call", deadline=None)
    ArticleFactory(kind="call", title="Closed undated", deadline=None, closed=True)
    ArticleFactory(kind="call", title="Past deadline", deadline=NOW - timedelta(days=1))
    page = text(client.get(reverse("content:article_list"), {"kind": "call"}))
    assert "Open until 3 April 2026, 17:00 CEST Dated call" in page
    assert "Open no deadline: until further notice Undated call" in page
    assert "Closed Closed undated" in page
    assert "Closed Past deadline" in page


@time_machine.travel(NOW, tick=False)
def test_open_calls_list_shows_only_open_public_calls_soonest_deadline_first(client):
    ArticleFactory(kind="call", title="Later deadline", deadline=NOW + timedelta(days=20))
    ArticleFactory(kind="call", title="No deadline", deadline=None)
    ArticleFactory(kind="call", title="Sooner deadline", deadline=NOW + timedelta(days=2))
    ArticleFactory(kind="call", title="Closed by hand", deadline=None, closed=True)
    ArticleFactory(kind="call", title="Expired", deadline=NOW - timedelta(hours=1))
    ArticleFactory(kind="call", title="Draft call", deadline=None, status="draft")
    ArticleFactory(kind="news", title="Plain news")
    page = text(client.get(reverse("content:open_calls")))
    assert "3 open calls" in page
    order = [page.index(t) for t in ("Sooner deadline", "Later deadline", "No deadline")]
    assert order == sorted(order)
    for absent in ("Closed by hand", "Expired", "Draft call", "Plain news"):
        assert absent not in page


@time_machine.travel(NOW, tick=False)
def test_open_calls_list_query_count(client, django_assert_num_queries):
    for n in range(5):
        ArticleFactory(kind="call", title=f"Call {n}", deadline=None)
    with django_assert_num_queries(3):  # count, page, themes
        client.get(reverse("content:open_calls"))


@time_machine.travel(NOW, tick=False)
def test_closed_calls_drop_out_of_the_home_pages_latest_items(client):
    ArticleFactory(kind="call", title="Still open call", deadline=None)
    ArticleFactory(kind="call", title="Call closed by hand", deadline=None, closed=True)
    ArticleFactory(kind="call", title="Call past its deadline", deadline=NOW - timedelta(days=1))
    ArticleFactory(kind="news", title="Some news")
    page = text(client.get(reverse("home")))
    assert "Still open call" in page
    assert "Some news" in page
    assert "Call closed by hand" not in page
    assert "Call past its deadline" not in page


def test_admin_saves_a_call_without_a_deadline(staff_client):
    response = staff_client.post(
        reverse("admin:content_article_add"), article_form_data(kind="call", status="published")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    call = Article.objects.get()
    assert call.deadline is None
    assert call.is_open()


def test_admin_refuses_closing_an_article_that_is_not_a_call(staff_client):
    response = staff_client.post(
        reverse("admin:content_article_add"), article_form_data(kind="news", closed="on")
    )
    assert response.status_code == 200
    assert "Only a call can be closed." in response.text
    assert not Article.objects.exists()


def test_database_refuses_a_closed_article_that_is_not_a_call():
    with pytest.raises(IntegrityError):
        Article.objects.create(title="News", slug="news", kind="news", closed=True)


def test_admin_action_closes_the_selected_calls(staff_client):
    call = ArticleFactory(kind="call", deadline=None)
    news = ArticleFactory(kind="news")
    response = staff_client.post(
        reverse("admin:content_article_changelist"),
        {"action": "close_calls", "_selected_action": [call.pk, news.pk]},
        follow=True,
    )
    assert "1 call closed." in response.text
    call.refresh_from_db()
    assert call.closed
    assert not call.is_open()


def test_admin_lists_open_and_closed_calls(staff_client):
    ArticleFactory(kind="call", title="Open one", deadline=None)
    ArticleFactory(kind="call", title="Closed one", deadline=None, closed=True)
    url = reverse("admin:content_article_changelist")
    assert "Closed one" not in staff_client.get(url, {"call": "open"}).text
    closed_page = staff_client.get(url, {"call": "closed"}).text
    assert "Closed one" in closed_page
    assert "Open one" not in closed_page


def test_an_article_cannot_take_the_open_calls_address(staff_client):
    response = staff_client.post(
        reverse("admin:content_article_add"), article_form_data(slug="calls")
    )
    assert "is taken by a page of the site" in response.text
    article = ArticleFactory(title="Calls", slug="calls")
    assert article.slug == "calls-article"
