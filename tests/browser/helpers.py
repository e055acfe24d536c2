"""Small steps shared by the browser journeys, written the way a person uses the site."""

import io
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from PIL import Image
from playwright.sync_api import expect


def make_staff_user(group_name, username, password):
    """A staff user (no superuser) in the group `group_name`; returns (username, password).

    The groups come from charter/roles.py. A live server test starts from a flushed
    database, so they are made again here unless the demo content already did.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group

    from charter.roles import sync_roles

    if not Group.objects.filter(name=group_name).exists():
        sync_roles(apps)
    # get_or_create: tests of the shared demo (see conftest.py) log in with the same names.
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org", "is_staff": True}
    )
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=group_name))
    return username, password


def make_communications_editor(username="comms", password="a-long-test-password-1"):
    """The account a communications editor uses: staff, in the 'Communications' group."""
    from charter.roles import COMMUNICATIONS

    return make_staff_user(COMMUNICATIONS, username, password)


def make_charter_coordinator(username="coordinator", password="a-long-test-password-2"):
    """The account a charter coordinator uses: staff, in the 'Charter coordinators' group."""
    from charter.roles import COORDINATORS

    return make_staff_user(COORDINATORS, username, password)


def log_in_to_admin(page, username, password):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def pick_autocomplete(page, field_name, text, option):
    """Choose `option` in an admin autocomplete (select2) field by typing `text`."""
    page.locator(f".field-{field_name} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=option).first.click()
    expect(page.locator(f"#id_{field_name} option:checked", has_text=option)).to_have_count(1)


def loaded_width(image):
    """The natural width of an <img> once the browser has loaded it (0 if it failed).

    An image with width and height attributes is visible before its file arrives, so
    reading naturalWidth straight after to_be_visible() races the download.
    """
    return image.evaluate(
        """img => img.complete ? img.naturalWidth : new Promise(done => {
            img.addEventListener("load", () => done(img.naturalWidth), {once: true});
            img.addEventListener("error", () => done(0), {once: true});
        })"""
    )


def small_png(folder, name="lead.png", size=(320, 180)):
    """A real PNG file for upload fields; returns its path."""
    path = Path(folder) / name
    Image.new("RGB", size, (18, 63, 109)).save(path, "PNG")
    return path


def article_with_lead_image(**fields):
    """A published news item with a real PNG lead image, on the main topic."""
    from content.models import Theme
    from tests.factories import ArticleFactory

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 675), (18, 63, 109)).save(buffer, "PNG")
    return ArticleFactory(
        title="A welcome centre opens its doors",
        summary="Newcomers find housing, language and job advice under one roof.",
        body="<p>The centre brings the city's services for newcomers together.</p>" * 4,
        lead_image=ContentFile(buffer.getvalue(), name="welcome.png"),
        lead_image_alt_text="The entrance of the welcome centre",
        themes=[Theme.objects.get(slug="migration-and-integration")],
        **fields,
    )


def open_card(page, title=None, within=None):
    """Follow the title link of the card called `title` (the first card if None)."""
    links = (within or page).locator(".card__title a")
    link = links.filter(has_text=title).first if title else links.first
    title = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return title


def pick_facet(page, facet, option):
    """Follow a facet's option link (e.g. facet 'kind', option 'Story'), unfolding the panel."""
    panel = page.locator("details[data-facets]").first
    # facets.js opens the panel on a wide screen once the page has loaded; asking before
    # then and clicking the summary would fold it again when the script runs.
    page.wait_for_load_state("load")
    if not panel.evaluate("details => details.open"):
        panel.locator("> summary").click()
    expect(panel).to_have_attribute("open", "")
    page.locator(f'ul[aria-labelledby="facet-{facet}"] a', has_text=option).first.click()


def filter_latest(page, show):
    """Narrow the mixed list (topic, working group pages) to one kind, e.g. 'Story'."""
    if page.locator("details[data-facets]").count():
        pick_facet(page, "kind", show)
        return
    page.get_by_label("Show").select_option(label=show)
    page.get_by_role("button", name="Apply filters").click()


def latest_section(page):
    """The mixed list of a topic ('Everything on this topic') or working group ('Latest')."""
    return page.get_by_role("region", name=re.compile(r"^(Latest|Everything on this topic)$"))


def latest_titles(page):
    return latest_section(page).locator(".card__title").all_inner_texts()


def download(page, link_name):
    """Click the link called `link_name` and return the downloaded file (Playwright Download).

    The response must be an attachment (Content-Disposition), as .ics and PDF links are.
    Read it with `Path(download.path()).read_bytes()`; `download.suggested_filename` too.
    """
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    return info.value


def has_no_horizontal_scroll(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def wide_elements(page):
    """Elements sticking out past the right edge of the viewport (to explain a failure)."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          return [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > width + 1)
            .slice(0, 10)
            .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                 + (el.className && typeof el.className === 'string'
                    ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
        }"""
    )


def rich_text_editor(page, field_name="body"):
    """The ProseMirror editor that replaces the textarea `field_name` in an admin form."""
    return page.locator(f".field-{field_name} .ProseMirror[contenteditable]")


def toolbar_button(page, label, field_name="body"):
    """A button of the rich-text toolbar, by its accessible name ('bold', 'blockquote')."""
    return page.locator(f".field-{field_name} .prose-menubar").get_by_role("button", name=label)


def choose_block_type(page, name, field_name="body"):
    """Turn the current block into `name` ('heading2', 'paragraph') from the toolbar menu."""
    page.locator(f".field-{field_name} .prose-menubar__selected").click()
    page.locator(f".field-{field_name} .prose-menubar__option[data-name='{name}']").click()


def write_rich_text(page, text, field_name="body"):
    """Click into the editor and type `text` at its end, as an editor would."""
    editor = rich_text_editor(page, field_name)
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)
