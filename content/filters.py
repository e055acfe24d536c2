import django_filters
from django.utils.translation import gettext_lazy as _

from .facets import Facet, ThemeFacet, YearFacet
from .models import Article, City, Project, Theme, WorkingGroup
from .themes import ThemeTree


def theme_choices():
    return list(Theme.objects.values_list("slug", "name"))


class ThemeFilter(django_filters.ChoiceFilter):
    """Filter by a theme slug, including every theme below it (content.themes).

    Choices are checked in Python, so an unknown or hostile value (a NUL byte on
    PostgreSQL) becomes a form error instead of reaching the database.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", theme_choices)
        kwargs.setdefault("label", _("Theme"))
        kwargs.setdefault("empty_label", _("All themes"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        tree = ThemeTree.load()
        theme = tree.get(value)
        return qs.with_themes(tree.subtree_ids(theme)) if theme else qs.none()


class SubqueryChoiceFilter(django_filters.ChoiceFilter):
    """A choice across a many-to-many relation, as a subquery: each item once."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(pk__in=qs.model.objects.filter(**{self.field_name: value}).values("pk"))


def year_choices(queryset, field="published_at"):
    return [(str(d.year), str(d.year)) for d in queryset.dates(field, "year", order="DESC")]


def slug_choices(model, label="name"):
    return list(model.objects.values_list("slug", label))


def common_facets(
    key="",
    date_field="published_at",
    project_path="projects__slug",
    city_path="cities__slug",
    multi_project=True,
    multi_city=True,
):
    """Theme, year, working group, project and city: the facets every list shares."""
    multi = set()
    if multi_project:
        multi.add("project")
    if multi_city:
        multi.add("city")
    return [
        ThemeFacet("theme", _("Theme")),
        YearFacet("year", _("Year"), {key: date_field}),
        Facet(
            "working_group",
            _("Working group"),
            {key: "working_group__slug"},
            {key: "working_group__name"},
        ),
        Facet(
            "project",
            _("Project"),
            {key: project_path},
            {key: project_path.replace("__slug", "__acronym")},
            multi=[key] if multi_project else [],
        ),
        Facet(
            "city",
            _("City"),
            {key: city_path},
            {key: city_path.replace("__slug", "__name")},
            multi=[key] if multi_city else [],
        ),
    ]


def used_theme_choices(queryset):
    """Theme options for a list: only themes its (public) items carry, so no option
    leads to an empty list filled only by drafts or scheduled items."""
    return list(queryset.used_themes().order_by("name").values_list("slug", "name"))


class ArticleFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Article.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    theme = ThemeFilter()
    year = django_filters.ChoiceFilter(
        field_name="published_at", lookup_expr="year", label=_("Year"), empty_label=_("All years")
    )
    working_group = django_filters.ChoiceFilter(
        field_name="working_group__slug", label=_("Working group")
    )
    project = SubqueryChoiceFilter(field_name="projects__slug", label=_("Project"))
    city = SubqueryChoiceFilter(field_name="cities__slug", label=_("City"))

    class Meta:
        model = Article
        fields = ["kind", "theme", "year", "working_group", "project", "city"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["theme"].extra["choices"] = used_theme_choices(self.queryset)
        self.filters["year"].extra["choices"] = year_choices(self.queryset)
        self.filters["working_group"].extra["choices"] = slug_choices(WorkingGroup)
        self.filters["project"].extra["choices"] = slug_choices(Project, "acronym")
        self.filters["city"].extra["choices"] = slug_choices(City)

    @staticmethod
    def facets():
        return [
            Facet("kind", _("Kind"), {"": "kind"}, choices=Article.Kind.choices),
            *common_facets(),
        ]
