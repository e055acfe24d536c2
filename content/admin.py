from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget, AutocompleteSelectMultiple
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.managers import TaggableManager
from taggit.models import Tag

from .admin_history import HistoryAdmin
from .admin_preview import PreviewAdminMixin
from .admin_scheduling import (
    CallsClosingFilter,
    PublicationStateFilter,
    SchedulingAdminMixin,
    missing_alt_text_filter,
)
from .bulk_actions import BulkActionsMixin
from .models import (
    Article,
    City,
    Forum,
    Membership,
    Person,
    Project,
    Role,
    Theme,
    ThemeContact,
    WorkingGroup,
    WorkingGroupContact,
)
from .views import ArticleDetailView

# Themes replace taggit's own free-form tags; editors should not see both.
admin.site.unregister(Tag)


class ThemesAutocompleteMixin:
    """Edit taggit `themes` with the admin's autocomplete instead of a comma list.

    Themes are a controlled vocabulary: editors pick existing ones rather than
    inventing new tags by typo.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, TaggableManager):
            return forms.ModelMultipleChoiceField(
                queryset=Theme.objects.all(),
                required=False,
                label=capfirst(db_field.verbose_name),
                widget=AutocompleteSelectMultiple(db_field, self.admin_site),
                help_text=_("Type to search themes."),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class LabelledFileWidget(AdminFileWidget):
    """The admin's file input with a real <label for> (Django puts it in a fieldset
    with only a legend, which leaves the input itself unlabelled for screen readers)."""

    use_fieldset = False


class PrivateFileWidget(LabelledFileWidget):
    """For files in private storage: links the row's download view, never a media URL."""

    template_name = "admin/widgets/private_file_input.html"

    def is_initial(self, value):
        # Django asks for the file's URL here, which a private file does not have.
        return bool(value and getattr(value, "name", None))


HISTORY_FIELDSET = (
    _("History"),
    {
        "classes": ["collapse"],
        "fields": ["created_at", "created_by", "updated_at", "updated_by"],
    },
)


class ContentAdmin(BulkActionsMixin, HistoryAdmin, ThemesAutocompleteMixin, admin.ModelAdmin):
    """Records who created and who last changed an item (shown in HISTORY_FIELDSET),
    and keeps its history (the History button: compare, revert, recover)."""

    actions = ["add_theme", "remove_theme"]

    formfield_overrides = {
        models.FileField: {"widget": LabelledFileWidget},
        models.ImageField: {"widget": LabelledFileWidget},
    }

    def save_model(self, request, obj, form, change):
        if hasattr(obj, "created_by_id"):
            if not change:
                obj.created_by = request.user
            obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class PublishableAdmin(PreviewAdminMixin, SchedulingAdminMixin, ContentAdmin):
    """Shared list, filters and actions for every model following the publishing rule."""

    list_display = ["title", "publication_state", "published_at"]
    list_filter = [
        PublicationStateFilter,
        ("published_at", admin.DateFieldListFilter),
        "themes",
    ]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    actions = ["publish", "unpublish", "add_theme", "remove_theme"]
    list_per_page = 50

    @admin.display(boolean=True, description=_("Live on the site"))
    def is_live(self, obj):
        return obj.is_public()


class OrderedContactInline(admin.TabularInline):
    fields = ["person", "order"]
    autocomplete_fields = ["person"]
    extra = 1
    verbose_name = _("contact")
    verbose_name_plural = _("contacts (shown in this order: lower numbers first)")


class ThemeContactInline(OrderedContactInline):
    model = ThemeContact


class WorkingGroupContactInline(OrderedContactInline):
    model = WorkingGroupContact


