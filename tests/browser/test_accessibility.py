"""The accessibility gate: axe-core's WCAG 2.1 A and AA rules on every public page type.

Fails on any serious or critical violation, printing rule ids and elements. To cover
a new page type add one line to PUBLIC_PAGES: a name and a path, or a function that
finds the path in the demo content (it runs after the demo content is loaded).
"""

import pytest
from django.urls import reverse

from content.models import Article, City, WorkingGroup
from events.models import Event
from publications.models import Publication

from .axe import assert_accessible
from .helpers import article_with_lead_image, log_in_to_admin, make_communications_editor


def first_public(model, **filters):
    return model.objects.published().filter(**filters).first().get_absolute_url()


PUBLIC_PAGES = [
    ("home", "/"),
    ("topic list", lambda: reverse("topic_list")),
    ("topic page", lambda: reverse("topic", args=["migration-and-integration"])),
    ("topic page, filtered", lambda: reverse("topic", args=["migration-and-integration"])
     + "?kind=story"),
    ("article list", lambda: reverse("content:article_list")),
    ("article list, filtered", lambda: reverse("content:article_list")
     + "?kind=news&theme=migration-and-integration"),
    ("news item", lambda: first_public(Article, kind="news")),
    ("story", lambda: first_public(Article, kind="story")),
    ("call", lambda: first_public(Article, kind="call")),
    ("news item with a lead image", lambda: article_with_lead_image().get_absolute_url()),
    ("working group", lambda: WorkingGroup.objects.first().get_absolute_url()),
    ("city", lambda: City.objects.get(name="Amsterdam").get_absolute_url()),
    ("city with charter, pledges and events",
     lambda: City.objects.get(name="Barcelona").get_absolute_url()),
    ("open calls", lambda: reverse("content:open_calls")),
    ("event outside Brussels", lambda: Event.objects.get(
        slug="study-visit-lisbon").get_absolute_url()),
    ("upcoming events", lambda: reverse("events:list")),
    ("past events", lambda: reverse("events:past")),
    ("events, filtered", lambda: reverse("events:list") + "?kind=webinar&attendance=online"),
    ("past events, filtered", lambda: reverse("events:past")
     + "?theme=migration-and-integration&start=2020-01-01"),
    ("event with a programme", lambda: Event.objects.get(
        slug="integrating-cities-conference-ix").get_absolute_url()),
    ("cancelled event", lambda: Event.objects.published().filter(
        occurrence=Event.Occurrence.CANCELLED).first().get_absolute_url()),
    ("documents library", lambda: reverse("publications:list")),
    ("documents library, filtered", lambda: reverse("publications:list")
     + "?type=report&theme=migration-and-integration"),
    ("documents library, nothing found", lambda: reverse("publications:list")
     + "?type=statement&year=2024"),
    ("publication with a cover", lambda: Publication.objects.published()
     .exclude(cover_image="").first().get_absolute_url()),
    ("charter", lambda: reverse("charter:charter")),
    ("pledges", lambda: reverse("charter:pledges")),
    ("404", "/no-such-page/"),
]  # fmt: skip


pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "path", [path for _name, path in PUBLIC_PAGES], ids=[name for name, _path in PUBLIC_PAGES]
)
def test_public_page_has_no_serious_accessibility_problems(demo, page, path):
    url = path() if callable(path) else path
    response = page.goto(url)
    assert response.status in (200, 404), f"{url} answered {response.status}"
    assert_accessible(page)


# Some problems only show on a small screen (a table that must scroll sideways, say).
PHONE_CHECKED = ["home", "event with a programme", "documents library", "charter", "pledges",
                 "city with charter, pledges and events"]  # fmt: skip


@pytest.mark.parametrize(
    "path",
    [path for name, path in PUBLIC_PAGES if name in PHONE_CHECKED],
    ids=[name for name, _path in PUBLIC_PAGES if name in PHONE_CHECKED],
)
def test_public_page_on_a_phone_has_no_serious_accessibility_problems(demo, phone_page, path):
    assert phone_page.goto(path() if callable(path) else path).status == 200
    assert_accessible(phone_page)


def test_the_404_page_really_is_a_404(demo, page):
    assert page.goto("/no-such-page/").status == 404


# The admin pages editors use all day. The select2 boxes of autocomplete fields are
# left out: their markup comes from the select2 library Django ships (unlabelled
# search inputs, <span>s in a <ul>), which we cannot change from here.
ADMIN_PAGES = [
    ("admin index", lambda: reverse("admin:index")),
    ("article list", lambda: reverse("admin:content_article_changelist")),
    ("new article", lambda: reverse("admin:content_article_add")),
    ("article with a lead image", lambda: reverse(
        "admin:content_article_change", args=[article_with_lead_image().pk])),
]  # fmt: skip
THIRD_PARTY_WIDGETS = [".select2-container"]


@pytest.mark.parametrize(
    "path", [path for _name, path in ADMIN_PAGES], ids=[name for name, _path in ADMIN_PAGES]
)
def test_admin_page_has_no_serious_accessibility_problems(demo, page, path):
    log_in_to_admin(page, *make_communications_editor())
    assert page.goto(path()).status == 200
    assert_accessible(page, exclude=THIRD_PARTY_WIDGETS)
