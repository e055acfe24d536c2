"""Phone and desktop screenshots of the main page types, for people to look at.

They are written to test-artifacts/screenshots/ (CI keeps that folder with the logs).
The test checks only that each page loads and fits its width.
"""

import pytest
from django.urls import reverse

from content.models import Article, City
from publications.models import Publication

from .conftest import ARTIFACTS, DESKTOP, PHONE
from .helpers import article_with_lead_image, has_no_horizontal_scroll

pytestmark = pytest.mark.browser

SCREENSHOT_PAGES = [
    ("home", "/"),
    ("topic", lambda: reverse("topic", args=["migration-and-integration"])),
    ("story", lambda: Article.objects.published().filter(kind="story").first()
     .get_absolute_url()),
    ("news-with-image", lambda: article_with_lead_image().get_absolute_url()),
    ("event", lambda: reverse("events:detail", args=["integrating-cities-conference-ix"])),
    ("events", lambda: reverse("events:list")),
    ("documents", lambda: reverse("publications:list")),
    ("publication", lambda: Publication.objects.published().exclude(cover_image="").first()
     .get_absolute_url()),
    ("charter", lambda: reverse("charter:charter")),
    ("pledges", lambda: reverse("charter:pledges")),
    ("city", lambda: City.objects.get(name="Barcelona").get_absolute_url()),
]  # fmt: skip


# Lazy images below the fold would show as empty boxes in a full-page screenshot.
LOAD_ALL_IMAGES = """async () => {
  const images = [...document.images];
  images.forEach(img => { img.loading = "eager"; });
  await Promise.all(images.map(img => img.complete ? null
    : new Promise(done => { img.onload = img.onerror = done; })));
}"""


def test_phone_and_desktop_screenshots_of_the_main_pages(demo, new_page):
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    urls = [(name, path() if callable(path) else path) for name, path in SCREENSHOT_PAGES]
    for device, viewport in [("phone", PHONE), ("desktop", DESKTOP)]:
        page = new_page(viewport)
        for name, url in urls:
            response = page.goto(url)
            assert response.status == 200, (name, response.status)
            page.evaluate(LOAD_ALL_IMAGES)
            page.screenshot(path=folder / f"{name}-{device}.png", full_page=True)
            assert has_no_horizontal_scroll(page), (name, device)
