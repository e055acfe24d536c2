"""Places people look for: cities, working groups and projects, and what a city is in."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Status
from tests.factories import (
    ArticleFactory,
    CityFactory,
    EventFactory,
    ProjectFactory,
    PublicationFactory,
    ThemeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

CITY_PAGE_QUERIES = 9


def test_the_footer_links_to_the_three_indexes(client):
    page = client.get(reverse("home")).text
    for name in ("city_list", "working_group_list", "project_list"):
        assert f'href="{reverse(name)}"' in page


def test_cities_sort_by_the_alphabet_readers_expect_on_every_database(client):
    for name in ("Warsaw", "Łódź", "Lisbon", "Århus", "Zürich", "Amsterdam", "Örebro"):
        CityFactory(name=name)
    page = client.get(reverse("city_list")).text
    order = ["Amsterdam", "Århus", "Lisbon", "Łódź", "Örebro", "Warsaw", "Zürich"]
    positions = [page.index(f">{name}</a>") for name in order]
    assert positions == sorted(positions)


def test_people_sort_the_same_way(client):
    from content.models import Person

    for name in ("Zoë Weber", "Łukasz Nowak", "Lars Berg", "Mateo Ruiz"):
        Person.objects.create(name=name)
    assert [p.name for p in Person.objects.all()] == [
        "Lars Berg",
        "Łukasz Nowak",
        "Mateo Ruiz",
        "Zoë Weber",
    ]


def test_names_in_any_script_are_isolated_for_bidirectional_text(client):
    city = CityFactory(name="القدس")
    ArticleFactory(title="עברית כותרת").cities.set([city])
    listing = client.get(reverse("city_list")).text
    assert 'dir="auto">القدس</a>' in listing
    assert 'dir="auto"><a href="/news/' in client.get(city.get_absolute_url()).text


def test_the_working_group_index_groups_by_forum(client):
    WorkingGroupFactory(name="Migration and integration", chair_city=CityFactory(name="Ghent"))
    page = client.get(reverse("working_group_list")).text
    assert "Social Affairs Forum" in page
    assert "Migration and integration" in page and "Ghent" in page


def test_a_project_page_shows_its_facts_partners_and_linked_content(client):
    group = WorkingGroupFactory(name="Migration group")
    project = ProjectFactory(
        acronym="UNITES",
        full_name="Urban integration",
        funding_programme="AMIF",
        start_year=2020,
        end_year=2022,
        working_group=group,
    )
    project.partner_cities.set([CityFactory(name="Warsaw"), CityFactory(name="Łódź")])
    article = ArticleFactory(title="Project news")
    article.projects.set([project])
    EventFactory(title="Project event", project=project)
    paper = PublicationFactory(title="Project paper")
    paper.projects.set([project])
    ArticleFactory(title="Project draft", status=Status.DRAFT).projects.set([project])
    ArticleFactory(title="Unrelated")

    index = client.get(reverse("project_list")).text
    assert f'href="{project.get_absolute_url()}"' in index
    response = client.get(project.get_absolute_url())
    page = response.text
    for text in ("UNITES", "Urban integration", "AMIF", "2020–2022", "Migration group"):
        assert text in page
    assert page.index("Łódź") < page.index("Warsaw")
    assert {i.title for i in response.context["page_obj"]} == {
        "Project news",
        "Project event",
        "Project paper",
    }
    assert client.get("/projects/no-such-project/").status_code == 404


def test_a_city_page_lists_news_stories_events_and_publications_about_it(client):
    ghent = CityFactory(name="Ghent")
    ArticleFactory(title="Ghent news").cities.set([ghent])
    ArticleFactory(title="Ghent story", kind="story").cities.set([ghent])
    ArticleFactory(title="Ghent draft", status=Status.DRAFT).cities.set([ghent])
    PublicationFactory(title="Ghent paper").cities.set([ghent])
    EventFactory(title="Ghent event", city=ghent)
    ArticleFactory(title="Elsewhere")
    page = client.get(ghent.get_absolute_url()).text
    for title in ("Ghent news", "Ghent story", "Ghent paper", "Ghent event"):
        assert title in page
    assert "Ghent draft" not in page and "Elsewhere" not in page


def test_a_topic_page_lists_its_working_groups_and_projects_and_no_item_twice(client):
    theme = ThemeFactory(slug="housing", name="Housing")
    group = WorkingGroupFactory(name="Housing group")
    group.themes.set([theme])
    project = ProjectFactory(acronym="HOMES")
    project.themes.set([theme])
    for n in range(4):
        EventFactory(title=f"Housing event {n}", themes=[theme])
        PublicationFactory(title=f"Housing paper {n}", themes=[theme])
        ArticleFactory(title=f"Housing news {n}", themes=[theme])
    page = client.get(reverse("topic", kwargs={"slug": "housing"})).text
    assert "Housing group" in page and "HOMES" in page
    for n in range(4):
        for kind in ("event", "paper", "news"):
            assert page.count(f">Housing {kind} {n}</a>") == 1


def test_a_topic_pages_feed_leaves_out_its_highlights_on_every_page(client):
    theme = ThemeFactory(slug="housing", name="Housing")
    now = timezone.now()
    events = [
        EventFactory(
            title=f"Event {n}",
            themes=[theme],
            starts_at=now + timedelta(days=10 - n),
            ends_at=now + timedelta(days=10 - n, hours=2),
        )
        for n in range(5)
    ]
    papers = [
        PublicationFactory(
            title=f"Paper {n}", themes=[theme], published_at=now - timedelta(hours=n)
        )
        for n in range(5)
    ]
    articles = [
        ArticleFactory(title=f"News {n}", themes=[theme], published_at=now - timedelta(hours=n))
        for n in range(20)
    ]
    url = reverse("topic", kwargs={"slug": "housing"})
    first = client.get(url).context
    # The soonest events and the newest papers, in that order, above the feed.
    assert [e.title for e in first["upcoming_events"]] == ["Event 4", "Event 3", "Event 2"]
    assert [p.title for p in first["publications"]] == ["Paper 0", "Paper 1", "Paper 2"]
    feed = []
    for number in (1, 2):
        page = client.get(url, {"page": number}).context["page_obj"]
        assert page.number == number and page.paginator.count == 30 - 6
        feed += [item.title for item in page.object_list]
    highlighted = {"Event 4", "Event 3", "Event 2", "Paper 0", "Paper 1", "Paper 2"}
    everything = {item.title for item in (*events, *papers, *articles)}
    assert len(feed) == len(set(feed)) == 24
    assert set(feed) == everything - highlighted
    # A stale link past the end gives the last page, as every list does.
    stale = client.get(url, {"page": 9}).context["page_obj"]
    assert stale.number == 2
    assert [item.title for item in stale.object_list] == feed[12:]


def test_a_long_topic_feed_counts_only_as_far_as_its_links_and_pages_in_order(client):
    theme = ThemeFactory(slug="housing", name="Housing")
    now = timezone.now()
    for n in range(55):
        ArticleFactory(title=f"News {n}", themes=[theme], published_at=now - timedelta(hours=n))
    url = reverse("topic", kwargs={"slug": "housing"})
    first = client.get(url).context["page_obj"]
    # Page 1 looks four pages ahead (49 rows): the list goes on past them.
    assert (first.paginator.count, first.paginator.count_is_exact) == (48, False)
    assert [item.title for item in first.object_list] == [f"News {n}" for n in range(12)]
    last = client.get(url, {"page": 5}).context["page_obj"]
    assert (last.paginator.count, last.paginator.count_is_exact) == (55, True)
    assert [item.title for item in last.object_list] == [f"News {n}" for n in range(48, 55)]


@pytest.mark.parametrize(
    ("name", "queries"),
    [("city_list", 1), ("working_group_list", 1), ("project_list", 1)],
)
def test_index_pages_run_one_query_whatever_their_size(
    client, django_assert_num_queries, name, queries
):
    for _ in range(3):
        WorkingGroupFactory(chair_city=CityFactory())
        ProjectFactory(working_group=WorkingGroupFactory())
    with django_assert_num_queries(queries):
        client.get(reverse(name))
    for _ in range(10):
        WorkingGroupFactory(chair_city=CityFactory())
        ProjectFactory(working_group=WorkingGroupFactory())
    with django_assert_num_queries(queries):
        client.get(reverse(name))


def test_project_and_city_pages_run_a_constant_number_of_queries(client, django_assert_num_queries):
    ghent = CityFactory(slug="ghent")
    project = ProjectFactory(slug="unites")
    project.partner_cities.set([ghent])

    now = timezone.now()

    def make(n):
        # Interleaved dates put every kind on each page.
        for i in range(n):
            article = ArticleFactory(published_at=now - timedelta(hours=3 * i + 1))
            article.cities.set([ghent])
            article.projects.set([project])
            paper = PublicationFactory(published_at=now - timedelta(hours=3 * i + 2))
            paper.cities.set([ghent])
            paper.projects.set([project])
            EventFactory(city=ghent, project=project, published_at=now - timedelta(hours=3 * i + 3))

    make(2)
    for url in (project.get_absolute_url(), ghent.get_absolute_url()):
        client.get(url)  # warm the content-type cache
    for _size in (2, 12):
        with django_assert_num_queries(8):
            client.get(project.get_absolute_url())
        with django_assert_num_queries(CITY_PAGE_QUERIES):
            client.get(ghent.get_absolute_url())
        make(10)
