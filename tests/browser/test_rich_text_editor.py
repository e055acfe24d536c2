"""The rich-text editor in the admin: an editor writes with the toolbar only.

Also writes screenshots of the article form with the editor, at desk and phone
width, to test-artifacts/screenshots/.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image as PILImage
from playwright.sync_api import expect

from content.models import Article, Image

from .axe import BLOCKING, describe, violations
from .conftest import ARTIFACTS, DESKTOP, PHONE
from .helpers import (
    choose_block_type,
    latest_section,
    latest_titles,
    loaded_width,
    log_in_to_admin,
    make_communications_editor,
    open_card,
    pick_autocomplete,
    rich_text_editor,
    toolbar_button,
    write_rich_text,
)

pytestmark = pytest.mark.browser

TOPIC = "Migration and integration"
TOPIC_URL = reverse("topic", args=["migration-and-integration"])
TITLE = "A helpdesk that answers newcomers in twelve languages"


def library_image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (18, 63, 109)).save(buffer, "PNG")
    return Image.objects.create(
        title="Helpdesk counter",
        file=ContentFile(buffer.getvalue(), name="helpdesk.png"),
        alt_text="Two volunteers behind the helpdesk counter",
        credit="Photo: City of Ghent",
    )


def csp_problems(opener):
    return [m for m in opener.console if "Content Security Policy" in m or "Refused" in m]


def test_an_editor_writes_an_article_with_the_toolbar_previews_publishes_and_finds_it_on_its_topic(
    fresh_demo, page, new_page
):
    library_image()
    log_in_to_admin(page, *make_communications_editor())
    page.goto(reverse("admin:content_article_add"))
    expect(rich_text_editor(page)).to_be_visible()
    page.locator("#id_kind").select_option("news")
    page.locator("#id_title").press_sequentially(TITLE)
    page.locator("#id_summary").fill("One desk, every question, twelve languages.")

    write_rich_text(page, "The city opened a helpdesk for newcomers.")
    page.keyboard.press("Enter")
    choose_block_type(page, "heading2")
    page.keyboard.type("What it offers")
    page.keyboard.press("Enter")
    toolbar_button(page, "unordered list").click()
    page.keyboard.type("Housing advice")
    page.keyboard.press("Enter")
    page.keyboard.type("Language courses")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    page.keyboard.type("Read the city guide")
    for _letter in "city guide":
        page.keyboard.press("Shift+ArrowLeft")
    toolbar_button(page, "insert link").click()
    link_dialog = page.get_by_role("dialog")
    link_dialog.get_by_label("URL").fill("https://example.org/guide")
    link_dialog.get_by_role("button", name="Update").click()
    expect(rich_text_editor(page).get_by_role("link", name="city guide")).to_be_visible()
    write_rich_text(page, ".")
    page.keyboard.press("Enter")

    toolbar_button(page, "Insert an image from the library").click()
    picker = page.get_by_role("dialog", name="Insert an image from the library")
    picker.get_by_label("Helpdesk counter").check()
    expect(picker.get_by_label("Alt text", exact=True)).to_have_value(
        "Two volunteers behind the helpdesk counter"
    )
    expect(picker.get_by_label("Credit (optional)")).to_have_value("Photo: City of Ghent")
    picker.get_by_role("button", name="Insert image").click()
    expect(rich_text_editor(page).locator("figure img")).to_be_visible()

    pick_autocomplete(page, "themes", "Migra", TOPIC)
    page.locator("#id_status").select_option("draft")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # Preview the draft with an unsaved change: the public page, in a new tab.
    page.locator("#id_summary").fill("One desk, every question, fourteen languages.")
    with page.context.expect_page() as new_tab:
        page.get_by_role("button", name="Preview").click()
    preview = new_tab.value
    preview.wait_for_load_state()
    expect(preview.get_by_role("status")).to_contain_text("Preview — not published")
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(preview.get_by_text("fourteen languages")).to_be_visible()
    expect(preview.get_by_role("heading", name="What it offers", level=2)).to_be_visible()
    assert Article.objects.get(title=TITLE).summary.endswith("twelve languages.")
    preview.close()

    page.locator("#id_status").select_option("published")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    body = Article.objects.get(title=TITLE).body
    assert "<h2>What it offers</h2>" in body
    assert "<ul><li><p>Housing advice</p></li><li><p>Language courses</p></li></ul>" in body
    assert (
        '<a href="https://example.org/guide" rel="noopener noreferrer nofollow">city guide</a>.</p>'
        in body
    )
    assert 'alt="Two volunteers behind the helpdesk counter"' in body
    assert "<figcaption>Photo: City of Ghent</figcaption>" in body
    # The saved body loads back into the editor unchanged.
    expect(rich_text_editor(page).locator("h2")).to_have_text("What it offers")

    visitor = new_page()
    visitor.goto(TOPIC_URL)
    assert latest_titles(visitor)[0] == TITLE
    open_card(visitor, TITLE, within=latest_section(visitor))
    article = visitor.locator(".prose")
    expect(article.get_by_role("heading", name="What it offers", level=2)).to_be_visible()
    expect(article.get_by_role("listitem")).to_have_count(2)
    expect(article.get_by_role("link", name="city guide")).to_have_attribute(
        "href", "https://example.org/guide"
    )
    image = article.get_by_role("img", name="Two volunteers behind the helpdesk counter")
    expect(image).to_be_visible()
    assert loaded_width(image) == 1200
    assert csp_problems(new_page) == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "360px"])
def test_screenshots_of_the_article_form_with_the_editor(fresh_demo, new_page, viewport):
    library_image()
    page = new_page(viewport)
    log_in_to_admin(page, *make_communications_editor())
    article = Article.objects.published().first()
    page.goto(reverse("admin:content_article_change", args=[article.pk]))
    editor = rich_text_editor(page)
    expect(editor).to_be_visible()
    box = editor.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.locator(".field-body").scroll_into_view_if_needed()
    page.screenshot(path=folder / f"admin-article-editor-{viewport['width']}.png")
    toolbar_button(page, "Insert an image from the library").click()
    expect(page.get_by_role("dialog").get_by_label("Helpdesk counter")).to_be_visible()
    page.get_by_role("dialog").get_by_label("Helpdesk counter").check()
    page.screenshot(path=folder / f"admin-image-picker-{viewport['width']}.png")
    assert csp_problems(new_page) == []


def test_the_editor_and_its_image_picker_pass_the_accessibility_rules(fresh_demo, page):
    library_image()
    log_in_to_admin(page, *make_communications_editor())
    page.goto(reverse("admin:content_article_add"))
    expect(rich_text_editor(page)).to_be_visible()
    # Only the editor: the rest of the admin form is checked by the admin gate.
    in_editor = [
        v
        for v in violations(page)
        if v["impact"] in BLOCKING
        and any(".prose-editor" in " ".join(map(str, n["target"])) for n in v["nodes"])
    ]
    assert in_editor == [], describe(in_editor)
    toolbar_button(page, "Insert an image from the library").click()
    dialog = page.get_by_role("dialog", name="Insert an image from the library")
    expect(dialog.get_by_label("Helpdesk counter")).to_be_visible()
    blocking = [v for v in violations(page, exclude=["#content-main"]) if v["impact"] in BLOCKING]
    assert blocking == [], describe(blocking)
