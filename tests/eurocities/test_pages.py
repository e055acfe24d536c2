from datetime import timedelta

import pytest
from django.urls import reverse

from content.models import City
from tests.factories import (
    ArticleFactory,
    CityFactory,
    PersonFactory,
    ProjectFactory,
    ThemeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic_tree():
    parent = ThemeFactory(slug="inclusive-cities", name="Inclusive cities")
    topic = ThemeFactory(slug="migration", name="Migration and integration", parent=parent)
    sibling = ThemeFactory(slug="social-rights", name="Social rights", parent=parent)
    child = ThemeFactory(slug="refugees", name="Refugees", parent=topic, has_topic_page=False)
    return parent, topic, sibling, child


def test_topic_page_gathers_content_of_the_theme_and_its_sub_themes_newest_first(
    client, topic_tree
):
    parent, topic, sibling, child = topic_tree
    older = ArticleFactory(title="Older on migration", themes=[topic])
    ArticleFactory(
        title="Newer on refugees",
        themes=[child],
        published_at=older.published_at + timedelta(minutes=5),
    )
    ArticleFactory(title="Only on social rights", themes=[sibling])
    topic.contacts.add(PersonFactory(name="Katharina Bamberg", role_title="Head of migration"))

    page = client.get(reverse("topic", kwargs={"slug": "migration"})).text
    assert page.index("Newer on refugees") < page.index("Older on migration")
    assert "Only on social rights" not in page
    assert "Katharina Bamberg" in page and "Head of migration" in page
    assert "More on Inclusive cities" in page
    assert 'href="/topics/social-rights/"' in page


def test_topic_page_filters_by_kind_of_content(client, topic_tree):
    _parent, topic, _sibling, _child = topic_tree
    ArticleFactory(title="A news item", themes=[topic])
    ArticleFactory(title="A feature story", kind="story", themes=[topic])
    page = client.get(reverse("topic", kwargs={"slug": "migration"}), {"kind": "story"}).text
    assert "A feature story" in page
    assert "A news item" not in page


def test_theme_without_topic_page_and_unknown_topics_are_404(client, topic_tree):
    assert client.get("/topics/refugees/").status_code == 404
    assert client.get("/topics/nonexistent/").status_code == 404
    assert client.get("/topics/%00/").status_code == 404


def test_topic_page_paginates_twelve_items_a_page(client, topic_tree):
    _parent, topic, _sibling, _child = topic_tree
    ArticleFactory.create_batch(13, themes=[topic])
    url = reverse("topic", kwargs={"slug": "migration"})
    assert client.get(url).text.count('class="card"') == 12
    assert client.get(url, {"page": 2}).text.count('class="card"') == 1


def test_home_shows_latest_articles_and_topics(client, topic_tree):
    ArticleFactory(title="Fresh news")
    page = client.get(reverse("home")).text
    assert "Fresh news" in page
    assert "Migration and integration" in page


def test_working_group_page_shows_description_contacts_projects_and_latest(client):
    group = WorkingGroupFactory(
        name="Migration working group", description="<p>We meet twice a year.</p>"
    )
    group.contacts.add(PersonFactory(name="Rossella Nicoletti"))
    ProjectFactory(acronym="UNITES", working_group=group)
    ArticleFactory(title="Group news", working_group=group)
    ArticleFactory(title="Someone else's news")
    page = client.get(group.get_absolute_url()).text
    for text in ["Migration working group", "We meet twice a year.", "Rossella Nicoletti",
                 "UNITES", "Group news"]:  # fmt: skip
        assert text in page
    assert "Someone else's news" not in page


@pytest.mark.parametrize(("name", "country"), [("Θεσσαλονίκη", "GR"), ("Київ", "UA")])
def test_city_names_in_any_script_get_working_addresses(client, name, country):
    city = City.objects.create(name=name, country=country)
    response = client.get(city.get_absolute_url())
    assert response.status_code == 200
    assert name in response.text


def test_same_city_name_in_two_countries_gets_two_addresses():
    first = CityFactory(name="Valencia", country="ES")
    second = CityFactory(name="Valencia", country="VE")
    assert first.slug != second.slug


@pytest.mark.parametrize("page", ["home", "topic_list"])
@pytest.mark.parametrize("kept", [False, True], ids=["tree read", "tree kept"])
def test_the_topic_grid_shows_each_topic_under_its_parent(client, settings, topic_tree, page, kept):
    settings.SHARED_CACHE = kept
    parent, topic, sibling, child = topic_tree
    tile = (
        '<a class="topic-tile" href="{url}">\n'
        '          <span class="topic-tile__parent">{parent}</span>\n'
        '          <span class="topic-tile__name">{name}</span>'
    )
    html = client.get(reverse(page)).text
    for theme in (topic, sibling):
        assert (
            tile.format(url=theme.get_absolute_url(), parent=parent.name, name=theme.name) in html
        )
    assert f'<span class="topic-tile__name">{parent.name}</span>' in html
    assert child.name not in html  # a theme without a topic page has no tile
    parent.name = "Cities for everyone"
    parent.save()
    html = client.get(reverse(page)).text
    assert tile.format(url=topic.get_absolute_url(), parent=parent.name, name=topic.name) in html
