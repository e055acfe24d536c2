"""The editors' workspace in a real browser: preview, the unsaved-changes warning,
the programme editor's width, and screenshots of the dashboard and the event form."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from content.models import Article, Status
from events.models import Event
from publications.models import Publication

from .conftest import ARTIFACTS, DESKTOP, PHONE
from .helpers import has_no_horizontal_scroll, log_in_to_admin, make_communications_editor

pytestmark = pytest.mark.browser

CONFERENCE = "integrating-cities-conference-ix"


def event_form_url():
    return reverse("admin:events_event_change", args=[Event.objects.get(slug=CONFERENCE).pk])


def test_preview_opens_the_unsaved_article_in_a_new_tab_and_saves_nothing(demo, page):
    log_in_to_admin(page, *make_communications_editor())
    article = Article.objects.published().filter(kind="news").first()
    page.goto(reverse("admin:content_article_change", args=[article.pk]))
    page.get_by_label("Title:").fill("A headline nobody has saved")
    with page.context.expect_page() as new_tab:
        page.get_by_role("button", name="Preview").click()
    preview = new_tab.value
    preview.wait_for_load_state()
    expect(preview.get_by_role("heading", level=1)).to_have_text("A headline nobody has saved")
    expect(preview.get_by_role("status")).to_contain_text("Preview — not published")
    # The form is still there, with the change, and nothing was saved.
    expect(page.get_by_label("Title:")).to_have_value("A headline nobody has saved")
    article.refresh_from_db()
    assert article.title != "A headline nobody has saved"


def test_leaving_a_changed_form_asks_first_and_saving_does_not(fresh_demo, page):
    log_in_to_admin(page, *make_communications_editor())
    article = Article.objects.filter(status=Status.PUBLISHED).first()
    page.goto(reverse("admin:content_article_change", args=[article.pk]))
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.get_by_label("Summary:").fill("Edited but not saved")
    page.get_by_role("link", name="Articles").first.click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert "/change/" in page.url

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert dialogs == ["beforeunload"]


def test_an_untouched_form_leaves_without_a_question(demo, page):
    log_in_to_admin(page, *make_communications_editor())
    page.goto(event_form_url())
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.get_by_role("link", name="Events").first.click()
    expect(page).to_have_url(re.compile(r"/admin/events/$"))
    assert dialogs == []


def inline_fits(page, group="#programme-group"):
    return page.evaluate(
        """(group) => {
          const table = document.querySelector(group + ' table');
          return table.scrollWidth <= table.parentElement.clientWidth;
        }""",
        group,
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_files_of_a_publication_fit_the_screen(demo, new_page, viewport):
    page = new_page(viewport)
    log_in_to_admin(page, *make_communications_editor())
    publication = Publication.objects.filter(files__isnull=False).first()
    page.goto(reverse("admin:publications_publication_change", args=[publication.pk]))
    assert inline_fits(page, "#files-group")
    assert has_no_horizontal_scroll(page)


def test_the_programme_editor_fits_a_1280_px_screen(demo, page):
    log_in_to_admin(page, *make_communications_editor())
    page.goto(event_form_url())
    page.locator("#programme-group .add-row a").click()
    assert inline_fits(page), "the programme table scrolls sideways at 1280 px"
    assert has_no_horizontal_scroll(page)
    # A new row shows the conference's status.
    assert page.locator("#programme-group tr.form-row.dynamic-programme select[name$='-status']")\
        .last.input_value() == Event.objects.get(slug=CONFERENCE).status  # fmt: skip


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots_of_the_dashboard_and_the_event_form(demo, new_page, viewport):
    page = new_page(viewport)
    log_in_to_admin(page, *make_communications_editor())
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = f"{viewport['width']}px"
    page.goto(reverse("admin:index"))
    expect(page.get_by_role("heading", name="Your workspace")).to_be_visible()
    page.screenshot(path=folder / f"admin-dashboard-{suffix}.png", full_page=True)
    assert has_no_horizontal_scroll(page)
    page.goto(event_form_url())
    page.screenshot(path=folder / f"admin-event-form-{suffix}.png", full_page=True)
    # On a phone the programme is a stack of cards, not a table to scroll.
    assert inline_fits(page)
    page.locator("#programme-group").screenshot(path=folder / f"admin-programme-{suffix}.png")
    assert has_no_horizontal_scroll(page)
