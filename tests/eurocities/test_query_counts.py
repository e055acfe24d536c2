import pytest
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    PersonFactory,
    ProjectFactory,
    ThemeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 24  # facets: one aggregate query per facet (content.facets)


def make_content(count, theme, group):
    themes = [theme, ThemeFactory()]
    for n in range(count):
        kind = ["news", "story", "call"][n % 3]
        ArticleFactory(kind=kind, themes=themes, working_group=group)
    for _ in range(max(1, count // 10)):
        ProjectFactory(working_group=group)
        group.contacts.add(PersonFactory())
        theme.contacts.add(PersonFactory())


@pytest.mark.parametrize("count", [2, 40])
def test_public_pages_run_a_bounded_number_of_queries(client, django_assert_max_num_queries, count):
    theme = ThemeFactory(slug="migration", parent=ThemeFactory())
    group = WorkingGroupFactory()
    make_content(count, theme, group)
    article = ArticleFactory(themes=[theme], working_group=group)
    urls = [
        reverse("home"),
        reverse("topic_list"),
        reverse("topic", kwargs={"slug": "migration"}),
        reverse("topic", kwargs={"slug": "migration"}) + "?kind=story&page=2",
        reverse("content:article_list"),
        reverse("content:article_list") + "?kind=news&theme=migration",
        article.get_absolute_url(),
        group.get_absolute_url(),
    ]
    for url in urls:
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url).status_code == 200
