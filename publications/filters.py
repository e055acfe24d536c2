import django_filters
from django.utils.translation import gettext_lazy as _

from content.facets import Facet
from content.filters import (
    SubqueryChoiceFilter,
    ThemeFilter,
    common_facets,
    slug_choices,
    used_theme_choices,
)
from content.models import City, Project, WorkingGroup

from .models import LANGUAGES, DocumentType, Publication


class PublicationFilter(django_filters.FilterSet):
    """The documents library's filters. Every value is checked against a list of
    choices in Python, so unknown or hostile input (NUL, 20-digit years) becomes
    a form error, never a database error."""

    type = django_filters.ChoiceFilter(
        field_name="document_type__slug", label=_("Document type"), empty_label=_("All types")
    )
    theme = ThemeFilter()
    year = django_filters.ChoiceFilter(
        field_name="published_at", lookup_expr="year", label=_("Year"), empty_label=_("All years")
    )
    working_group = django_filters.ChoiceFilter(
        field_name="working_group__slug",
        label=_("Working group"),
        empty_label=_("All working groups"),
    )
    project = SubqueryChoiceFilter(
        field_name="projects__slug", label=_("Project"), empty_label=_("All projects")
    )
    city = SubqueryChoiceFilter(field_name="cities__slug", label=_("City"))
    language = SubqueryChoiceFilter(
        field_name="files__language", label=_("Language"), choices=LANGUAGES
    )

    class Meta:
        model = Publication
        fields = ["type", "theme", "year", "working_group", "project", "city", "language"]

    @staticmethod
    def facets():
        return [
            Facet(
                "type",
                _("Document type"),
                {"": "document_type__slug"},
                {"": "document_type__name"},
            ),
            *common_facets(),
            Facet(
                "language",
                _("Language"),
                {"": "files__language"},
                choices=LANGUAGES,
                multi=[""],
            ),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One query per list, evaluated once here rather than on each use; each
        # offers only what the listed (public) publications carry.
        publications = self.queryset.order_by()
        self.filters["type"].extra["choices"] = list(
            DocumentType.objects.filter(pk__in=publications.values("document_type")).values_list(
                "slug", "name"
            )
        )
        self.filters["theme"].extra["choices"] = used_theme_choices(publications)
        self.filters["year"].extra["choices"] = [
            (str(date.year), str(date.year))
            for date in self.queryset.dates("published_at", "year", order="DESC")
        ]
        self.filters["working_group"].extra["choices"] = list(
            WorkingGroup.objects.filter(pk__in=publications.values("working_group")).values_list(
                "slug", "name"
            )
        )
        self.filters["project"].extra["choices"] = list(
            Project.objects.filter(pk__in=publications.values("projects")).values_list(
                "slug", "acronym"
            )
        )
        self.filters["city"].extra["choices"] = slug_choices(City)
