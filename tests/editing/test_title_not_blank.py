import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from content.models import Article
from events.models import Event
from publications.models import Publication
from tests.factories import ArticleFactory, EventFactory, PublicationFactory

pytestmark = pytest.mark.django_db

FACTORIES = [ArticleFactory, EventFactory, PublicationFactory]
BLANKS = ["", "   ", " \t\n "]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f._meta.model.__name__)
@pytest.mark.parametrize("title", BLANKS, ids=["empty", "spaces", "mixed-whitespace"])
def test_the_database_refuses_a_blank_title(factory, title):
    item = factory(title="A real title")
    model = type(item)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=item.pk).update(title=title)
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(title=title, slug="some-slug")
    assert model.objects.get(pk=item.pk).title == "A real title"


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f._meta.model.__name__)
def test_model_validation_names_the_blank_title(factory):
    item = factory.build(title="  ", slug="x")
    with pytest.raises(ValidationError, match="The title cannot be blank."):
        item.validate_constraints()


def test_a_title_with_words_and_spaces_is_fine():
    ArticleFactory(title="  Cities  ")
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("model", "url_name"),
    [
        (Article, "admin:content_article_add"),
        (Event, "admin:events_event_add"),
        (Publication, "admin:publications_publication_add"),
    ],
)
def test_the_admin_form_refuses_a_whitespace_title(comms_client, model, url_name):
    response = comms_client.post(reverse(url_name), {"title": "   ", "slug": "x"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["title"] == ["This field is required."]
    assert not model.objects.exists()
