import pytest
from django.contrib import admin
from django.urls import reverse

from content.models import Article, Status
from tests.factories import ArticleFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ADMIN_MODELS = [model for model in admin.site._registry if model._meta.app_label != "auth"]


@pytest.mark.parametrize(
    "model", ADMIN_MODELS, ids=lambda m: f"{m._meta.app_label}.{m._meta.model_name}"
)
def test_every_admin_changelist_and_add_form_loads_for_staff(staff_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert staff_client.get(changelist).status_code == 200
    assert staff_client.get(changelist, {"q": "x"}).status_code == 200
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    assert staff_client.get(add).status_code == 200


def article_form_data(**overrides):
    data = {
        "kind": "news",
        "title": "Cities welcome newcomers",
        "slug": "cities-welcome-newcomers",
        "summary": "Summary",
        "body": '<p onclick="x()">Hello</p><script>alert(1)</script>',
        "status": Status.DRAFT,
        "published_at_0": "2026-01-05",
        "published_at_1": "10:00:00",
        "deadline_0": "",
        "deadline_1": "",
        "lead_image_alt_text": "",
        "contacts": [],
        "projects": [],
    }
    data.update(overrides)
    return data


def test_admin_saves_themes_records_the_editor_and_sanitises_the_body(staff_client):
    theme = ThemeFactory(name="Migration", slug="migration")
    other = ThemeFactory(name="Culture", slug="culture")
    response = staff_client.post(
        reverse("admin:content_article_add"),
        article_form_data(themes=[theme.pk, other.pk]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="cities-welcome-newcomers")
    assert set(article.themes.all()) == {theme, other}
    assert article.body == "<p>Hello</p>"
    assert article.created_by == staff_client.user
    assert article.updated_by == staff_client.user

    change = reverse("admin:content_article_change", args=[article.pk])
    page = staff_client.get(change)
    assert f'<option value="{theme.pk}" selected>' in page.text


def test_admin_publish_action_publishes_selected_items(staff_client):
    drafts = ArticleFactory.create_batch(2, status=Status.DRAFT)
    response = staff_client.post(
        reverse("admin:content_article_changelist"),
        {"action": "publish", "_selected_action": [a.pk for a in drafts]},
        follow=True,
    )
    assert "2 items published." in response.text
    assert Article.objects.published().count() == 2


def test_theme_autocomplete_answers_for_the_article_themes_field(staff_client):
    ThemeFactory(name="Migration and integration", slug="migration")
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "migr", "app_label": "content", "model_name": "article", "field_name": "themes"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Migration and integration"]


def test_view_on_site_is_offered_only_for_themes_with_a_topic_page(staff_client):
    with_page = ThemeFactory(has_topic_page=True)
    without_page = ThemeFactory(has_topic_page=False)
    change = "admin:content_theme_change"
    assert "View on site" in staff_client.get(reverse(change, args=[with_page.pk])).text
    assert "View on site" not in staff_client.get(reverse(change, args=[without_page.pk])).text


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "status__exact=%00",
        "%00=1",
        "published_at__year=99999999999999999999",
        "published_at__month=x",
        "kind__exact=<script>",
        "o=99",
        "p=abc",
    ],  # fmt: skip
)
def test_hostile_admin_list_parameters_never_give_a_server_error(staff_client, query):
    ArticleFactory()
    response = staff_client.get(f"{reverse('admin:content_article_changelist')}?{query}")
    assert response.status_code in (200, 302, 400)
    assert "<script>" not in response.text
