"""CSV import and export of signatories and pledges (django-import-export).

A city is named by its name plus ISO country code, statuses by their code, dates as
YYYY-MM-DD, roles and principles as lists separated by ';'. Rows carrying the `id`
of an exported object update it; rows without one are new. The model's own
validation and constraints run on every row (`clean_model_instances`), and one bad
row stops the whole file (the admin rolls back on any error).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from content.models import City
from content.names import normalise_name

from .models import ROLES, PillarPrinciple, Pledge, Signatory

SEPARATOR = ";"
DATE_FORMAT = "%Y-%m-%d"
# CSV names of the four roles: the model field without its "role_" prefix.
ROLE_KEYS = {field.removeprefix("role_"): field for field, _label in ROLES}


class CityWidget(widgets.ForeignKeyWidget):
    """A city by name, in the country given in the row's `country` column."""

    def __init__(self):
        super().__init__(City, field="name")

    def clean(self, value, row=None, **kwargs):
        name = normalise_name(value)
        country = normalise_name((row or {}).get("country")).upper()
        if not name:
            raise ValueError(_("A city is required."))
        # However the name is typed in the file (case, accents composed or not,
        # stray or invisible spaces), it finds the one stored city.
        city = City.objects.named(name, country).first()
        if city is None:
            raise ValueError(
                _("Unknown city “%(name)s” in country “%(country)s”.")
                % {"name": name, "country": country}
            )
        return city


class StatusWidget(widgets.Widget):
    """A status by code or label, in any case ('signed', 'Signing scheduled')."""

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip().lower()
        for code, label in Signatory.Status.choices:
            if text in (code, str(label).lower()):
                return code
        raise ValueError(
            _("Unknown status “%(value)s”; use one of: %(choices)s.")
            % {"value": value, "choices": ", ".join(Signatory.Status.values)}
        )

    def render(self, value, obj=None, **kwargs):
        return value or ""


class PrinciplesWidget(widgets.ManyToManyWidget):
    """Pillar principles by number, '3;4'; an unknown number is an error, not skipped."""

    def __init__(self):
        super().__init__(PillarPrinciple, separator=SEPARATOR, field="number")

    def clean(self, value, row=None, **kwargs):
        numbers = set()
        for part in str(value or "").split(SEPARATOR):
            part = part.strip()
            if not part:
                continue
            try:
                numbers.add(int(part))
            except ValueError:
                raise ValueError(
                    _("“%(value)s” is not a principle number (1 to 20).") % {"value": part}
                ) from None
        if not numbers:
            raise ValueError(_("Give at least one principle number, for example 3;4."))
        principles = list(PillarPrinciple.objects.filter(number__in=numbers))
        missing = numbers - {p.number for p in principles}
        if missing:
            raise ValueError(
                _("No such principle: %(numbers)s (the Pillar has 1 to 20).")
                % {"numbers": ", ".join(str(n) for n in sorted(missing))}
            )
        return principles

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return SEPARATOR.join(str(p.number) for p in sorted(value.all(), key=lambda p: p.number))


def date_field(attribute):
    return fields.Field(
        attribute=attribute, column_name=attribute, widget=widgets.DateWidget(DATE_FORMAT)
    )


def id_field():
    # Exported, and used to find the object to update, but never written.
    return fields.Field(
        attribute="id", column_name="id", readonly=True, widget=widgets.IntegerWidget()
    )


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CharterResourceMixin:
    """Country codes for cities; formula-like text exported inert and read back intact."""

    def dehydrate_country(self, obj):
        return obj.city.country.code if obj.city_id else ""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str) and value.startswith(FORMULA_START):
            return "'" + value
        return value

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        for key, value in row.items():
            if isinstance(value, str) and value[:1] == "'" and value[1:2] in FORMULA_START:
                row[key] = value[1:]


class SignatoryResource(CharterResourceMixin, resources.ModelResource):
    id = id_field()
    city = fields.Field(attribute="city", column_name="city", widget=CityWidget())
    country = fields.Field(column_name="country", readonly=True)
    status = fields.Field(attribute="status", column_name="status", widget=StatusWidget())
    pipeline_since = date_field("pipeline_since")
    signed_on = date_field("signed_on")
    withdrawn_on = date_field("withdrawn_on")
    roles = fields.Field(column_name="roles", readonly=True)

    class Meta:
        model = Signatory
        fields = [
            "id",
            "city",
            "country",
            "status",
            "pipeline_since",
            "signed_on",
            "signing_occasion",
            "signed_by_name",
            "signed_by_title",
            "roles",
            "withdrawn_on",
            "notes",
        ]
        export_order = fields
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = False

    def get_queryset(self):
        return Signatory.objects.select_related("city").order_by("city__name", "pk")

    def dehydrate_roles(self, obj):
        return SEPARATOR.join(key for key, field in ROLE_KEYS.items() if getattr(obj, field))

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "roles" in row:
            keys = {part.strip().lower() for part in str(row["roles"] or "").split(SEPARATOR)}
            keys.discard("")
            unknown = keys - ROLE_KEYS.keys()
            if unknown:
                errors["roles"] = [
                    _("Unknown role: %(roles)s; use %(choices)s.")
                    % {"roles": ", ".join(sorted(unknown)), "choices": ", ".join(ROLE_KEYS)}
                ]
            for key, field in ROLE_KEYS.items():
                setattr(instance, field, key in keys)
        if errors:
            raise ValidationError(errors)


class PledgeResource(CharterResourceMixin, resources.ModelResource):
    id = id_field()
    city = fields.Field(attribute="city", column_name="city", widget=CityWidget())
    country = fields.Field(column_name="country", readonly=True)
    principles = fields.Field(
        attribute="principles", column_name="principles", widget=PrinciplesWidget()
    )
    amount_eur = fields.Field(
        attribute="amount_eur", column_name="amount_eur", widget=widgets.DecimalWidget()
    )
    pledged_on = date_field("pledged_on")

    class Meta:
        model = Pledge
        fields = [
            "id",
            "city",
            "country",
            "initiative",
            "principles",
            "amount_eur",
            "pledged_on",
            "summary",
        ]
        export_order = fields
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = False

    def get_queryset(self):
        return (
            Pledge.objects.select_related("city")
            .prefetch_related("principles")
            .order_by("pledged_on", "pk")
        )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Many-to-many values are saved after the row; check them now, so a bad
        # number is a line-numbered row error like the others.
        try:
            self.fields["principles"].clean(row)
        except ValueError as error:
            errors["principles"] = [str(error)]
        if errors:
            raise ValidationError(errors)
