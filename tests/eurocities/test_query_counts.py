"""Exact query counts of the pages composed from several apps, with little and much content.

The counts are pinned exactly, not as an upper bound, so that one query more (an N+1 in a
new card, a lost prefetch) fails here. When a page legitimately changes, update its number
in QUERIES, the one place that holds them (the failure shows every page's new count); the
same number must hold for both sizes.
"""

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Membership
from tests.factories import (
    ArticleFactory,
    CityFactory,
    EventFactory,
    PersonFactory,
    PledgeFactory,
    ProjectFactory,
    PublicationFactory,
    PublicationFileFactory,
    SignatoryFactory,
    ThemeFactory,
    WorkingGroupFactory,
)
from tests.query_counts import assert_query_counts

pytestmark = pytest.mark.django_db

# Queries per page (SQLite and PostgreSQL alike).
QUERIES = {
    "home": 4,
    "topic list": 1,
    "topic": 10,
    "topic, stories, page 2": 8,
    "news list": 4,
    "news list, filtered": 4,
    "article": 6,
    "working group": 10,
    "city": 8,
    "search": 7,
    "search, events, page 2": 5,
}
SIZES = [2, 30]  # items of each kind: a nearly empty site, and full pages everywhere


def make_site(count):
    """`count` published items of every kind on one topic, group and city, the kinds
    interleaved by date so that every page of a feed shows all of them."""
    now = timezone.now()
    minutes = itertools.count(1)
    parent = ThemeFactory(slug="inclusion")
    topic = ThemeFactory(slug="migration", parent=parent)
    themes = [topic, ThemeFactory(slug="housing", parent=topic), ThemeFactory()]
    ThemeFactory(slug="social-rights", parent=parent)  # a sibling topic
    city = CityFactory(slug="nuremberg")
    group = WorkingGroupFactory(slug="migration-group", chair_city=city)
    conference = EventFactory(title="Housing conference", city=city, themes=themes)
    SignatoryFactory(city=city)
    PledgeFactory(city=city, principles=[3, 4])
    for n in range(count):
        kind = ["news", "story", "call"][n % 3]
        people = PersonFactory.create_batch(2)
        article = ArticleFactory(
            title=f"Housing {kind} {n}",
            kind=kind,
            themes=themes,
            working_group=group,
            published_at=now - timedelta(minutes=next(minutes)),
        )
        article.contacts.set(people)
        EventFactory(
            title=f"Housing event {n}",
            themes=themes,
            working_group=group,
            city=city,
            parent=conference if n % 2 else None,
            contacts=people,
            published_at=now - timedelta(minutes=next(minutes)),
        )
        publication = PublicationFactory(
            title=f"Housing paper {n}",
            themes=themes,
            working_group=group,
            published_at=now - timedelta(minutes=next(minutes)),
        )
        PublicationFileFactory(publication=publication)
        ProjectFactory(working_group=group)
        group.contacts.add(people[0])
        topic.contacts.add(people[1])
        Membership.objects.create(working_group=group, city=CityFactory())
    Membership.objects.create(working_group=group, city=city)
    return {"article": article, "group": group, "city": city}


def pages(site):
    topic = reverse("topic", kwargs={"slug": "migration"})
    news = reverse("content:article_list")
    search = reverse("search")
    return {
        "home": reverse("home"),
        "topic list": reverse("topic_list"),
        "topic": topic,
        "topic, stories, page 2": f"{topic}?kind=story&page=2",
        "news list": news,
        "news list, filtered": f"{news}?kind=news&theme=migration",
        "article": site["article"].get_absolute_url(),
        "working group": site["group"].get_absolute_url(),
        "city": site["city"].get_absolute_url(),
        "search": f"{search}?q=housing",
        "search, events, page 2": f"{search}?q=housing&kind=event&page=2",
    }


@pytest.mark.parametrize("count", SIZES)
def test_composed_pages_run_an_exact_number_of_queries(client, count):
    assert_query_counts(client, pages(make_site(count)), QUERIES)
