import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Article, Theme


def theme_choices():
    return list(Theme.objects.values_list("slug", "name"))


class ThemeFilter(django_filters.ChoiceFilter):
    """Filter by a theme slug, including its sub-themes.

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
        return qs.with_themes(Theme.objects.filter(Q(slug=value) | Q(parent__slug=value)))


def used_theme_choices(queryset):
    """Theme options for a list: only themes its (public) items carry, so no option
    leads to an empty list filled only by drafts or scheduled items."""
    return list(queryset.used_themes().order_by("name").values_list("slug", "name"))


class ArticleFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Article.Kind.choices, label=_("Kind"), empty_label=_("All kinds")
    )
    theme = ThemeFilter()

    class Meta:
        model = Article
        fields = ["kind", "theme"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["theme"].extra["choices"] = used_theme_choices(self.queryset)
