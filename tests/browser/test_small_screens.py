"""Phones and keyboards: 360 px wide pages fit the screen and the navigation works by keyboard.

To cover another page add its path (or a function finding it) to PHONE_PAGES.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from content.models import Article
from events.models import Event

from .helpers import has_no_horizontal_scroll, wide_elements

pytestmark = pytest.mark.browser

PHONE_PAGES = [
    ("home", "/"),
    ("topic list", lambda: reverse("topic_list")),
    ("topic page", lambda: reverse("topic", args=["migration-and-integration"])),
    ("topic page, filtered", lambda: reverse("topic", args=["migration-and-integration"])
     + "?kind=news"),
    ("article list", lambda: reverse("content:article_list")),
    ("story", lambda: Article.objects.published().filter(kind="story").first()
     .get_absolute_url()),
    ("event with a programme", lambda: Event.objects.get(
        slug="integrating-cities-conference-ix").get_absolute_url()),
    ("upcoming events", lambda: reverse("events:list")),
    ("documents library", lambda: reverse("publications:list")),
    ("charter", lambda: reverse("charter:charter")),
    ("pledges", lambda: reverse("charter:pledges")),
    ("open data", lambda: reverse("opendata:index")),
]  # fmt: skip

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    text: el.innerText.trim(),
    href: el.getAttribute('href'),
    inNav: !!el.closest('nav.main-nav'),
    outline: style.outlineStyle === 'none' ? 'none' : style.outlineWidth + ' ' + style.outlineStyle,
    visible: (r => r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth)(
      el.getBoundingClientRect()),
  };
}"""


@pytest.mark.parametrize(
    "path", [path for _name, path in PHONE_PAGES], ids=[name for name, _path in PHONE_PAGES]
)
def test_a_phone_sized_page_does_not_scroll_sideways(demo, phone_page, path):
    phone_page.goto(path() if callable(path) else path)
    assert has_no_horizontal_scroll(phone_page), wide_elements(phone_page)


def tab(page):
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        reverse("topic", args=["migration-and-integration"]),
        reverse("events:detail", args=["integrating-cities-conference-ix"]),
    ],
)
def test_the_navigation_works_by_keyboard_alone_on_a_phone(demo, phone_page, path):
    phone_page.goto(path)

    skip = tab(phone_page)
    assert skip["text"] == "Skip to main content", skip
    assert skip["visible"] and skip["outline"] != "none", skip

    focused = [tab(phone_page) for _ in range(6)]
    nav = [item for item in focused if item["inNav"]]
    assert [item["text"] for item in nav][:2] == ["Topics", "News"], focused
    invisible = [item for item in focused if not item["visible"] or item["outline"] == "none"]
    assert not invisible, f"focus not visible on {invisible}"

    # The skip link takes keyboard users past the navigation...
    phone_page.goto(path)
    tab(phone_page)
    phone_page.keyboard.press("Enter")
    assert phone_page.evaluate("() => document.activeElement.id") == "main-content"

    # ... and Enter on a navigation link opens it.
    phone_page.goto(path)
    first_nav_link = next(item for item in (tab(phone_page) for _ in range(10)) if item["inNav"])
    assert first_nav_link["href"] == reverse("topic_list")
    phone_page.keyboard.press("Enter")
    expect(phone_page).to_have_url(re.compile(f"{reverse('topic_list')}$"))
    expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
