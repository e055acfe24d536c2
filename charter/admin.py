from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin

from .models import MonitoringReport, PillarPrinciple, Pledge, Signatory
from .resources import PledgeResource, SignatoryResource
from .templatetags.charter_tags import euros


class CsvImportExportAdmin(ImportExportModelAdmin):
    """CSV in and out, with a preview; a file with any bad row writes nothing.

    Import needs add and change permission, export view permission (the library's
    default lets any staff member in).
    """

    import_template_name = "admin/charter/import.html"

    def get_import_formats(self):
        return [f for f in super().get_import_formats() if f().get_title() == "csv"]

    def get_export_formats(self):
        return [f for f in super().get_export_formats() if f().get_title() == "csv"]

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        # Without this, rows with validation errors are skipped and the rest saved.
        kwargs = super().get_import_data_kwargs(**kwargs)
        return {**kwargs, "rollback_on_validation_errors": True}


class PipelineFilter(admin.SimpleListFilter):
    title = _("signing pipeline")
    parameter_name = "pipeline"

    def lookups(self, request, model_admin):
        return [("yes", _("In the pipeline")), ("no", _("Signed or withdrawn"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.in_pipeline()
        if self.value() == "no":
            return queryset.exclude(status__in=Signatory.PIPELINE)
        return queryset


class SigningEventField(forms.ModelChoiceField):
    """A plain select of events, labelled with the title and the first day."""

    def label_from_instance(self, obj):
        return f"{obj.title} ({date_format(obj.start_date, 'j M Y')})"


class MonitoringReportForm(forms.ModelForm):
    class Meta:
        model = MonitoringReport
        fields = [
            "signatory",
            "year",
            "assessment_policy_maker",
            "assessment_service_provider",
            "assessment_employer",
            "assessment_buyer",
            "file",
        ]
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})}


class MonitoringReportInline(admin.StackedInline):
    model = MonitoringReport
    form = MonitoringReportForm
    extra = 0


@admin.register(Signatory)
class SignatoryAdmin(CsvImportExportAdmin):
    resource_classes = [SignatoryResource]
    list_display = [
        "city",
        "country",
        "status",
        "signed_on",
        "in_pipeline_for",
        "signing_occasion",
        "withdrawn_on",
    ]
    list_filter = [PipelineFilter, "status", "city__country"]
    list_select_related = ["city"]
    search_fields = ["city__name", "signed_by_name", "signing_occasion"]
    autocomplete_fields = ["city", "contacts"]
    date_hierarchy = "signed_on"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MonitoringReportInline]
    fieldsets = [
        (None, {"fields": ["city", "status", "pipeline_since"]}),
        (
            _("Signing"),
            {
                "fields": [
                    "signed_on",
                    ("signing_occasion", "signing_event"),
                    "signed_by_name",
                    "signed_by_title",
                ]
            },
        ),
        (
            _("Roles the city commits in"),
            {
                "fields": [
                    "role_policy_maker",
                    "role_service_provider",
                    "role_employer",
                    "role_buyer",
                ]
            },
        ),
        (_("Withdrawal"), {"fields": ["withdrawn_on"]}),
        (_("Follow-up"), {"fields": ["contacts", "notes", "created_at", "updated_at"]}),
    ]
    actions = ["withdraw"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Not an autocomplete: that needs view permission on events, which the
        # coordinators do not have. Public main events only (sessions are not where
        # one signs, and a draft is no public record), newest first.
        if db_field.name == "signing_event":
            kwargs["queryset"] = (
                db_field.related_model.objects.published()
                .main_events()
                .order_by("-starts_at", "-pk")
            )
            kwargs["form_class"] = SigningEventField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("country"), ordering="city__country")
    def country(self, obj):
        return obj.city.country.name

    @admin.display(description=_("in the pipeline since"), ordering="pipeline_since")
    def in_pipeline_for(self, obj):
        days = obj.days_in_pipeline()
        if days is None:
            return "–"
        return format_html(
            '<time datetime="{}">{}</time> ({})',
            obj.pipeline_since.isoformat(),
            obj.pipeline_since.strftime("%d %b %Y"),
            ngettext("%(days)d day", "%(days)d days", days) % {"days": days},
        )

    @admin.action(description=_("Withdraw the selected signatures (keeps their history)"),
                  permissions=["change"])  # fmt: skip
    def withdraw(self, request, queryset):
        # Withdrawing keeps the signing date and occasion; only status and date change.
        today = timezone.localdate()
        count = queryset.filter(~Q(status=Signatory.Status.WITHDRAWN)).update(
            status=Signatory.Status.WITHDRAWN, withdrawn_on=today, updated_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext("%(count)d signature withdrawn.", "%(count)d signatures withdrawn.", count)
            % {"count": count},
        )


@admin.register(MonitoringReport)
class MonitoringReportAdmin(admin.ModelAdmin):
    form = MonitoringReportForm
    list_display = ["signatory", "year", "has_file"]
    list_filter = ["year"]
    list_select_related = ["signatory__city"]
    search_fields = ["signatory__city__name"]
    autocomplete_fields = ["signatory"]

    @admin.display(boolean=True, description=_("file"))
    def has_file(self, obj):
        return bool(obj.file)


@admin.register(PillarPrinciple)
class PillarPrincipleAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "chapter"]
    list_filter = ["chapter"]
    search_fields = ["title"]


@admin.register(Pledge)
class PledgeAdmin(CsvImportExportAdmin):
    resource_classes = [PledgeResource]
    list_display = ["city", "initiative", "pledged_on", "amount", "principle_numbers"]
    list_filter = ["initiative", "principles", "city__country"]
    list_select_related = ["city"]
    search_fields = ["city__name", "summary", "initiative"]
    autocomplete_fields = ["city"]
    filter_horizontal = ["principles"]
    date_hierarchy = "pledged_on"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("principles")

    @admin.display(description=_("investment (EUR)"), ordering="amount_eur")
    def amount(self, obj):
        return euros(obj.amount_eur)

    @admin.display(description=_("principles"))
    def principle_numbers(self, obj):
        return ", ".join(str(p.number) for p in obj.principles.all())
