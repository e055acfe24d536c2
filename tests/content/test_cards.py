"""Cards are written in Python (content/cards.py): every value an editor typed is
escaped, the markup is what the templates had, and a list's links are right."""

import pytest
from django.urls import NoReverseMatch, reverse

from content.links import slug_url
from events.models import Event
from tests.factories import (
    ArticleFactory,
    CityFactory,
    EventFactory,
    PublicationFactory,
    ThemeFactory,
)
from tests.html import elements, text_of

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def test_every_typed_value_on_a_card_is_escaped(client):
    theme = ThemeFactory(name=f"Theme {HOSTILE}", slug="hostile-theme")
    ArticleFactory(title=f"Title {HOSTILE}", summary=f"Summary {HOSTILE}", themes=[theme])
    city = CityFactory(name=f"City {HOSTILE}")
    EventFactory(title=f"Event {HOSTILE}", city=city, themes=[theme])
    PublicationFactory(title=f"Document {HOSTILE}", themes=[theme])

    for url in (
        reverse("content:article_list"),
        reverse("events:list"),
        reverse("publications:list"),
        reverse("topic", kwargs={"slug": "hostile-theme"}),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page, url
        assert "<img src=x" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;" in page, url


def test_a_card_links_its_item_and_its_themes(client):
    topic = ThemeFactory(name="Housing", slug="housing")
    plain = ThemeFactory(name="No page", slug="no-page", has_topic_page=False)
    article = ArticleFactory(title="Homes for all", kind="story", themes=[topic, plain])

    page = client.get(reverse("content:article_list")).content.decode()
    [card] = elements(page, "article", class_="card")
    [title] = elements(card, "h2", class_="card__title")
    assert elements(title, "a")[0].attrs["href"] == article.get_absolute_url()
    assert text_of(title) == "Homes for all"
    tags = elements(card, class_="tag")
    assert [(tag.tag, text_of(tag)) for tag in tags] == [("a", "Housing"), ("span", "No page")]
    assert tags[0].attrs["href"] == "/topics/housing/"
    assert "minute read" in text_of(card)


def test_a_unicode_slug_is_linked_as_reverse_would(client):
    article = ArticleFactory(title="Київ", slug="київ")
    page = client.get(reverse("content:article_list")).content.decode()
    expected = reverse("content:article_detail", kwargs={"slug": "київ"})
    assert expected == "/news/%D0%BA%D0%B8%D1%97%D0%B2/"
    assert f'href="{expected}"' in page
    assert article.get_absolute_url() == expected


def test_an_event_card_says_when_where_and_if_it_is_off(client):
    EventFactory(
        title="Postponed",
        occurrence=Event.Occurrence.POSTPONED,
        attendance=Event.Attendance.MIXED,
        city=CityFactory(name="Ghent"),
    )
    page = client.get(reverse("events:list")).content.decode()
    [card] = elements(page, "article", class_="card")
    assert text_of(elements(card, class_="badge--postponed")[0]) == "Postponed"
    assert text_of(elements(card, class_="event-where")[0]) == "Ghent and online"
    assert elements(card, "time")


def test_an_ascii_only_address_refuses_what_reverse_refuses():
    assert slug_url("project", "unites") == reverse("project", kwargs={"slug": "unites"})
    with pytest.raises(NoReverseMatch):
        slug_url("project", "київ")  # projects' addresses take ASCII slugs only
    assert slug_url("topic", "київ") == reverse("topic", kwargs={"slug": "київ"})
