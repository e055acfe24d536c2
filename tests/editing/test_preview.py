from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import Article, Status, Theme
from events.models import Event
from publications.models import Publication
from tests.factories import (
    ArticleFactory,
    EventFactory,
    PersonFactory,
    PublicationFactory,
    PublicationFileFactory,
    ThemeFactory,
    WorkingGroupFactory,
)

from .admin_forms import add_inline_row, change_form_data

pytestmark = pytest.mark.django_db


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def preview_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk])


def assert_preview_response(response):
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Cache-Control"] == "private, no-store"
    assert "Preview — not published" in response.text
    assert '<meta name="robots" content="noindex">' in response.text


def test_the_change_form_has_a_preview_button_that_submits_the_form_to_the_preview(
    comms_client,
):
    article = ArticleFactory()
    page = comms_client.get(change_url(article))
    assert f'formaction="{preview_url(article)}"' in page.text
    assert 'formtarget="_blank"' in page.text
    add = comms_client.get(reverse("admin:content_article_add"))
    assert f'formaction="{reverse("admin:content_article_add_preview")}"' in add.text


def test_article_preview_shows_unsaved_changes_and_saves_nothing(comms_client):
    old_theme = ThemeFactory(name="Culture", slug="culture")
    new_theme = ThemeFactory(name="Migration", slug="migration")
    article = ArticleFactory(title="Old title", body="<p>Old body.</p>", themes=[old_theme])
    updated_at = article.updated_at
    data = change_form_data(
        comms_client.get(change_url(article)),
        title="A brand new title",
        body="<p>New words here.</p><script>alert(1)</script>",
        themes=[new_theme.pk],
    )

    response = comms_client.post(preview_url(article), data)

    assert_preview_response(response)
    assert '<h1 dir="auto">A brand new title</h1>' in response.text
    assert "New words here." in response.text
    assert "<script>alert(1)" not in response.text
    assert "Migration" in response.text
    assert "Culture" not in response.text
    article.refresh_from_db()
    assert article.title == "Old title"
    assert article.body == "<p>Old body.</p>"
    assert list(article.themes.all()) == [old_theme]
    assert article.updated_at == updated_at


def test_preview_of_a_new_article_creates_nothing(comms_client):
    theme = ThemeFactory(name="Migration", slug="migration")
    data = change_form_data(
        comms_client.get(reverse("admin:content_article_add")),
        title="Not saved yet",
        slug="not-saved-yet",
        body="<p>Draft text.</p>",
        themes=[theme.pk],
    )
    response = comms_client.post(reverse("admin:content_article_add_preview"), data)
    assert_preview_response(response)
    assert '<h1 dir="auto">Not saved yet</h1>' in response.text
    assert "Migration" in response.text
    assert not Article.objects.exists()
    assert not Theme.objects.get(pk=theme.pk).themed_items.exists()


def test_invalid_form_data_shows_the_errors_instead_of_a_preview(comms_client):
    article = ArticleFactory(title="Kept")
    data = change_form_data(comms_client.get(change_url(article)), title="  ", kind="call")
    response = comms_client.post(preview_url(article), data)
    assert response.status_code == 200
    assert "cannot be previewed yet" in response.text
    assert "This field is required." in response.text
    assert "Preview — not published" not in response.text
    assert Article.objects.get().title == "Kept"


def test_event_preview_shows_a_new_programme_session_and_saves_nothing(comms_client):
    conference = EventFactory(title="Conference", kind=Event.Kind.CONFERENCE)
    data = change_form_data(comms_client.get(change_url(conference)), summary="A new summary")
    start = conference.starts_at
    add_inline_row(
        data,
        "programme",
        title="Opening plenary",
        kind=Event.Kind.OTHER,
        starts_at_0=f"{start:%Y-%m-%d}",
        starts_at_1="10:00:00",
        ends_at_0=f"{start:%Y-%m-%d}",
        ends_at_1="11:00:00",
        occurrence=Event.Occurrence.SCHEDULED,
        status=Status.PUBLISHED,
    )
    response = comms_client.post(preview_url(conference), data)
    assert_preview_response(response)
    assert "A new summary" in response.text
    assert "Opening plenary" in response.text
    assert Event.objects.count() == 1


def test_publication_preview_lists_its_files_with_changed_labels(comms_client):
    publication = PublicationFactory(title="Annual report", files=[])
    PublicationFileFactory(publication=publication, title="Full report")
    data = change_form_data(
        comms_client.get(change_url(publication)), **{"files-0-title": "Summary"}
    )
    response = comms_client.post(preview_url(publication), data)
    assert_preview_response(response)
    assert "Summary – English" in response.text
    assert "Full report" not in response.text
    assert publication.files.get().title == "Full report"
    assert Publication.objects.get().title == "Annual report"


def test_topic_page_preview_shows_the_new_introduction(comms_client):
    theme = ThemeFactory(name="Housing", slug="housing", intro="<p>Old intro.</p>")
    data = change_form_data(comms_client.get(change_url(theme)), intro="<p>A warmer intro.</p>")
    response = comms_client.post(preview_url(theme), data)
    assert_preview_response(response)
    assert "A warmer intro." in response.text
    theme.refresh_from_db()
    assert theme.intro == "<p>Old intro.</p>"


