"""Journeys through the site in a real browser, as visitors and editors take them.

The helpers in helpers.py are the steps; a journey for another app is a few of them:
- events: after `filter_latest(page, "Event")` and `open_card(page)`,
  `ics = download(page, "Add to calendar")` and check
  `Path(ics.path()).read_text().startswith("BEGIN:VCALENDAR")`;
- documents: choose the type and year with `page.get_by_label(...).select_option(...)`,
  press "Apply filters", `open_card(page)`, then `download(page, "Download")` and check
  the file starts with b"%PDF";
- charter: a `make_charter_coordinator()` next to `make_communications_editor()`, then
  `log_in_to_admin(page, ...)`, and `page.goto(reverse("admin:content_article_changelist"))`
  answering 403 for that user.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from content.models import Article

from .helpers import (
    filter_latest,
    latest_section,
    latest_titles,
    log_in_to_admin,
    make_communications_editor,
    open_card,
    pick_autocomplete,
    small_png,
)

pytestmark = pytest.mark.browser

TOPIC = "Migration and integration"
TOPIC_URL = reverse("topic", args=["migration-and-integration"])


def test_a_visitor_follows_a_topic_narrows_it_to_stories_and_reads_one(demo, page):
    page.goto("/")
    page.get_by_role("region", name="Topics").get_by_role("link", name=TOPIC).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC)

    filter_latest(page, "Story")
    expect(page).to_have_url(re.compile(r"\?kind=story$"))
    cards = latest_section(page).locator(".card")
    expect(cards.first).to_be_visible()
    expect(cards.locator(".badge--story")).to_have_count(cards.count())

    title = open_card(page, within=latest_section(page))
    assert page.url.endswith(Article.objects.get(title=title).get_absolute_url())


def test_an_editor_drafts_a_news_item_then_publishes_it_to_the_top_of_its_topic(
    demo, page, new_page, tmp_path
):
    title = "Cities open a shared helpdesk for newcomers"
    log_in_to_admin(page, *make_communications_editor())
    page.goto(reverse("admin:content_article_add"))
    page.locator("#id_kind").select_option("news")
    page.locator("#id_title").press_sequentially(title)  # keyup fills in the slug
    expect(page.locator("#id_slug")).to_have_value("cities-open-a-shared-helpdesk-for-newcomers")
    page.locator("#id_summary").fill("One address for every question a newcomer has.")
    page.locator("#id_body").fill("<p>From today newcomers ask one helpdesk.</p>")
    page.locator("#id_lead_image").set_input_files(small_png(tmp_path))
    page.locator("#id_lead_image_alt_text").fill("Volunteers at the helpdesk counter")
    pick_autocomplete(page, "themes", "Migra", TOPIC)
    expect(page.locator("#id_status")).to_have_value("draft")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(title=title)
    assert [theme.name for theme in article.themes.all()] == [TOPIC]
    visitor = new_page()
    assert visitor.goto(article.get_absolute_url()).status == 404
    visitor.goto(TOPIC_URL)
    assert title not in latest_titles(visitor)

    page.locator("#id_status").select_option("published")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    visitor.goto(TOPIC_URL)
    assert latest_titles(visitor)[0] == title
    open_card(visitor, title, within=latest_section(visitor))
    image = visitor.get_by_role("img", name="Volunteers at the helpdesk counter")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 320
