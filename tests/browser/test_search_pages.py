"""The search page in a real browser: accessible and no sideways scroll at 360 px."""

import pytest
from django.urls import reverse

from .axe import assert_accessible
from .helpers import has_no_horizontal_scroll, wide_elements

pytestmark = pytest.mark.browser

SEARCH_PAGES = [
    ("empty search", ""),
    ("results", "?q=migration"),
    ("results, filtered", "?q=migration&kind=story"),
    ("no results", "?q=zebra-unicorn"),
    ("too long", "?q=" + "x" * 300),
]


@pytest.mark.parametrize(
    "query", [query for _name, query in SEARCH_PAGES], ids=[name for name, _ in SEARCH_PAGES]
)
def test_search_page_has_no_serious_accessibility_problems(demo, page, query):
    response = page.goto(reverse("search") + query)
    assert response.status == 200
    assert_accessible(page)


@pytest.mark.parametrize(
    "query", [query for _name, query in SEARCH_PAGES], ids=[name for name, _ in SEARCH_PAGES]
)
def test_search_page_fits_a_phone(demo, phone_page, query):
    phone_page.goto(reverse("search") + query)
    assert has_no_horizontal_scroll(phone_page), wide_elements(phone_page)


def test_the_header_search_box_finds_content(demo, phone_page):
    phone_page.goto("/")
    phone_page.get_by_role("searchbox", name="Search the site").fill("migration")
    phone_page.get_by_role("button", name="Search").click()
    phone_page.wait_for_url("**/search/?q=migration")
    heading = phone_page.get_by_role("heading", level=2, name="Results for “migration”")
    assert heading.is_visible()