def test_topic_page_preview_shows_unsaved_contacts_in_their_order(comms_client):
    theme = ThemeFactory(name="Housing", slug="housing")
    saved = PersonFactory(name="Ana Saved")
    theme.contact_links.create(person=saved, order=1)
    newcomer = PersonFactory(name="Zed Newcomer")
    data = change_form_data(comms_client.get(change_url(theme)))
    add_inline_row(data, "contact_links", person=newcomer.pk, order=0)
    response = comms_client.post(preview_url(theme), data)
    assert_preview_response(response)
    page = response.text
    assert page.index("Zed Newcomer") < page.index("Ana Saved")
    assert list(theme.contact_links.values_list("person__name", flat=True)) == ["Ana Saved"]


def test_working_group_preview_shows_the_unsaved_name(comms_client):
    group = WorkingGroupFactory(name="Migration and integration")
    data = change_form_data(comms_client.get(change_url(group)), name="Migration & inclusion")
    response = comms_client.post(preview_url(group), data)
    assert_preview_response(response)
    assert "Migration &amp; inclusion" in response.text
    group.refresh_from_db()
    assert group.name == "Migration and integration"


@pytest.mark.parametrize("method", ["get", "post"])
def test_preview_addresses_are_404_to_anonymous_visitors(client, method):
    article = ArticleFactory(status=Status.DRAFT)
    for url in [preview_url(article), reverse("admin:content_article_add_preview")]:
        response = getattr(client, method)(url, {"title": "x"})
        assert response.status_code == 404
    assert Article.objects.count() == 1


def test_preview_is_404_to_staff_who_may_not_change_the_item(coordinator_client):
    article = ArticleFactory(title="Coordinators may not edit this")
    response = coordinator_client.post(preview_url(article), {"title": "Changed"})
    assert response.status_code == 404
    response = coordinator_client.post(reverse("admin:content_article_add_preview"), {})
    assert response.status_code == 404


def test_preview_of_an_item_that_does_not_exist_is_404(comms_client):
    assert comms_client.post("/admin/content/article/999999/preview/", {}).status_code == 404


def test_preview_wants_the_form_submitted(comms_client):
    article = ArticleFactory()
    assert comms_client.get(preview_url(article)).status_code == 405


def test_preview_of_a_scheduled_item_still_renders(comms_client):
    article = ArticleFactory(published_at=timezone.now() + timedelta(days=3))
    data = change_form_data(comms_client.get(change_url(article)), title="Soon")
    assert_preview_response(comms_client.post(preview_url(article), data))


def test_a_new_image_chosen_in_the_form_is_not_stored_by_a_preview(comms_client, settings):
    import io

    from PIL import Image

    article = ArticleFactory(title="No image yet")
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 20, 30)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "new-lead.png"
    data = change_form_data(
        comms_client.get(change_url(article)), lead_image_alt_text="A test picture"
    )
    data["lead_image"] = buffer
    response = comms_client.post(preview_url(article), data)
    assert_preview_response(response)
    media = settings.MEDIA_ROOT
    stored = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    assert stored == []
    article.refresh_from_db()
    assert not article.lead_image


def test_a_preview_writes_no_history_and_escapes_hostile_titles(comms_client):
    from django.contrib.admin.models import LogEntry

    article = ArticleFactory()
    data = change_form_data(
        comms_client.get(change_url(article)),
        title='<script>alert(1)</script>" onmouseover="x',
        summary="<b>bold</b>",
    )
    response = comms_client.post(preview_url(article), data)
    assert_preview_response(response)
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<b>bold</b>" not in response.text
    assert not LogEntry.objects.exists()


def test_saving_a_scheduled_item_says_when_it_goes_live(comms_client):
    article = ArticleFactory(published_at=timezone.now() + timedelta(days=3))
    data = change_form_data(comms_client.get(change_url(article)), title="Later news")
    response = comms_client.post(change_url(article), data, follow=True)
    assert "“Later news” is not on the site yet: Scheduled for" in response.text


def test_staff_who_may_only_view_get_no_preview_button(client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    article = ArticleFactory()
    page = client.get(change_url(article))
    assert page.status_code == 200
    assert "formaction" not in page.text
    assert client.post(preview_url(article), {}).status_code == 404


def test_a_new_file_row_in_a_publication_preview_is_left_out_and_not_stored(comms_client, settings):
    import io

    publication = PublicationFactory(title="Report with files", files=[])
    PublicationFileFactory(publication=publication, title="Stored file")
    data = change_form_data(comms_client.get(change_url(publication)))
    upload = io.BytesIO(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    upload.name = "new.pdf"
    add_inline_row(data, "files", file=upload, language="fr", title="Brand new", order="1")
    response = comms_client.post(preview_url(publication), data)
    assert_preview_response(response)
    assert "Stored file" in response.text
    assert "Brand new" not in response.text
    assert publication.files.count() == 1
    roots = [settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT]
    stored = {p.name for root in roots for p in root.rglob("*") if p.is_file()}
    assert stored == {publication.files.get().file.name.rsplit("/", 1)[-1]}