@admin.register(Theme)
class ThemeAdmin(PreviewAdminMixin, HistoryAdmin):
    preview_rich_text_fields = ["intro"]
    list_display = ["name", "parent", "has_topic_page", "slug"]
    list_filter = ["has_topic_page", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [ThemeContactInline]

    def view_on_site(self, obj):
        # Only themes with a topic page have an address; others show no link.
        return obj.get_absolute_url()


class RoleInline(admin.StackedInline):
    """Stacked: five fields in a row do not fit a phone, nor dates beside two choosers."""

    model = Role
    fields = ["title", ("project", "working_group"), ("starts_on", "ends_on")]
    autocomplete_fields = ["project", "working_group"]
    extra = 0
    verbose_name_plural = _("roles over time")


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    formfield_overrides = {models.ImageField: {"widget": LabelledFileWidget}}
    list_filter = [missing_alt_text_filter("photo", "photo_alt_text")]
    list_display = ["name", "current_role", "email"]
    search_fields = ["name", "roles__title", "email"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_roles()

    @admin.display(description=_("current role"))
    def current_role(self, obj):
        role = obj.current_role
        return role.label if role else "–"


@admin.register(City)
class CityAdmin(PreviewAdminMixin, HistoryAdmin):
    list_display = ["name", "country", "latitude", "longitude"]
    list_filter = ["country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Forum)
class ForumAdmin(HistoryAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["city"]
    extra = 1


@admin.register(WorkingGroup)
class WorkingGroupAdmin(PreviewAdminMixin, ContentAdmin):
    preview_rich_text_fields = ["description"]
    list_display = ["name", "forum", "chair_city"]
    list_filter = ["forum", "themes"]
    list_select_related = ["forum", "chair_city"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["chair_city"]
    inlines = [WorkingGroupContactInline, MembershipInline]


@admin.register(Project)
class ProjectAdmin(ContentAdmin):
    list_display = ["acronym", "full_name", "funding_programme", "start_year", "end_year"]
    list_filter = ["funding_programme", "working_group", "themes"]
    list_select_related = ["working_group"]
    search_fields = ["acronym", "full_name", "funding_programme"]
    prepopulated_fields = {"slug": ["acronym"]}
    autocomplete_fields = ["working_group", "partner_cities"]


class CallStateFilter(admin.SimpleListFilter):
    title = _("call")
    parameter_name = "call"

    def lookups(self, request, model_admin):
        return [("open", _("Open calls")), ("closed", _("Closed calls"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open_calls()
        if self.value() == "closed":
            return queryset.filter(kind=Article.Kind.CALL).exclude(
                pk__in=queryset.open_calls().values("pk")
            )
        return queryset


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    preview_view = ArticleDetailView
    list_display = [
        "title",
        "kind",
        "publication_state",
        "published_at",
        "call_open",
        "working_group",
    ]
    list_filter = [
        "kind",
        CallStateFilter,
        *PublishableAdmin.list_filter,
        "working_group",
        CallsClosingFilter,
        missing_alt_text_filter("lead_image", "lead_image_alt_text"),
    ]
    list_select_related = ["working_group"]
    search_fields = ["title", "summary", "body"]
    autocomplete_fields = ["working_group", "projects", "contacts", "cities"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "summary", "body"]}),
        (_("Publishing"), {"fields": ["status", "published_at"]}),
        (
            _("Call"),
            {
                "fields": ["deadline", "closed"],
                "description": _(
                    "Calls only. A call with a deadline closes by itself; one without "
                    "stays open until you tick “closed”."
                ),
            },
        ),
        (_("Lead image"), {"fields": ["lead_image", "lead_image_alt_text"]}),
        (_("Context"), {"fields": ["themes", "working_group", "projects", "cities", "contacts"]}),
        HISTORY_FIELDSET,
    ]
    actions = [*PublishableAdmin.actions, "close_calls"]

    @admin.display(boolean=True, description=_("Call open"))
    def call_open(self, obj):
        return obj.is_open() if obj.kind == Article.Kind.CALL else None

    @admin.action(description=_("Close the selected calls"), permissions=["change"])
    def close_calls(self, request, queryset):
        count = queryset.filter(kind=Article.Kind.CALL, closed=False).update(
            closed=True, updated_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext("%(count)d call closed.", "%(count)d calls closed.", count) % {"count": count},
        )


# The image library and the rich-text editor's image picker; the basic pages.
from . import admin_library, admin_pages  # noqa: E402, F401
