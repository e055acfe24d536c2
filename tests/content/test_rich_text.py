"""The rich-text field: the editor in the admin, and sanitising on every save path."""

import re

import pytest
from django.urls import reverse

from content.fields import sanitize_html
from content.models import Article, Theme
from events.models import Event
from publications.models import Publication
from tests.factories import ArticleFactory, EventFactory, PublicationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

HOSTILE = (
    "<h2>Plan</h2><h3> </h3><p></p><p>&nbsp;</p>"
    '<p onclick="steal()" style="color:red">Cities <strong>act</strong> <em>now</em> '
    '<a href="javascript:alert(1)">bad</a> <a href="https://example.org/x" target="_blank" '
    'onmouseover="x()">good</a></p><script>alert(1)</script>'
    "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>quoted</p></blockquote>"
    '<figure><img src="/media/renditions/ab/pic-body.webp" alt="A square" width="800" '
    'height="600" data-image="7" onerror="x()"><figcaption>Photo: City</figcaption></figure>'
    '<img src="https://evil.example/track.gif"><table><tr><td>cell</td></tr></table>'
)
CLEAN = (
    "<h2>Plan</h2>"
    '<p>Cities <strong>act</strong> <em>now</em> <a rel="noopener noreferrer nofollow">bad</a> '
    '<a href="https://example.org/x" rel="noopener noreferrer nofollow">good</a></p>'
    "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>quoted</p></blockquote>"
    '<figure><img src="/media/renditions/ab/pic-body.webp" alt="A square" width="800" '
    'height="600" data-image="7"><figcaption>Photo: City</figcaption></figure>cell'
)


def article_form(**overrides):
    data = {
        "kind": "news",
        "title": "Cities welcome newcomers",
        "slug": "cities-welcome-newcomers",
        "summary": "Summary",
        "body": HOSTILE,
        "status": "draft",
        "published_at_0": "2026-01-05",
        "published_at_1": "10:00:00",
        "deadline_0": "",
        "deadline_1": "",
        "lead_image_alt_text": "",
    }
    data.update(overrides)
    return data


def test_the_sanitiser_keeps_what_the_editor_makes_and_drops_the_rest():
    assert sanitize_html(HOSTILE) == CLEAN


def test_sanitising_twice_changes_nothing():
    assert sanitize_html(CLEAN) == CLEAN


def test_empty_headings_paragraphs_and_marks_are_dropped():
    html = "<h2><strong> </strong></h2><p><br></p><h4>&nbsp;</h4><p>Kept</p><ul><li></li></ul>"
    assert sanitize_html(html) == "<p>Kept</p>"


def test_the_article_form_uses_the_editor_and_its_assets_are_served(comms_client, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = comms_client.get(reverse("admin:content_article_add"))
    assert response.status_code == 200
    html = response.text
    assert "data-django-prose-editor-eurocities" in html
    # The import map is an inline script: it carries the response's CSP nonce.
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    importmap = re.search(r"<script[^>]*importmap[^>]*>", html).group(0)
    assert f'nonce="{nonce}"' in importmap
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    wanted = [
        "django_prose_editor/editor.js",
        "django_prose_editor/editor.css",
        "django_prose_editor/material-icons.css",
        "js/rich_text.js",
        "css/rich_text.css",
    ]
    for name in wanted:
        assert f"/static/{name}" in assets, name
    for url in assets:
        assert comms_client.get(url).status_code == 200, url
    font = comms_client.get("/static/django_prose_editor/material-icons.woff2")
    assert font.status_code == 200


def test_every_rich_text_field_gets_the_editor(comms_client):
    theme = ThemeFactory()
    for url in [
        reverse("admin:events_event_add"),
        reverse("admin:publications_publication_add"),
        reverse("admin:content_theme_change", args=[theme.pk]),
        reverse("admin:content_workinggroup_add"),
        reverse("admin:content_basicpage_add"),
    ]:
        response = comms_client.get(url)
        assert response.status_code == 200, url
        assert "data-django-prose-editor-eurocities" in response.text, url


def test_the_admin_form_sanitises_the_body_on_save(comms_client):
    response = comms_client.post(reverse("admin:content_article_add"), article_form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.get().body == CLEAN


def test_shell_save_and_create_are_sanitised():
    article = ArticleFactory(body=HOSTILE)
    assert article.body == CLEAN  # the object in memory too
    article.refresh_from_db()
    assert article.body == CLEAN


def test_queryset_update_is_sanitised():
    article = ArticleFactory(body="<p>Fine</p>")
    Article.objects.filter(pk=article.pk).update(body=HOSTILE)
    article.refresh_from_db()
    assert article.body == CLEAN


def test_bulk_create_and_bulk_update_are_sanitised():
    theme = ThemeFactory()
    Theme.objects.bulk_create(
        [Theme(name="Housing", slug="housing", intro='<p onclick="x()">Homes</p><p></p>')]
    )
    assert Theme.objects.get(slug="housing").intro == "<p>Homes</p>"
    theme.intro = "<h3></h3><script>x()</script><p>Intro</p>"
    Theme.objects.bulk_update([theme], ["intro"])
    theme.refresh_from_db()
    assert theme.intro == "<p>Intro</p>"


def test_event_and_publication_bodies_are_sanitised_by_update_too():
    event, publication = EventFactory(), PublicationFactory()
    Event.objects.filter(pk=event.pk).update(body=HOSTILE)
    Publication.objects.filter(pk=publication.pk).update(body=HOSTILE)
    event.refresh_from_db()
    publication.refresh_from_db()
    assert event.body == CLEAN
    assert publication.body == CLEAN


def test_searching_the_body_is_not_altered_by_sanitising(comms_client):
    ArticleFactory(title="Found", body="<p>Tom &amp; Jerry</p>")
    response = comms_client.get(reverse("admin:content_article_changelist"), {"q": "<p>"})
    assert response.status_code == 200
    assert Article.objects.filter(body__contains="<p>").count() == 1


def test_the_demo_bodies_render_as_before(client):
    from django.core.management import call_command

    call_command("load_demo", stdout=__import__("io").StringIO())
    for article in Article.objects.all():
        assert sanitize_html(article.body) == article.body
    article = Article.objects.published().first()
    response = client.get(article.get_absolute_url())
    assert article.body in response.text
