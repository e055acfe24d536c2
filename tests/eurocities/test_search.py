from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content.models import Article, Status
from tests.factories import (
    ArticleFactory,
    CityFactory,
    EventFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 24  # facets: one aggregate query per facet (content.facets)


def search(client, **params):
    return client.get(reverse("search"), params)


def test_search_finds_published_items_of_every_kind_by_title_or_summary(client):
    ArticleFactory(title="Housing for newcomers")
    EventFactory(title="Workshop", summary="How cities plan HOUSING together")
    PublicationFactory(title="Toolkit on housing")
    ArticleFactory(title="Unrelated news")
    response = search(client, q="housing")
    assert response.status_code == 200
    assert {item.title for item in response.context["page_obj"]} == {
        "Housing for newcomers",
        "Toolkit on housing",
        "Workshop",
    }
    assert "Unrelated news" not in response.text
    assert "3 results" in response.text


def test_search_results_come_newest_first(client):
    now = timezone.now()
    ArticleFactory(title="Housing old", published_at=now - timedelta(days=9))
    EventFactory(title="Housing new", published_at=now - timedelta(days=1))
    PublicationFactory(title="Housing middle", published_at=now - timedelta(days=5))
    titles = [item.title for item in search(client, q="housing").context["page_obj"]]
    assert titles == ["Housing new", "Housing middle", "Housing old"]


def test_search_never_shows_drafts_or_future_items(client):
    ArticleFactory(title="Housing public")
    ArticleFactory(title="Housing draft", status=Status.DRAFT)
    EventFactory(title="Housing future", published_at=timezone.now() + timedelta(days=2))
    PublicationFactory(title="Housing draft paper", status=Status.DRAFT)
    response = search(client, q="housing")
    assert "Housing public" in response.text
    assert "Housing draft" not in response.text
    assert "Housing future" not in response.text
    assert response.context["page_obj"].paginator.count == 1


def test_search_does_not_show_drafts_to_staff_either(staff_client):
    ArticleFactory(title="Housing draft", status=Status.DRAFT)
    assert "Housing draft" not in search(staff_client, q="housing").text


def test_search_narrows_results_to_one_kind(client):
    ArticleFactory(title="Housing story", kind=Article.Kind.STORY)
    ArticleFactory(title="Housing news", kind=Article.Kind.NEWS)
    EventFactory(title="Housing event")
    response = search(client, q="housing", kind="event")
    assert [item.title for item in response.context["page_obj"]] == ["Housing event"]
    response = search(client, q="housing", kind="story")
    assert [item.title for item in response.context["page_obj"]] == ["Housing story"]


def test_an_unknown_kind_is_left_out_with_a_message_not_a_crash(client):
    ArticleFactory(title="Housing news")
    response = search(client, q="housing", kind="nonsense")
    assert response.status_code == 200
    assert [item.title for item in response.context["page_obj"]] == ["Housing news"]
    assert 'role="alert"' in response.text
    assert "could not be used" in response.text


def test_an_empty_query_shows_a_helpful_empty_state_not_everything(client):
    ArticleFactory(title="Housing news")
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = search(client, **params)
        assert response.status_code == 200
        assert response.context["page_obj"] is None
        assert "Housing news" not in response.text
        assert "Type a word or two" in response.text


def test_no_match_says_so(client):
    ArticleFactory(title="Housing news")
    response = search(client, q="zebra")
    assert response.status_code == 200
    assert "0 results" in response.text
    assert "Nothing matches" in response.text


def test_the_query_is_echoed_escaped(client):
    ArticleFactory(title="Housing news")
    response = search(client, q="<script>alert(1)</script>")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "Results for “&lt;script&gt;alert(1)&lt;/script&gt;”" in response.text


@pytest.mark.parametrize("query", ["\x00", "hous\x00ing", "x" * 201, "x" * 3000])
def test_nul_bytes_and_over_long_queries_give_a_form_error_and_no_results(client, query):
    ArticleFactory(title="Housing news")
    response = search(client, q=query)
    assert response.status_code == 200
    assert response.context["page_obj"] is None
    assert response.context["form"].errors["q"]
    assert "Housing news" not in response.text
    assert 'role="alert"' in response.text


def test_a_nul_byte_in_the_raw_query_string_is_a_form_error(client):
    response = client.get(reverse("search") + "?q=%00")
    assert response.status_code == 200
    assert response.context["form"].errors["q"]


def test_a_query_of_exactly_200_characters_is_accepted(client):
    ArticleFactory(title="y" * 200)
    response = search(client, q="y" * 200)
    assert response.context["page_obj"].paginator.count == 1


def test_a_repeated_q_uses_one_value(client):
    ArticleFactory(title="Housing news")
    ArticleFactory(title="Zebra news")
    response = client.get(reverse("search") + "?q=zebra&q=housing")
    assert response.status_code == 200
    assert [item.title for item in response.context["page_obj"]] == ["Housing news"]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1.5", "%00"])
def test_odd_page_numbers_give_a_page(client, page):
    for n in range(15):
        ArticleFactory(title=f"Housing {n}")
    response = client.get(reverse("search") + f"?q=housing&page={page}")
    assert response.status_code == 200
    assert response.context["page_obj"].object_list


def test_results_are_paginated(client):
    for n in range(15):
        ArticleFactory(title=f"Housing {n}")
    first = search(client, q="housing")
    second = search(client, q="housing", page=2)
    assert len(first.context["page_obj"]) == 12
    assert len(second.context["page_obj"]) == 3
    assert "15 results" in first.text
    assert "page=2" in first.text and "q=housing" in first.text


def test_search_only_answers_safe_methods(client):
    assert client.post(reverse("search"), {"q": "x"}).status_code == 405


def test_every_page_has_a_labelled_search_box_in_the_header(client):
    html = client.get(reverse("home")).text
    assert 'role="search"' in html
    assert '<label for="site-search-q"' in html
    assert f'action="{reverse("search")}"' in html
    assert ">Search</button>" in html


@pytest.mark.parametrize("count", [2, 40])
def test_search_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries, count):
    for n in range(count):
        ArticleFactory(title=f"Housing article {n}")
        EventFactory(title=f"Housing event {n}")
        PublicationFactory(title=f"Housing paper {n}")
    for params in ({"q": "housing"}, {"q": "housing", "kind": "event", "page": 2}, {}):
        with django_assert_max_num_queries(MAX_QUERIES):
            assert search(client, **params).status_code == 200


