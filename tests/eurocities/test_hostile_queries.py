import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ThemeFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "page=0", "page=-1", "page=99999", "page=abc", "page=1.5", "page=%00",
    "theme=nonexistent", "theme=%00", "kind=%00", "kind=bogus",
    "theme=" + "x" * 3000, "page=1&page=2&page=3", "kind=news&kind=story",
    "theme=<script>x</script>", "page[]=2", "utm_source=x&foo=bar",
    "year=99999999999999999999", "o=password",
]  # fmt: skip


@pytest.fixture
def public_urls():
    theme = ThemeFactory(slug="migration")
    article = ArticleFactory(themes=[theme])
    group = WorkingGroupFactory()
    return [
        reverse("home"),
        reverse("topic_list"),
        reverse("topic", kwargs={"slug": "migration"}),
        reverse("content:article_list"),
        article.get_absolute_url(),
        group.get_absolute_url(),
    ]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_query_strings_give_a_page_never_a_server_error(client, public_urls, query):
    for url in public_urls:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200, (url, query)
        assert "<script>x</script>" not in response.text


def test_paging_past_the_end_shows_the_last_page(client):
    ArticleFactory(title="Only article")
    response = client.get(reverse("content:article_list"), {"page": 99999})
    assert response.status_code == 200
    assert "Only article" in response.text


def test_too_many_parameters_are_refused_with_400(client):
    query = "&".join(f"p{n}=1" for n in range(1100))
    assert client.get(f"{reverse('content:article_list')}?{query}").status_code == 400


def test_nul_byte_in_a_path_is_404(client):
    assert client.get("/news/%00/").status_code == 404
    assert client.get("/working-groups/%00/").status_code == 404
    assert client.get("/cities/%00/").status_code == 404


def test_unsafe_methods_are_refused_on_public_pages(client):
    assert client.post(reverse("home")).status_code == 405
    assert client.delete(reverse("topic_list")).status_code == 405
    assert client.head(reverse("home")).status_code == 200
