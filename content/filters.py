"""The facets of the news list, and those every list shares (content.facets counts them)."""

from django.utils.translation import gettext_lazy as _

from .facets import Facet, ThemeFacet, YearFacet
from .models import Article, City, Project, WorkingGroup


def common_facets(
    key="",
    date_field="published_at",
    project_path="projects__slug",
    city_path="cities__slug",
    multi_project=True,
    multi_city=True,
):
    """Theme, year, working group, project and city: the facets every list shares."""
    return [
        ThemeFacet("theme", _("Theme")),
        YearFacet("year", _("Year"), {key: date_field}),
        Facet(
            "working_group",
            _("Working group"),
            {key: "working_group__slug"},
            {key: "working_group__name"},
            known=WorkingGroup.objects.all(),
        ),
        Facet(
            "project",
            _("Project"),
            {key: project_path},
            {key: project_path.replace("__slug", "__acronym")},
            multi=[key] if multi_project else [],
            known=Project.objects.all(),
        ),
        Facet(
            "city",
            _("City"),
            {key: city_path},
            {key: city_path.replace("__slug", "__name")},
            multi=[key] if multi_city else [],
            known=City.objects.all(),
        ),
    ]


def article_facets():
    return [
        Facet("kind", _("Kind"), {"": "kind"}, choices=Article.Kind.choices),
        *common_facets(),
    ]
