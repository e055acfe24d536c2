"""Journeys through the site in a real browser, as visitors and editors take them.

The helpers in helpers.py are the steps; a new journey is a few of them:
`filter_latest`, `open_card`, `download`, `log_in_to_admin` with the accounts of
`make_communications_editor()` or `make_charter_coordinator()` (staff users in the
editors' groups of charter/roles.py, never superusers).
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from charter.models import Signatory
from content.models import Article, City
from events.models import Event
from publications.models import Publication

from .helpers import (
    download,
    filter_latest,
    latest_section,
    latest_titles,
    loaded_width,
    log_in_to_admin,
    make_charter_coordinator,
    make_communications_editor,
    open_card,
    pick_autocomplete,
    pick_facet,
    small_png,
    write_rich_text,
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


def test_a_visitor_follows_a_topic_narrows_it_to_events_and_adds_one_to_a_calendar(demo, page):
    page.goto("/")
    page.get_by_role("region", name="Topics").get_by_role("link", name=TOPIC).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TOPIC)

    filter_latest(page, "Events")
    expect(page).to_have_url(re.compile(r"\?kind=event$"))
    cards = latest_section(page).locator(".card")
    expect(cards.first).to_be_visible()
    expect(cards.locator(".badge--event")).to_have_count(cards.count())

    title = open_card(page, within=latest_section(page))
    event = Event.objects.get(title=title)
    assert page.url.endswith(event.get_absolute_url())

    ics = download(page, "Add to calendar")
    assert ics.suggested_filename.endswith(".ics")
    calendar = Path(ics.path()).read_text()
    assert calendar.startswith("BEGIN:VCALENDAR")
    unfolded = calendar.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
    assert f"SUMMARY:{title}" in unfolded
    assert re.search(r"^UID:\S+", calendar, re.MULTILINE)


def test_a_visitor_filters_the_documents_library_by_type_and_year_and_downloads_a_pdf(demo, page):
    page.goto(reverse("publications:list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Publications")
    count = page.locator(".result-count")
    everything = Publication.objects.published().count()
    expect(count).to_have_text(f"{everything} publications")

    pick_facet(page, "type", "Report")
    reports = Publication.objects.published().filter(document_type__slug="report")
    expect(count).to_have_text(f"{reports.count()} publications")

    pick_facet(page, "year", "2018")
    expect(count).to_have_text("1 publication")
    expect(page).to_have_url(re.compile(r"\?type=report&.*year=2018"))

    title = open_card(page)
    assert title == reports.get(published_at__year=2018).title
    pdf = download(page, "PDF")
    assert pdf.suggested_filename.endswith(".pdf")
    assert Path(pdf.path()).read_bytes().startswith(b"%PDF")


def test_a_charter_coordinator_records_a_signing_that_the_charter_page_counts(
    fresh_demo, page, new_page
):
    visitor = new_page()
    visitor.goto(reverse("charter:charter"))
    number = visitor.locator(".charter-count__number")
    before = int(number.inner_text())
    assert before == Signatory.objects.current().count()

    log_in_to_admin(page, *make_charter_coordinator())
    page.goto(reverse("admin:charter_signatory_add"))
    pick_autocomplete(page, "city", "Rom", "Rome")
    page.locator("#id_status").select_option("signed")
    page.locator("#id_signed_on").fill("2025-03-21")
    page.locator("#id_signed_by_name").fill("Anna Rossi")
    page.locator("#id_signed_by_title").fill("Deputy Mayor")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert Signatory.objects.get(city=City.objects.get(name="Rome")).status == "signed"

    visitor.reload()
    expect(number).to_have_text(str(before + 1))
    expect(visitor.locator("#signatories").locator("..")).to_contain_text("Rome")

    # Charter coordinators keep the charter; the news is the communications team's.
    assert page.goto(reverse("admin:content_article_changelist")).status == 403


def test_an_editor_drafts_a_news_item_then_publishes_it_to_the_top_of_its_topic(
    fresh_demo, page, new_page, tmp_path
):
    title = "Cities open a shared helpdesk for newcomers"
    log_in_to_admin(page, *make_communications_editor())
    page.goto(reverse("admin:content_article_add"))
    page.locator("#id_kind").select_option("news")
    page.locator("#id_title").press_sequentially(title)  # keyup fills in the slug
    expect(page.locator("#id_slug")).to_have_value("cities-open-a-shared-helpdesk-for-newcomers")
    page.locator("#id_summary").fill("One address for every question a newcomer has.")
    write_rich_text(page, "From today newcomers ask one helpdesk.")
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
    assert loaded_width(image) == 320
