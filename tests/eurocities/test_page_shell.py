"""The page shell (stylesheets, header, footer) is the same on every page, kept once
rendered (eurocities/templatetags/shell.py); only the section marked differs."""

import re

import pytest
from django.test.utils import override_script_prefix

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def marked_sections(response):
    nav = response.text.split('class="main-nav"')[1].split("</nav>")[0]
    return re.findall(r'<a href="([^"]+)" aria-current="page">', nav)


def test_the_main_navigation_marks_the_section_a_page_is_in(client):
    article = ArticleFactory(title="Cities welcome newcomers")
    assert marked_sections(client.get("/news/")) == ["/news/"]
    assert marked_sections(client.get(article.get_absolute_url())) == ["/news/"]
    assert marked_sections(client.get("/events/")) == ["/events/"]
    assert marked_sections(client.get("/topics/")) == ["/topics/"]
    assert marked_sections(client.get("/")) == []
    assert marked_sections(client.get("/news/")) == ["/news/"]


def test_under_a_script_prefix_every_shell_link_carries_it(client):
    with override_script_prefix("/network/"):  # as the WSGI handler sets it
        below = client.get("/news/", SCRIPT_NAME="/network")
    assert marked_sections(below) == ["/network/news/"]
    assert 'href="/network/cities/"' in below.text  # the footer
    assert 'href="/network/admin/"' in below.text  # the editors' login
    # The root site's shell is not the one kept for the prefix.
    root = client.get("/news/")
    assert marked_sections(root) == ["/news/"]
    assert 'href="/network/' not in root.text


def test_the_shell_shows_nothing_of_the_visitor(client):
    response = client.get("/news/?q=<b>mine</b>", HTTP_ACCEPT_LANGUAGE="en")
    shell = response.text.split("<main")[0] + response.text.split("</main>")[1]
    assert "mine" not in shell
