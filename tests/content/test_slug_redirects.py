"""Addresses that last: a changed slug leaves a 301 behind, chains collapsed."""

import pytest
from django.contrib.redirects.models import Redirect

from tests.factories import (
    ArticleFactory,
    CityFactory,
    EventFactory,
    ProjectFactory,
    PublicationFactory,
    ThemeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = [
    ArticleFactory,
    EventFactory,
    PublicationFactory,
    ThemeFactory,
    CityFactory,
    WorkingGroupFactory,
    ProjectFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_a_changed_slug_redirects_the_old_address_permanently(client, factory):
    item = factory(slug="old-address")
    old_url = item.get_absolute_url()
    assert client.get(old_url).status_code == 200
    item.slug = "new-address"
    item.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == item.get_absolute_url()
    assert client.get(item.get_absolute_url()).status_code == 200


def test_chains_of_renames_collapse_to_one_hop(client):
    article = ArticleFactory(slug="first")
    for slug in ("second", "third"):
        article.slug = slug
        article.save()
    for old in ("/news/first/", "/news/second/"):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == "/news/third/"


def test_renaming_back_removes_the_redirect_that_would_loop(client):
    article = ArticleFactory(slug="first")
    article.slug = "second"
    article.save()
    article.slug = "first"
    article.save()
    assert client.get("/news/first/").status_code == 200
    assert client.get("/news/second/")["Location"] == "/news/first/"
    assert not Redirect.objects.filter(old_path="/news/first/").exists()


def test_redirects_imported_for_the_old_site_are_repointed_too(client):
    from django.conf import settings

    article = ArticleFactory(slug="current")
    Redirect.objects.create(
        site_id=settings.SITE_ID, old_path="/old-site/news/123", new_path="/news/current/"
    )
    article.slug = "renamed"
    article.save()
    assert client.get("/old-site/news/123")["Location"] == "/news/renamed/"


def test_saving_without_a_slug_change_writes_no_redirect():
    article = ArticleFactory(slug="stays")
    article.title = "A new title"
    article.save()
    assert not Redirect.objects.exists()
