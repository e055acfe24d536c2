"""The pks of a list's deep pages are read once per content version and kept for all
its pages (content.pagination.WindowPaginator with kept_as): the pages are those of a
process that keeps nothing, and a change to public content moves them at once."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content import pagination
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NEWS = reverse("content:article_list")
PK_READ = 'SELECT "content_article"."id" AS "pk" FROM'


@pytest.fixture
def articles():
    now = timezone.now()
    return [
        ArticleFactory(title=f"Article {n:03d}", published_at=now - timedelta(hours=n + 1))
        for n in range(300)
    ]


def read(client, address):
    """The page (its CSP nonces left out) and how many times it read a list's pks."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    page = re.sub(r' nonce="[^"]*"', "", response.content.decode())
    return page, sum(PK_READ in q["sql"] for q in queries.captured_queries)


def test_deep_pages_read_the_list_once_per_power_of_two(client, settings, articles):
    addresses = [f"{NEWS}?page={number}" for number in range(11, 26)]  # rows 121-300
    settings.SHARED_CACHE = False
    unkept = [read(client, address)[0] for address in addresses]
    settings.SHARED_CACHE = True
    kept, reads = zip(*(read(client, address) for address in addresses), strict=True)
    assert list(kept) == unkept
    # Pages 11-21 end within the first 256 rows, 22-25 need the rest: two reads.
    assert sum(reads) == 2 and reads[0] == 1 and reads[11] == 1
    assert "Article 120" in kept[0] and "Article 299" in kept[-1]
    assert read(client, addresses[0])[1] == 0  # kept


def test_a_new_article_moves_the_kept_deep_pages_at_once(client, shared_cache, articles):
    page_eleven = f"{NEWS}?page=11"
    before, _reads = read(client, page_eleven)
    assert "Article 119" not in before and "Article 131" in before
    ArticleFactory(title="Just published", published_at=timezone.now())
    after, reads = read(client, page_eleven)
    assert reads == 1
    assert "Article 119" in after and "Article 131" not in after


def test_a_list_s_first_pages_come_from_one_read(client, settings, articles):
    addresses = [NEWS, *(f"{NEWS}?page={number}" for number in range(2, 7))]
    settings.SHARED_CACHE = False
    unkept = [read(client, address)[0] for address in addresses]
    settings.SHARED_CACHE = True
    kept, reads = zip(*(read(client, address) for address in addresses), strict=True)
    assert list(kept) == unkept
    assert reads == (1, 0, 0, 0, 0, 1)  # 64 rows: pages 1-5; page 6 needs 72
    with CaptureQueriesContext(connection) as queries:
        assert client.get(NEWS).status_code == 200
    assert not [q for q in queries.captured_queries if "content_article" in q["sql"]]


def test_a_page_deeper_than_any_kept_read_reads_only_its_own_pks(
    client, shared_cache, articles, monkeypatch
):
    monkeypatch.setattr(pagination, "KEPT_REACH", 128)
    with CaptureQueriesContext(connection) as queries:
        page, _reads = read(client, f"{NEWS}?page=12")  # rows 133-144
    (pk_read,) = [q["sql"] for q in queries.captured_queries if PK_READ in q["sql"]]
    assert "LIMIT 12 OFFSET 132" in pk_read
    assert "Article 132" in page and "Article 143" in page and "Article 131" not in page