@pytest.mark.parametrize("query", ["%", "_", "\\", "'", '"', "100%_\\'", "& | ! <->"])
def test_sql_wildcards_quotes_and_operators_never_match_everything(client, query):
    ArticleFactory(title="Plain title", summary="Plain summary")
    response = search(client, q=query)
    assert response.status_code == 200
    assert "Plain title" not in response.text


def test_header_search_box_keeps_the_query_escaped_on_the_results_page(client):
    page = client.get("/search/", {"q": '"><script>x</script>'}).text
    header_input = page.split('id="site-search-q"')[1].split(">")[0]
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in header_input
    assert "<script>x</script>" not in page
    assert 'value="' not in client.get("/").text.split('id="site-search-q"')[1].split(">")[0]


def found(client, words):
    return {item.title for item in search(client, q=words).context["page_obj"]}


def test_renaming_a_city_or_a_theme_reindexes_every_item_naming_it(client):
    city = CityFactory(name="Oldtown")
    theme = ThemeFactory(name="Oldtheme")
    article = ArticleFactory(title="About a city", themes=[theme])
    article.cities.add(city)
    EventFactory(title="Hosted there", city=city)
    assert found(client, "Oldtown") == {"About a city", "Hosted there"}

    city.name = "Newtown"
    city.save()
    theme.name = "Newtheme"
    theme.save()
    assert found(client, "Newtown") == {"About a city", "Hosted there"}
    assert found(client, "Oldtown") == set()
    assert found(client, "Newtheme") == {"About a city"}


def test_items_added_from_the_city_side_are_found_by_its_name(client):
    city = CityFactory(name="Sidetown")
    first, second = ArticleFactory(title="First"), ArticleFactory(title="Second")
    city.articles.add(first, second)
    assert found(client, "Sidetown") == {"First", "Second"}


def test_saving_a_city_or_a_theme_under_the_same_name_leaves_the_index_alone(client):
    """An editor changing a topic page's introduction must not wait while every item
    carrying the theme is reindexed (tens of thousands at full scale)."""
    city, theme = CityFactory(name="Sametown"), ThemeFactory(name="Sametheme")
    article = ArticleFactory(title="Named twice", themes=[theme])
    article.cities.add(city)
    city.latitude, theme.description = 50.85, "Another introduction"
    for named in (city, theme):
        with CaptureQueriesContext(connection) as queries:
            named.save()
        assert not [q for q in queries if "search_text" in q["sql"]]
    assert found(client, "Sametown Sametheme") == {"Named twice"}
