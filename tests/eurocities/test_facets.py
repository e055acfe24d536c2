"""Facets with counts on the news, events and documents lists, the topic page and search."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Status
from events.models import Event
from tests.factories import (
    ArticleFactory,
    CityFactory,
    DocumentTypeFactory,
    EventFactory,
    ProjectFactory,
    PublicationFactory,
    PublicationFileFactory,
    ThemeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def facet(response, name):
    found = next((f for f in response.context["facets"] if f.name == name), None)
    return {} if found is None else {o.value: o.count for o in found.options}


@pytest.fixture
def news():
    """Hand-counted: 3 news, 2 stories public; a draft and a scheduled item never count."""
    group = WorkingGroupFactory(slug="wg-migration", name="Migration group")
    project = ProjectFactory(slug="unites", acronym="UNITES")
    ghent, tampere = CityFactory(name="Ghent"), CityFactory(name="Tampere")
    theme = ThemeFactory(slug="housing", name="Housing")
    last_year = timezone.now() - timedelta(days=400)
    a = ArticleFactory(title="N1", kind="news", working_group=group, themes=[theme])
    a.cities.set([ghent, tampere])
    a.projects.set([project])
    b = ArticleFactory(title="N2", kind="news", published_at=last_year)
    b.cities.set([ghent])
    ArticleFactory(title="N3", kind="news", working_group=group)
    ArticleFactory(title="S1", kind="story", themes=[theme])
    ArticleFactory(title="S2", kind="story", published_at=last_year, working_group=group)
    draft = ArticleFactory(title="Draft", kind="news", status=Status.DRAFT, working_group=group)
    draft.cities.set([ghent])
    ArticleFactory(
        title="Scheduled",
        kind="story",
        themes=[theme],
        published_at=timezone.now() + timedelta(days=3),
    )
    return {"group": group, "ghent": ghent, "tampere": tampere}


def test_news_facet_counts_equal_the_hand_count_and_skip_drafts_and_scheduled(client, news):
    response = client.get(reverse("content:article_list"))
    assert facet(response, "kind") == {"news": 3, "story": 2}
    assert facet(response, "theme") == {"housing": 2}
    assert facet(response, "working_group") == {"wg-migration": 3}
    assert facet(response, "city") == {news["ghent"].slug: 2, news["tampere"].slug: 1}
    assert facet(response, "project") == {"unites": 1}
    assert sum(facet(response, "year").values()) == 5


def test_counts_combine_with_the_other_selected_facets(client, news):
    response = client.get(reverse("content:article_list"), {"working_group": "wg-migration"})
    assert response.context["page_obj"].paginator.count == 3
    # Kind counts within the group; the group's own facet still shows every group.
    assert facet(response, "kind") == {"news": 2, "story": 1}
    assert facet(response, "working_group") == {"wg-migration": 3}
    assert facet(response, "city") == {news["ghent"].slug: 1, news["tampere"].slug: 1}
    response = client.get(
        reverse("content:article_list"), {"working_group": "wg-migration", "kind": "story"}
    )
    assert [a.title for a in response.context["page_obj"]] == ["S2"]
    assert facet(response, "kind") == {"news": 2, "story": 1}
    assert "housing" not in facet(response, "theme")  # options giving nothing are hidden


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({}, {"N1", "N2", "N3", "S1", "S2"}),
        ({"kind": "story"}, {"S1", "S2"}),
        ({"year": str(timezone.localtime().year)}, {"N1", "N3", "S1"}),
        ({"year": str(timezone.localtime().year), "working_group": "wg-migration"}, {"N1", "N3"}),
        ({"year": "1999"}, set()),
        ({"city": "no-such-city"}, {"N1", "N2", "N3", "S1", "S2"}),  # ignored
    ],
)
def test_the_number_of_items_comes_with_the_facets_and_is_the_lists(client, news, params, titles):
    response = client.get(reverse("content:article_list"), params)
    page = response.context["page_obj"]
    assert {article.title for article in page.object_list} == titles
    assert page.paginator.count == len(titles) and page.paginator.count_is_exact
    counter = f"{len(titles)} article" if len(titles) == 1 else f"{len(titles)} articles"
    assert counter in response.text


def test_selected_facets_are_listed_with_a_remove_link_and_options_are_links(client, news):
    response = client.get(
        reverse("content:article_list"), {"kind": "story", "working_group": "wg-migration"}
    )
    page = response.text
    assert 'class="chips"' in page
    assert 'href="/news/?working_group=wg-migration"' in page  # remove the kind
    assert 'href="/news/?kind=story"' in page  # remove the group
    assert "Remove all filters" in page
    assert 'href="/news/?kind=news&amp;working_group=wg-migration"' in page
    assert "<details" in page and "data-facets" in page


def test_option_links_keep_the_other_parameters_in_order_and_drop_the_page(client, news):
    response = client.get(
        reverse("content:article_list"),
        {"note": "a b&c=d", "kind": "story", "page": "2", "working_group": "wg-migration"},
    )
    page = response.text
    # The chosen value takes the place of the selected one; the rest stay as they came.
    assert 'href="/news/?note=a+b%26c%3Dd&amp;kind=news&amp;working_group=wg-migration"' in page
    links = re.findall(r'href="(/news/\?[^"]*)"', page)
    # A facet not yet chosen goes at the end; no link keeps the page number.
    assert (
        "/news/?note=a+b%26c%3Dd&amp;kind=story&amp;working_group=wg-migration&amp;year=2025"
        in links
    )
    assert links and not any("page=" in link for link in links)


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "<script>x</script>"},
        {"theme": "\x00"},
        {"year": "99999999999999999999"},
        {"city": "no-such-city"},
        {"project": "x" * 400},
        {"working_group": "a'b"},
    ],
)
def test_bad_facet_values_give_the_unfiltered_list_with_a_message(client, news, params):
    response = client.get(reverse("content:article_list"), params)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 5
    assert 'role="alert"' in response.text
    assert "<script>x</script>" not in response.text


def test_events_facets_count_online_and_in_person_with_mixed_in_both(client):
    EventFactory(attendance=Event.Attendance.ONLINE)
    EventFactory(attendance=Event.Attendance.MIXED, kind=Event.Kind.CONFERENCE)
    EventFactory(attendance=Event.Attendance.IN_PERSON, city=CityFactory(slug="ghent"))
    EventFactory(attendance=Event.Attendance.ONLINE, status=Status.DRAFT)
    response = client.get(reverse("events:list"))
    assert facet(response, "attendance") == {"online": 2, "in_person": 2}
    assert facet(response, "kind") == {"conference": 1, "workshop": 2}
    assert facet(response, "city") == {"ghent": 1}
    response = client.get(reverse("events:list"), {"attendance": "online"})
    assert facet(response, "kind") == {"conference": 1, "workshop": 1}
    assert facet(response, "attendance") == {"online": 2, "in_person": 2}


def test_documents_facets_count_type_and_language(client):
    report, brief = (
        DocumentTypeFactory(),
        DocumentTypeFactory(slug="brief-test", name="Brief for a test"),
    )
    one = PublicationFactory(document_type=report, files=[])
    PublicationFileFactory(publication=one, language="en")
    PublicationFileFactory(publication=one, language="fr")
    two = PublicationFactory(document_type=brief, files=[])
    PublicationFileFactory(publication=two, language="fr")
    PublicationFactory(document_type=brief, status=Status.DRAFT)
    response = client.get(reverse("publications:list"))
    assert facet(response, "type") == {"report": 1, "brief-test": 1}
    assert facet(response, "language") == {"en": 1, "fr": 2}
    response = client.get(reverse("publications:list"), {"language": "fr", "type": "brief-test"})
    assert response.context["page_obj"].paginator.count == 1
    assert facet(response, "language") == {"fr": 1}


def test_the_topic_page_and_search_have_the_mixed_facets(client):
    theme = ThemeFactory(slug="housing", name="Housing")
    child = ThemeFactory(slug="rent", name="Rent", parent=theme)
    ArticleFactory(title="Housing news", themes=[child])
    EventFactory(title="Housing event", themes=[theme])
    PublicationFactory(title="Housing paper", themes=[theme])
    ArticleFactory(title="Housing draft", status=Status.DRAFT, themes=[theme])
    topic = client.get(reverse("topic", kwargs={"slug": "housing"}), {"kind": "news"})
    assert facet(topic, "kind") == {"news": 1, "event": 1, "publication": 1}
    assert facet(topic, "theme") == {"rent": 1}  # the topic's own sub-themes
    found = client.get(reverse("search"), {"q": "housing"})
    assert facet(found, "kind") == {"news": 1, "event": 1, "publication": 1}
    assert facet(found, "theme") == {"housing": 3, "rent": 1}
    narrowed = client.get(reverse("search"), {"q": "housing", "theme": "rent"})
    assert [i.title for i in narrowed.context["page_obj"]] == ["Housing news"]
    assert facet(narrowed, "kind") == {"news": 1}


def test_a_search_that_finds_nothing_offers_ways_out(client):
    ThemeFactory(slug="housing", name="Housing")
    ArticleFactory(title="Housing news", kind="news")
    response = client.get(reverse("search"), {"q": "housing", "kind": "story"})
    page = response.text
    assert "Nothing matches" in page
    assert "Remove a filter" in page and 'href="/search/?q=housing"' in page
    assert "Check the spelling" in page


@pytest.mark.parametrize(
    ("url", "params", "queries"),
    [
        ("/news/", {}, 4),
        ("/news/", {"kind": "news", "theme": "housing", "page": "2"}, 4),
        ("/events/", {}, 4),
        ("/events/", {"attendance": "online", "city": "ghent"}, 3),
        ("/publications/", {}, 4),
        ("/publications/", {"language": "en", "type": "report"}, 5),
        ("/topics/housing/", {}, 9),
        ("/topics/housing/", {"kind": "event"}, 7),
        ("/search/", {"q": "housing", "kind": "news"}, 5),
    ],
)
def test_faceted_pages_run_a_constant_number_of_queries(
    client, django_assert_num_queries, url, params, queries
):
    theme = ThemeFactory(slug="housing", name="Housing")
    ghent = CityFactory(slug="ghent")
    DocumentTypeFactory()

    now = timezone.now()

    def make(n):
        # Interleaved dates put every kind on each page of a mixed feed.
        for i in range(n):
            article = ArticleFactory(
                title=f"Housing {i}", themes=[theme], published_at=now - timedelta(hours=3 * i + 1)
            )
            article.cities.set([ghent])
            EventFactory(
                title=f"Housing {i}",
                themes=[theme],
                city=ghent,
                published_at=now - timedelta(hours=3 * i + 2),
            )
            paper = PublicationFactory(
                title=f"Housing {i}", themes=[theme], published_at=now - timedelta(hours=3 * i + 3)
            )
            PublicationFileFactory(publication=paper)

    make(5)  # every kind on the first page, at both sizes
    client.get(url, params)  # warm the content-type cache
    with django_assert_num_queries(queries):
        assert client.get(url, params).status_code == 200
    make(14)
    with django_assert_num_queries(queries):
        assert client.get(url, params).status_code == 200


def test_option_labels_and_links_are_escaped(client):
    city = CityFactory(name='<img src=x onerror=alert(1)> "Quote" & Co', slug="hostile")
    article = ArticleFactory(title="About a city")
    article.cities.add(city)
    response = client.get(reverse("content:article_list"), {"kind": "news"})
    page = response.text
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; &quot;Quote&quot; &amp; Co" in page
    # The option keeps the other facet in its link, with the & escaped in the attribute.
    assert 'href="/news/?kind=news&amp;city=hostile"' in page


def test_an_option_carries_only_what_it_needs(client):
    """The city facet has hundreds of options at full scale: an option is a link
    with its label and count and nothing else (page weight, docs/performance.md);
    the selected one says so to assistive technology."""
    theme = ThemeFactory(name="Housing", slug="housing")
    rents = ThemeFactory(name="Rents", slug="rents", parent=theme)
    city = CityFactory(name="Ghent", slug="ghent")
    ArticleFactory(themes=[rents]).cities.add(city)
    page = client.get(reverse("content:article_list"), {"theme": "rents"}).text
    assert (
        '<li><a href="/news/?theme=rents&amp;city=ghent" rel="nofollow">'
        "<bdi>Ghent</bdi> <span>1</span></a></li>"
    ) in page
    assert '<li class="facet__option--depth-1"><a href="/news/" aria-current="true">' in page
