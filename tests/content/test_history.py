"""History through the admin: who changed what, compare, revert, recover."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from reversion.models import Version

from charter.models import MonitoringReport, Signatory
from content.models import Article, ThemedItem
from events.models import Event
from publications.models import Publication
from tests.factories import (
    ArticleFactory,
    EventFactory,
    MonitoringReportFactory,
    PublicationFactory,
    PublicationFileFactory,
    SignatoryFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def article_data(article, **overrides):
    data = {
        "kind": article.kind,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "status": article.status,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "deadline_0": "",
        "deadline_1": "",
        "lead_image_alt_text": "",
        "themes": [t.pk for t in article.themes.all()],
    }
    data.update(overrides)
    return data


def save_through_admin(client, article, **changes):
    url = reverse("admin:content_article_change", args=[article.pk])
    response = client.post(url, article_data(article, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


def versions_of(obj):
    return Version.objects.get_for_object(obj)


@pytest.fixture
def edited_article(comms_client):
    """An article saved twice through the admin: the text changed in between."""
    theme = ThemeFactory(name="Migration", slug="migration")
    article = ArticleFactory(body="<p>The old harbour welcomes visitors.</p>", themes=[theme])
    save_through_admin(comms_client, article, body="<p>The old harbour welcomes visitors.</p>")
    save_through_admin(comms_client, article, body="<p>The new harbour welcomes families.</p>")
    return article


def test_history_lists_who_saved_each_version_and_when(comms_client, edited_article):
    response = comms_client.get(reverse("admin:content_article_history", args=[edited_article.pk]))
    assert response.status_code == 200
    assert response.text.count("<td>comms</td>") == 2
    assert "Changed Body" in response.text
    assert "Compare the chosen versions" in response.text


def test_comparison_marks_the_changed_words(comms_client, edited_article):
    newer, older = versions_of(edited_article)[:2]
    response = comms_client.get(
        reverse("admin:content_article_compare", args=[edited_article.pk]),
        {"from": older.pk, "to": newer.pk},
    )
    assert response.status_code == 200
    assert "<del>old</del>" in response.text
    assert "<ins>new</ins>" in response.text
    assert "<del>visitors.</del>" in response.text
    assert "<ins>families.</ins>" in response.text
    assert "harbour welcomes" in response.text  # unchanged words shown plainly


def test_comparison_escapes_what_it_shows(comms_client):
    article = ArticleFactory(title="Plain")
    save_through_admin(comms_client, article)
    save_through_admin(comms_client, article, title="<script>alert(1)</script>")
    newer, older = versions_of(article)[:2]
    response = comms_client.get(
        reverse("admin:content_article_compare", args=[article.pk]),
        {"from": older.pk, "to": newer.pk},
    )
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_comparison_refuses_versions_of_another_item(comms_client, edited_article):
    other = ArticleFactory()
    save_through_admin(comms_client, other)
    response = comms_client.get(
        reverse("admin:content_article_compare", args=[edited_article.pk]),
        {"from": versions_of(other)[0].pk, "to": versions_of(edited_article)[0].pk},
    )
    assert response.status_code == 404


def test_revert_restores_the_old_text(comms_client, edited_article):
    older = versions_of(edited_article)[1]
    url = reverse("admin:content_article_revision", args=[edited_article.pk, older.pk])
    page = comms_client.get(url)
    assert page.status_code == 200
    assert "The old harbour welcomes visitors." in page.text
    edited_article.refresh_from_db()
    assert "new harbour" in edited_article.body  # looking changes nothing
    response = comms_client.post(url, article_data(edited_article, body=older.field_dict["body"]))
    assert response.status_code == 302
    edited_article.refresh_from_db()
    assert edited_article.body == "<p>The old harbour welcomes visitors.</p>"
    assert "Reverted to previous version" in versions_of(edited_article)[0].revision.comment


def test_revert_sanitises_a_stored_version_again(comms_client, edited_article):
    older = versions_of(edited_article)[1]
    data = json.loads(older.serialized_data)
    data[0]["fields"]["body"] = "<p>Old</p><script>alert(1)</script>"
    older.serialized_data = json.dumps(data)
    older.save()
    url = reverse("admin:content_article_revision", args=[edited_article.pk, older.pk])
    comms_client.post(url, article_data(edited_article, body=older.field_dict["body"]))
    edited_article.refresh_from_db()
    assert edited_article.body == "<p>Old</p>"


def test_a_deleted_article_comes_back_with_its_themes(comms_client):
    themes = [ThemeFactory(name="Housing", slug="housing"), ThemeFactory(name="Jobs", slug="jobs")]
    article = ArticleFactory(title="Homes for all", themes=themes)
    save_through_admin(comms_client, article)
    pk = article.pk
    response = comms_client.post(
        reverse("admin:content_article_delete", args=[pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Article.objects.filter(pk=pk).exists()

    listing = comms_client.get(reverse("admin:content_article_recoverlist"))
    assert "Homes for all" in listing.text
    deleted = Version.objects.get_deleted(Article).get(object_id=str(pk))
    recover = reverse("admin:content_article_recover", args=[deleted.pk])
    form_page = comms_client.get(recover)
    assert form_page.status_code == 200
    # The recover form shows the item as it was, themes included; saving it keeps them.
    shown = form_page.context["adminform"].form.initial["themes"]
    assert {t.slug for t in shown} == {"housing", "jobs"}
    data = article_data(deleted._object_version.object, themes=[t.pk for t in shown])
    response = comms_client.post(recover, data)
    assert response.status_code == 302
    recovered = Article.objects.get(pk=pk)
    assert recovered.title == "Homes for all"
    assert {t.slug for t in recovered.themes.all()} == {"housing", "jobs"}


def test_a_deleted_publication_comes_back_with_its_files(comms_client):
    publication = PublicationFactory(title="Annual report", files=[])
    PublicationFileFactory(publication=publication)
    import reversion

    with reversion.create_revision():
        reversion.add_to_revision(publication)
    pk = publication.pk
    publication.delete()
    deleted = Version.objects.get_deleted(Publication).get(object_id=str(pk))
    deleted.revision.revert()
    assert Publication.objects.get(pk=pk).files.count() == 1


def test_a_conference_revision_holds_its_sessions():
    import reversion

    conference = EventFactory(title="Annual conference")
    session = EventFactory(title="Opening session", parent=conference)
    with reversion.create_revision():
        reversion.add_to_revision(conference)
    revision = versions_of(conference)[0].revision
    assert {v.object_id for v in revision.version_set.all() if v._model is Event} == {
        str(conference.pk),
        str(session.pk),
    }


def test_a_signatory_revision_holds_its_monitoring_reports():
    import reversion

    report = MonitoringReportFactory()
    with reversion.create_revision():
        reversion.add_to_revision(report.signatory)
    revision = versions_of(report.signatory)[0].revision
    assert revision.version_set.filter(
        content_type=ContentType.objects.get_for_model(MonitoringReport)
    ).exists()


def test_the_revision_of_a_save_holds_the_themes_chosen_in_that_save(comms_client):
    theme = ThemeFactory(name="Culture", slug="culture")
    article = ArticleFactory()
    save_through_admin(comms_client, article, themes=[theme.pk])
    revision = versions_of(article)[0].revision
    links = revision.version_set.filter(content_type=ContentType.objects.get_for_model(ThemedItem))
    assert [v.field_dict["tag_id"] for v in links] == [theme.pk]


def test_coordinators_cannot_restore_content_through_charter_addresses(
    coordinator_client, comms_client, edited_article
):
    signatory = SignatoryFactory()
    older = versions_of(edited_article)[1]
    # A version of an article, asked for through the signatory admin (same pk).
    url = reverse("admin:charter_signatory_revision", args=[signatory.pk, older.pk])
    assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url, {}).status_code == 404
    recover = reverse("admin:charter_signatory_recover", args=[older.pk])
    assert coordinator_client.post(recover, {}).status_code == 404
    history = reverse("admin:content_article_history", args=[edited_article.pk])
    assert coordinator_client.get(history).status_code == 403
    edited_article.refresh_from_db()
    assert "new harbour" in edited_article.body


def test_coordinators_see_the_history_of_signatories(coordinator_client):
    signatory = SignatoryFactory()
    url = reverse("admin:charter_signatory_change", args=[signatory.pk])
    page = coordinator_client.get(url)
    assert page.status_code == 200
    history = coordinator_client.get(
        reverse("admin:charter_signatory_history", args=[signatory.pk])
    )
    assert history.status_code == 200
    assert Signatory.objects.count() == 1


@pytest.mark.parametrize("params", [{}, {"from": "x", "to": "1"}, {"from": "1e9", "to": "-1"}])
def test_comparison_with_bad_version_numbers_is_not_found(comms_client, edited_article, params):
    url = reverse("admin:content_article_compare", args=[edited_article.pk])
    assert comms_client.get(url, params).status_code == 404
