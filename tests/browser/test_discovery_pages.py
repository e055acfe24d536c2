"""The finding-things pages in a real browser: axe's WCAG 2.1 A/AA gate at desk and
phone width, no sideways scroll, facets folded on a phone, and screenshots
(test-artifacts/screenshots/discovery-*) for people to look at."""

import pytest
from django.urls import reverse

from content.models import City, Project

from .axe import assert_accessible
from .conftest import ARTIFACTS, DESKTOP, PHONE
from .helpers import has_no_horizontal_scroll, wide_elements

pytestmark = pytest.mark.browser

TOPIC = "migration-and-integration"
DISCOVERY_PAGES = [
    ("search-facets", lambda: reverse("search") + "?q=cities&kind=news&theme=" + TOPIC),
    ("search-no-results", lambda: reverse("search") + "?q=cities&kind=story&year=1999"),
    ("topic-facets", lambda: reverse("topic", args=[TOPIC]) + "?kind=news"),
    ("topic", lambda: reverse("topic", args=["inclusive-cities"])),
    ("news-facets", lambda: reverse("content:article_list") + "?kind=news&theme=" + TOPIC),
    ("events-facets", lambda: reverse("events:past") + "?attendance=online"),
    ("documents-facets", lambda: reverse("publications:list") + "?theme=" + TOPIC),
    ("cities", lambda: reverse("city_list")),
    ("working-groups", lambda: reverse("working_group_list")),
    ("projects", lambda: reverse("project_list")),
    ("project", lambda: Project.objects.get(slug="unites").get_absolute_url()),
    ("city-about", lambda: City.objects.filter(articles__isnull=False).first().get_absolute_url()),
]  # fmt: skip


def test_discovery_pages_pass_the_accessibility_gate_and_fit_phone_and_desk(demo, new_page):
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    urls = [(name, path()) for name, path in DISCOVERY_PAGES]
    for device, viewport in [("phone", PHONE), ("desktop", DESKTOP)]:
        page = new_page(viewport)
        for name, url in urls:
            response = page.goto(url)
            assert response.status == 200, (name, url, response.status)
            assert_accessible(page)
            assert has_no_horizontal_scroll(page), (name, device, wide_elements(page))
            page.screenshot(path=folder / f"discovery-{name}-{device}.png", full_page=True)
            facets = page.locator("details[data-facets]")
            if facets.count():
                # Folded on a phone (the results come first), open on a desk.
                assert facets.first.evaluate("d => d.open") == (device == "desktop"), name
                if device == "phone":
                    facets.first.locator("> summary").click()
                    assert_accessible(page)
                    assert has_no_horizontal_scroll(page), (name, wide_elements(page))
                    page.screenshot(
                        path=folder / f"discovery-{name}-phone-open.png", full_page=True
                    )


def test_facets_work_without_javascript(demo, browser, live_server):
    context = browser.new_context(
        viewport=DESKTOP, base_url=live_server.url, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(reverse("content:article_list"))
        before = page.locator(".result-count").inner_text()
        facets = page.locator("details[data-facets]")
        assert not facets.evaluate("d => d.open")  # no script: folded, one click away
        facets.locator("> summary").click()
        page.get_by_role("link", name="Story").first.click()
        assert "kind=story" in page.url
        assert page.locator(".chips .chip").count() == 1
        assert page.locator(".result-count").inner_text() != before
        page.locator(".chips .chip").first.click()
        assert page.locator(".chips .chip").count() == 0
        assert page.locator(".result-count").inner_text() == before
    finally:
        context.close()
