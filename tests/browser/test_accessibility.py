"""The accessibility gate: axe-core's WCAG 2.1 A and AA rules on every public page type.

Fails on any serious or critical violation, printing rule ids and elements. To cover
a new page type add one line to PUBLIC_PAGES: a name and a path, or a function that
finds the path in the demo content (it runs after the demo content is loaded).
"""

import pytest
from django.urls import reverse

from charter.models import Pledge, Signatory
from content.models import Article, City, Person, Theme, WorkingGroup
from events.models import Event
from publications.models import Publication

from .axe import assert_accessible
from .helpers import (
    article_with_lead_image,
    log_in_to_admin,
    make_charter_coordinator,
    make_communications_editor,
)


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
    ("open data", lambda: reverse("opendata:index")),
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


# The admin pages editors and coordinators use all day, each opened by the person who
# uses it. The autocomplete boxes (select2) and the table inlines are checked too:
# static/js/admin/workspace.js gives them the names Django's markup lacks.
def admin_change(model, **filters):
    opts = model._meta
    obj = model.objects.filter(**filters).first()
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def admin_add(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


COMMS, COORDINATOR = "communications", "coordinator"
ADMIN_PAGES = [
    ("admin index", COMMS, lambda: reverse("admin:index")),
    ("article list", COMMS, lambda: reverse("admin:content_article_changelist")),
    ("article list, scheduled", COMMS, lambda: reverse("admin:content_article_changelist")
     + "?state=scheduled"),
    ("new article", COMMS, lambda: admin_add(Article)),
    ("article with a lead image", COMMS, lambda: reverse(
        "admin:content_article_change", args=[article_with_lead_image().pk])),
    ("new event", COMMS, lambda: admin_add(Event)),
    ("event with its programme", COMMS, lambda: admin_change(
        Event, slug="integrating-cities-conference-ix")),
    ("publication list", COMMS, lambda: reverse("admin:publications_publication_changelist")),
    ("new publication", COMMS, lambda: admin_add(Publication)),
    ("publication with its files", COMMS, lambda: admin_change(
        Publication, files__isnull=False)),
    ("theme", COMMS, lambda: admin_change(Theme, slug="migration-and-integration")),
    ("new person", COMMS, lambda: admin_add(Person)),
    ("person", COMMS, lambda: admin_change(Person)),
    ("working group", COMMS, lambda: admin_change(WorkingGroup)),
    ("coordinator's admin index", COORDINATOR, lambda: reverse("admin:index")),
    ("new signatory", COORDINATOR, lambda: admin_add(Signatory)),
    ("signatory", COORDINATOR, lambda: admin_change(Signatory, status="signed")),
    ("new pledge", COORDINATOR, lambda: admin_add(Pledge)),
    ("pledge", COORDINATOR, lambda: admin_change(Pledge)),
    ("charter import", COORDINATOR, lambda: reverse("admin:charter_signatory_import")),
    ("pledge import", COORDINATOR, lambda: reverse("admin:charter_pledge_import")),
]  # fmt: skip
USERS = {COMMS: make_communications_editor, COORDINATOR: make_charter_coordinator}


def csp_violations(messages):
    return [m for m in messages if "Content Security Policy" in m or "Refused to" in m]


@pytest.mark.parametrize(
    ("who", "path"),
    [(who, path) for _name, who, path in ADMIN_PAGES],
    ids=[name for name, _who, _path in ADMIN_PAGES],
)
def test_admin_page_has_no_serious_accessibility_problems(demo, new_page, who, path):
    page = new_page()
    log_in_to_admin(page, *USERS[who]())
    assert page.goto(path()).status == 200
    # workspace.js has named the admin's widgets (it marks the page when done); the
    # autocomplete boxes are part of the check (no exclusions).
    page.wait_for_selector("html[data-workspace-labelled]", state="attached")
    assert_accessible(page)
    assert not csp_violations(new_page.console), "\n".join(new_page.console)
