"""The basic pages: editable in the admin, linked from every page's footer."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from content.models import BasicPage

pytestmark = pytest.mark.django_db

ADDRESSES = ["/about/accessibility/", "/about/privacy/", "/about/legal-notice/"]


@pytest.fixture
def demo_pages():
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_loads_the_three_pages_once_however_often_it_runs(demo_pages):
    call_command("load_demo", stdout=io.StringIO())
    assert sorted(BasicPage.objects.values_list("kind", flat=True)) == [
        "accessibility",
        "legal-notice",
        "privacy",
    ]


def test_the_accessibility_statement_follows_the_directive_model(client, demo_pages):
    response = client.get("/about/accessibility/")
    assert response.status_code == 200
    text = response.text
    assert "<h1>Accessibility statement</h1>" in text
    for heading in [
        "<h2>Compliance status</h2>",
        "<h2>Content that is not accessible</h2>",
        "<h2>Feedback and contact</h2>",
        "<h2>Enforcement procedure</h2>",
    ]:
        assert heading in text
    assert "partially compliant" in text
    assert 'This statement was prepared on\n      <time datetime="2026-11-02">' in text


@pytest.mark.parametrize("address", ADDRESSES)
def test_each_page_renders_and_every_page_links_to_it_in_the_footer(client, demo_pages, address):
    assert client.get(address).status_code == 200
    for page in ["/", "/news/", "/events/", address]:
        footer = client.get(page).text.split('<footer class="site-footer">')[1]
        assert f'href="{address}"' in footer


def test_an_unknown_page_is_not_found(client, demo_pages):
    assert client.get("/about/cookies/").status_code == 404


def test_communications_edit_a_page_in_the_admin_with_rich_text(comms_client, demo_pages):
    page = BasicPage.objects.get(kind="privacy")
    url = reverse("admin:content_basicpage_change", args=[page.pk])
    form = comms_client.get(url)
    assert "data-django-prose-editor-eurocities" in form.text
    response = comms_client.post(
        url,
        {
            "kind": "privacy",
            "title": "Privacy notice",
            "summary": "",
            "body": "<h2>Cookies</h2><h3></h3><p onclick='x()'>None.</p><script>x()</script>",
            "reviewed_on": "2026-11-30",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == "<h2>Cookies</h2><p>None.</p>"
    assert page.updated_by == comms_client.user
    public = comms_client.get("/about/privacy/").text
    assert "<h2>Cookies</h2><p>None.</p>" in public
    assert "30 November 2026" in public
