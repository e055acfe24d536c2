"""A list's page links (content/templatetags/paging.py): the current page marked for
assistive technology, previous and next, an ellipsis where pages are left out, and
every link keeping the list's filters."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news():
    now = timezone.now()
    for n in range(12 * 8):
        ArticleFactory(kind=Article.Kind.NEWS, published_at=now - timedelta(hours=n + 1))


def pagination_of(client, **params):
    html = client.get(reverse("content:article_list"), params).text
    start = html.index('<nav class="pagination" aria-label="Pagination">')
    return html[start : html.index("</nav>", start)]


def test_the_links_keep_the_filters_and_mark_the_current_page(client, news):
    links = pagination_of(client, kind="news", page=4)

    assert '<a href="?kind=news&amp;page=3" rel="prev">‹ Previous</a>' in links
    assert '<a href="?kind=news&amp;page=5" rel="next">Next ›</a>' in links
    assert (
        '<a href="?kind=news&amp;page=4" aria-current="page">'
        '<span class="visually-hidden">Page </span>4</a>'
    ) in links
    assert links.count("aria-current") == 1
    first = '<a href="?kind=news&amp;page=1"><span class="visually-hidden">Page </span>1</a>'
    assert first in links


def test_the_first_page_has_no_previous_and_elides_far_pages(client, news):
    links = pagination_of(client)

    assert 'rel="prev"' not in links
    assert '<a href="?page=2" rel="next">Next ›</a>' in links
    assert '<span aria-hidden="true">…</span>' in links
    assert '<span class="visually-hidden">Page </span>8</a>' in links


def test_a_single_page_has_no_links(client):
    ArticleFactory()
    assert 'class="pagination"' not in client.get(reverse("content:article_list")).text


def test_a_page_far_into_the_list_shows_its_neighbours_and_is_marked(client):
    now = timezone.now()
    for n in range(12 * 15):
        ArticleFactory(kind=Article.Kind.NEWS, published_at=now - timedelta(hours=n + 1))
    links = pagination_of(client, page=8)

    for number in range(5, 12):  # three pages each side of the current one
        assert f'<span class="visually-hidden">Page </span>{number}</a>' in links
    assert '<a href="?page=8" aria-current="page">' in links
    assert links.count('<span aria-hidden="true">…</span>') == 2
