"""One theme tree: a theme three levels deep gives the same items everywhere."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, EventFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    root = ThemeFactory(slug="inclusion", name="Inclusion")
    middle = ThemeFactory(slug="migration", name="Migration", parent=root)
    leaf = ThemeFactory(slug="refugees", name="Refugees", parent=middle)
    return root, middle, leaf


def titles(response):
    assert response.status_code == 200
    return {item.title for item in response.context["page_obj"]}


def test_a_three_level_tree_gives_the_same_items_on_every_list_topic_page_and_feed(client, tree):
    root, middle, leaf = tree
    ArticleFactory(title="Leaf news", themes=[leaf])
    ArticleFactory(title="Root news", themes=[root])
    ArticleFactory(title="Other news", themes=[ThemeFactory(slug="climate")])
    EventFactory(title="Leaf event", themes=[leaf])
    EventFactory(title="Other event")
    PublicationFactory(title="Leaf paper", themes=[leaf])
    PublicationFactory(title="Other paper")

    news = titles(client.get(reverse("content:article_list"), {"theme": "inclusion"}))
    events = titles(client.get(reverse("events:list"), {"theme": "inclusion"}))
    papers = titles(client.get(reverse("publications:list"), {"theme": "inclusion"}))
    assert news == {"Leaf news", "Root news"}
    assert events == {"Leaf event"}
    assert papers == {"Leaf paper"}

    # The topic page: its feed is filtered by kind, so nothing is highlighted apart.
    topic_url = reverse("topic", kwargs={"slug": "inclusion"})
    topic = set()
    for kind in ("news", "event", "publication"):
        topic |= titles(client.get(topic_url, {"kind": kind}))
    assert topic == news | events | papers

    feed = ET.fromstring(client.get(reverse("topic_feed", kwargs={"slug": "inclusion"})).content)
    assert {item.findtext("title") for item in feed.iter("item")} == news | events | papers

    # The middle level holds the leaf's items but not the root's own.
    middle_news = titles(client.get(reverse("content:article_list"), {"theme": "migration"}))
    assert middle_news == {"Leaf news"}


def test_the_topic_facet_counts_an_item_once_for_each_theme_above_its_own(client, tree):
    root, middle, leaf = tree
    ArticleFactory(title="Both levels", themes=[leaf, middle])
    ArticleFactory(title="Leaf only", themes=[leaf])
    response = client.get(reverse("content:article_list"))
    theme_facet = next(f for f in response.context["facets"] if f.name == "theme")
    counts = {option.value: option.count for option in theme_facet.options}
    assert counts == {"inclusion": 2, "migration": 2, "refugees": 2}
    assert [o.depth for o in theme_facet.options] == [0, 1, 2]


def test_the_topic_page_breadcrumb_names_every_level(client, tree):
    page = client.get(reverse("topic", kwargs={"slug": "refugees"})).text
    crumbs = page.split('class="breadcrumb"')[1].split("</nav>")[0]
    assert crumbs.index("Inclusion") < crumbs.index("Migration") < crumbs.index("Refugees")
