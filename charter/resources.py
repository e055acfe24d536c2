"""CSV import and export of signatories and pledges (django-import-export).

A city is named by its name plus ISO country code, statuses by their code, dates as
YYYY-MM-DD, roles and principles as lists separated by ';'. Rows carrying the `id`
of an exported object update it; rows without one are new. The model's own
validation and constraints run on every row (`clean_model_instances`), and one bad
row stops the whole file (the admin rolls back on any error).
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader

from content.models import City
from content.names import name_key, normalise_name

from .models import ROLES, PillarPrinciple, Pledge, Signatory

SEPARATOR = ";"
DATE_FORMAT = "%Y-%m-%d"
# CSV names of the four roles: the model field without its "role_" prefix.
ROLE_KEYS = {field.removeprefix("role_"): field for field, _label in ROLES}


class CityWidget(widgets.ForeignKeyWidget):
    """A city by name, in the country given in the row's `country` column.

    The resource fills `cities` once per import (one query, not one per row).
    """

    def __init__(self):
        super().__init__(City, field="name")
        self.cities = None

    def load(self):
        self.cities = {}
        for city in City.objects.order_by("pk"):
            self.cities.setdefault((city.name_key, city.country.code), city)

    def clean(self, value, row=None, **kwargs):
        name = normalise_name(value)
        country = normalise_name((row or {}).get("country")).upper()
        if not name:
            raise ValueError(_("A city is required."))
        # However the name is typed in the file (case, accents composed or not,
        # stray or invisible spaces), it finds the one stored city: the comparison
        # key of City.objects.named(), from a table read once per file.
        if self.cities is None:
            self.load()
        city = self.cities.get((name_key(name), country))
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
        self.principles = None

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
        if self.principles is None:  # twenty rows of reference data, read once
            self.principles = {p.number: p for p in PillarPrinciple.objects.all()}
        principles = [self.principles[n] for n in sorted(numbers) if n in self.principles]
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


class IsoDateWidget(widgets.DateWidget):
    """A date written YYYY-MM-DD; anything else is named in plain words."""

    def __init__(self):
        super().__init__(DATE_FORMAT)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, date):
            return value
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        try:
            return datetime.strptime(text, DATE_FORMAT).date()  # noqa: DTZ007 (a date)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date; write YYYY-MM-DD, for example 2019-02-20.")
                % {"value": text}
            ) from None


class AmountWidget(widgets.DecimalWidget):
    """A number of euros, digits with a point for decimals; anything else in plain words."""

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValueError(
                _(
                    "“%(value)s” is not a number; write digits with a point for decimals, "
                    "for example 1250000.50."
                )
                % {"value": text}
            )
        return number


class IdWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(
                _("“%(value)s” is not a record id (leave id empty for a new record).")
                % {"value": text}
            )
        return int(text)


class CachedLoader(BaseInstanceLoader):
    """The records the file's ids name, read in one query instead of one per row."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.field = resource.fields["id"]
        ids = set()
        if dataset is not None and "id" in (dataset.headers or []):
            for row in dataset.dict:
                try:
                    value = self.field.clean(row)
                except ValueError:
                    continue  # reported on its own row by get_instance
                if value is not None:
                    ids.add(value)
        self.instances = {obj.pk: obj for obj in resource.get_queryset().filter(pk__in=ids)}

    def get_instance(self, row):
        return self.instances.get(self.field.clean(row))


def date_field(attribute):
    return fields.Field(attribute=attribute, column_name=attribute, widget=IsoDateWidget())


def id_field():
    # Exported, and used to find the object to update, but never written.
    return fields.Field(attribute="id", column_name="id", readonly=True, widget=IdWidget())


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CharterResourceMixin:
    """Country codes for cities; formula-like text exported inert and read back intact.

    Cities, principles and the records to update are each read once per file, and
    the model checks skip what those lookups already proved (the city exists), so a
    row costs about one query instead of a dozen.
    """

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.fields["city"].widget.load()

    # Each check constraint costs a query (three inside a transaction) per row.
    validate_constraints = True
    # Fields whose model check is a query the lookups above already answered.
    trusted_fields = ()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            # Unique fields are the id and the generated slug.
            instance.full_clean(
                exclude={*errors, *self.trusted_fields},
                validate_unique=False,
                validate_constraints=self.validate_constraints,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

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
        instance_loader_class = CachedLoader

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
        attribute="amount_eur", column_name="amount_eur", widget=AmountWidget()
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
        instance_loader_class = CachedLoader
        # Rows are written in batches; principles are set for all of them at the end.
        use_bulk = True
        batch_size = 500

    # The one constraint (amount not negative) is also the field's validator, and
    # the city came from the lookup, so its existence needs no query.
    validate_constraints = False
    trusted_fields = ("city",)
    BULK_UPDATE_FIELDS = ["city", "initiative", "amount_eur", "pledged_on", "summary", "updated_at"]

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
        # Many-to-many values are saved after the rows; check them now, so a bad
        # number is a line-numbered row error like the others.
        try:
            instance._pending_principles = self.fields["principles"].clean(row)
        except ValueError as error:
            errors["principles"] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._slugs = set(Pledge.objects.values_list("slug", flat=True))
        self._written = []

    def get_bulk_update_fields(self):
        return self.BULK_UPDATE_FIELDS

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        # What Pledge.save() would do, as bulk_create does not call it.
        if not instance.slug:
            base = slugify(f"{instance.city.slug}-{instance.pledged_on:%Y}", allow_unicode=True)
            slug, suffix = base, 2
            while slug in self._slugs:
                slug, suffix = f"{base}-{suffix}", suffix + 1
            self._slugs.add(slug)
            instance.slug = slug
        instance.updated_at = timezone.now()
        self._written.append(instance)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if result.has_errors() or result.has_validation_errors():
            return  # everything is rolled back anyway
        through = Pledge.principles.through
        written = {p.pk: p for p in self._written if p.pk is not None}
        stored = set(
            through.objects.filter(pledge__in=written).values_list(
                "pledge_id", "pillarprinciple_id"
            )
        )
        wanted = {(pk, p.pk) for pk, pledge in written.items() for p in pledge._pending_principles}
        for pledge_id, principle_id in stored - wanted:
            through.objects.filter(pledge_id=pledge_id, pillarprinciple_id=principle_id).delete()
        through.objects.bulk_create(
            [through(pledge_id=a, pillarprinciple_id=b) for a, b in sorted(wanted - stored)],
            batch_size=1000,
        )

    def export_field(self, field, instance, **kwargs):
        pending = getattr(instance, "_pending_principles", None)
        if field.column_name == "principles" and pending is not None:
            return SEPARATOR.join(str(p.number) for p in pending)
        return super().export_field(field, instance, **kwargs)
