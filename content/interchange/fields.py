"""The field types of the content exchange format.

Each field knows four things about one model attribute: its JSON Schema, how to
write it to JSON (`dump`), how to read it back (`parse`, reporting problems by
their path in the file), and how to compare and set it on a model instance.
Every serializer is a list of these, so a field added to a model is one line.
"""

import hashlib
import os
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone

from content.fields import sanitize_html

DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
DECIMAL_PATTERN = r"^-?\d+(\.\d+)?$"


class Invalid(Exception):
    """A value that cannot be read; the message goes after the value's path."""


def file_hash(file):
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


class Field:
    """A plain model attribute, written as-is (strings, booleans, integers)."""

    json_type = "string"
    many = False  # written after the object is saved (many-to-many, children)

    def __init__(self, name, *, attr=None, required=None, description="", use_default=False):
        # use_default: a key left out takes the model's default even when it is
        # computed (the organisation's time zone), which is then not required.
        self.use_default = use_default
        self.name = name
        self.attr = attr or name
        self.required = required
        self.description = description
        self.model_field = None

    def bind(self, model):
        self.model_field = model._meta.get_field(self.attr)
        if self.required is None:
            field = self.model_field
            has_default = field.has_default() and (self.use_default or not callable(field.default))
            self.required = not (field.null or field.blank or has_default)
        return self

    @property
    def nullable(self):
        return bool(self.model_field is not None and self.model_field.null)

    def value_schema(self):
        schema = {"type": self.json_type}
        max_length = getattr(self.model_field, "max_length", None)
        if self.json_type == "string" and max_length:
            schema["maxLength"] = max_length
        choices = getattr(self.model_field, "choices", None)
        if choices:
            schema["enum"] = [value for value, _label in choices]
        return schema

    def schema(self):
        schema = self.value_schema()
        if self.nullable:
            # "type": [..., "null"] rather than anyOf: the same rule, checked faster.
            schema = {**schema, "type": [schema["type"], "null"]}
            if "enum" in schema:
                schema["enum"] = [*schema["enum"], None]
        description = self.description or str(getattr(self.model_field, "verbose_name", ""))
        if description:
            schema = {"description": description, **schema}
        return schema

    def empty(self):
        """The value of a key left out of the file."""
        field = self.model_field
        if field.has_default() and (self.use_default or not callable(field.default)):
            return field.get_default()
        return None if field.null else ""

    # Writing and reading JSON.
    def dump(self, obj, ctx):
        return self.to_json(self.get(obj, ctx))

    def to_json(self, value):
        return value

    def parse(self, value, ctx, path):
        """The Python value for the JSON `value` (already checked by the schema)."""
        return self.from_json(value)

    def from_json(self, value):
        return value

    # The model side.
    def get(self, obj, ctx):
        return getattr(obj, self.attr)

    def set(self, obj, value, ctx):
        setattr(obj, self.attr, value)

    def same(self, obj, value, ctx):
        return self.get(obj, ctx) == value


class Text(Field):
    def from_json(self, value):
        return "" if value is None and not self.nullable else value


class Html(Text):
    """Rich text, sanitised on the way in as the model does on save, so the file
    and the stored text compare equal on the next import."""

    def from_json(self, value):
        return sanitize_html(value or "")


class Integer(Field):
    json_type = "integer"


class Boolean(Field):
    json_type = "boolean"


class Country(Field):
    def value_schema(self):
        return {"type": "string", "pattern": "^[A-Z]{2}$"}

    def get(self, obj, ctx):
        return getattr(obj, self.attr).code or ""


class DecimalField(Field):
    """A decimal as a string ("50.85034"), so no digit is lost to floating point."""

    def value_schema(self):
        return {"type": "string", "pattern": DECIMAL_PATTERN}

    def to_json(self, value):
        if value is None:
            return None
        places = self.model_field.decimal_places
        return str(Decimal(value).quantize(Decimal(1).scaleb(-places)))

    def from_json(self, value):
        if value is None:
            return None
        try:
            return Decimal(value)
        except InvalidOperation:
            raise Invalid(f"“{value}” is not a number") from None

    def same(self, obj, value, ctx):
        current = self.get(obj, ctx)
        if current is None or value is None:
            return current is value
        return Decimal(current) == value


class DateField(Field):
    def value_schema(self):
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}

    def to_json(self, value):
        return value.isoformat() if value else None

    def from_json(self, value):
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise Invalid(f"“{value}” is not a date (YYYY-MM-DD)") from None


class DateTimeField(Field):
    """ISO 8601 with an offset; written in the site's time zone."""

    def value_schema(self):
        return {"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}

    def to_json(self, value):
        return timezone.localtime(value).isoformat() if value else None

    def from_json(self, value):
        if value is None:
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise Invalid(f"“{value}” is not a date and time") from None
        if parsed.tzinfo is None:
            raise Invalid(f"“{value}” needs a time zone offset, for example +01:00")
        return parsed


class Ref(Field):
    """A foreign key, written as the slug (natural key) of the other item."""

    def __init__(self, name, to, **kwargs):
        super().__init__(name, **kwargs)
        self.to = to  # the collection name of the target serializer

    def value_schema(self):
        return {"type": "string", "minLength": 1}

    def empty(self):
        return None

    def get(self, obj, ctx):
        return ctx.key_of(self.to, getattr(obj, self.model_field.attname))

    def parse(self, value, ctx, path):
        if value is None:
            return None
        if not ctx.exists(self.to, value):
            raise Invalid(f"unknown {ctx.noun(self.to)} “{value}”")
        return value

    def set(self, obj, value, ctx):
        setattr(obj, self.model_field.attname, None if value is None else ctx.pk_of(self.to, value))


class RefList(Ref):
    """A many-to-many relation (or the themes), written as a list of slugs.

    `ordered`: the relation's through model has an `order` (a topic's contacts), so
    the list keeps its order and writes it."""

    many = True

    def __init__(self, name, to, ordered=False, **kwargs):
        super().__init__(name, to, **kwargs)
        self.ordered = ordered

    def value_schema(self):
        return {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True}

    @property
    def nullable(self):
        return False

    def empty(self):
        return []

    @property
    def is_tags(self):
        """The themes: a taggit manager over a generic through model."""
        return not hasattr(self.model_field, "m2m_field_name")

    def preload(self, objs):
        """Read the themes of `objs` in one query. taggit's prefetch builds a queryset
        per object (milliseconds each), which dominates an import of thousands."""
        if not self.is_tags or not objs:
            return
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(objs[0].__class__)
        by_object = {obj.pk: [] for obj in objs}
        pairs = self.model_field.through.objects.filter(
            content_type=content_type, object_id__in=list(by_object)
        ).values_list("object_id", "tag_id")
        for object_id, tag_id in pairs:
            by_object[object_id].append(tag_id)
        for obj in objs:
            obj.__dict__[f"_preloaded_{self.attr}"] = by_object[obj.pk]

    def get(self, obj, ctx):
        if self.ordered:
            field = self.model_field
            rows = field.remote_field.through.objects.filter(
                **{f"{field.m2m_field_name()}_id": obj.pk}
            ).order_by("order", "pk")
            target = f"{field.m2m_reverse_field_name()}_id"
            return [ctx.key_of(self.to, pk) for pk in rows.values_list(target, flat=True)]
        preloaded = obj.__dict__.get(f"_preloaded_{self.attr}")
        if preloaded is not None:
            return sorted(ctx.key_of(self.to, pk) for pk in preloaded)
        manager = getattr(obj, self.attr)
        return sorted(ctx.key_of(self.to, item.pk) for item in manager.all())

    def parse(self, values, ctx, path):
        unknown = [
            (index, value)
            for index, value in enumerate(values or [])
            if not ctx.exists(self.to, value)
        ]
        if unknown:
            raise Invalid(
                [(f"[{i}]", f"unknown {ctx.noun(self.to)} “{value}”") for i, value in unknown]
            )
        return list(values or []) if self.ordered else sorted(values or [])

    def same(self, obj, value, ctx):
        return obj.pk is not None and self.get(obj, ctx) == value

    def write(self, changed, ctx):
        """Set the relation on every changed object: one delete and one insert in all."""
        if not changed:
            return
        descriptor = getattr(changed[0][0].__class__, self.attr)
        through = descriptor.through
        model_field = self.model_field
        if hasattr(model_field, "m2m_field_name"):  # a plain ManyToManyField
            source, target = model_field.m2m_field_name(), model_field.m2m_reverse_field_name()
            through.objects.filter(**{f"{source}__in": [obj.pk for obj, _v in changed]}).delete()
            through.objects.bulk_create(
                [
                    through(
                        **{f"{source}_id": obj.pk, f"{target}_id": ctx.pk_of(self.to, key)},
                        **({"order": index} if self.ordered else {}),
                    )
                    for obj, keys in changed
                    for index, key in enumerate(keys)
                ],
                batch_size=2000,
            )
            return
        # The themes (a taggit manager over a generic through model).
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(changed[0][0].__class__)
        through.objects.filter(
            content_type=content_type, object_id__in=[obj.pk for obj, _v in changed]
        ).delete()
        through.objects.bulk_create(
            [
                through(content_type=content_type, object_id=obj.pk, tag_id=ctx.pk_of(self.to, key))
                for obj, keys in changed
                for key in keys
            ],
            batch_size=2000,
        )


class NumberList(Field):
    """A many-to-many to reference data named by a number (Pillar principles)."""

    many = True

    def __init__(self, name, lookup="number", **kwargs):
        super().__init__(name, **kwargs)
        self.lookup = lookup

    def bind(self, model):
        super().bind(model)
        self.required = False
        return self

    @property
    def nullable(self):
        return False

    def value_schema(self):
        return {"type": "array", "items": {"type": "integer"}, "uniqueItems": True}

    def empty(self):
        return []

    def known(self, ctx):
        model = self.model_field.related_model
        cache_key = ("numbers", model)
        if cache_key not in ctx.cache:
            ctx.cache[cache_key] = dict(model.objects.values_list(self.lookup, "pk"))
        return ctx.cache[cache_key]

    def get(self, obj, ctx):
        return sorted(getattr(item, self.lookup) for item in getattr(obj, self.attr).all())

    def parse(self, values, ctx, path):
        known = self.known(ctx)
        unknown = [(i, v) for i, v in enumerate(values or []) if v not in known]
        if unknown:
            noun = self.model_field.related_model._meta.verbose_name
            raise Invalid([(f"[{i}]", f"unknown {noun} {v}") for i, v in unknown])
        return sorted(values or [])

    def same(self, obj, value, ctx):
        return obj.pk is not None and self.get(obj, ctx) == value

    def write(self, changed, ctx):
        if not changed:
            return
        known = self.known(ctx)
        field = self.model_field
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        through.objects.filter(**{f"{source}__in": [obj.pk for obj, _v in changed]}).delete()
        through.objects.bulk_create(
            [
                through(**{f"{source}_id": obj.pk, f"{target}_id": known[number]})
                for obj, numbers in changed
                for number in numbers
            ],
            batch_size=2000,
        )


class FileSource:
    """A file named in the import file: where it is, and its content's hash."""

    def __init__(self, path, relative):
        self.path = path
        self.relative = relative
        with open(path, "rb") as handle:
            self.sha256 = file_hash(handle)

    def open(self):
        return File(open(self.path, "rb"), name=os.path.basename(self.path))


class FileField(Field):
    """An upload, written as a path relative to the exchange file.

    On the way in it passes the model field's own validators, the same content
    checks as an upload through the admin (content/uploads.py, content/images.py).
    """

    def value_schema(self):
        return {"type": "string"}

    @property
    def nullable(self):
        return True

    def empty(self):
        return None

    def get(self, obj, ctx):
        return getattr(obj, self.attr)

    def dump(self, obj, ctx):
        stored = getattr(obj, self.attr)
        return ctx.export_file(stored) if stored else None

    def parse(self, value, ctx, path):
        if not value:
            return None
        relative = Path(value)
        if relative.is_absolute() or ".." in relative.parts or "\\" in value:
            raise Invalid(f"“{value}” must be a path inside the import file's folder")
        full = (ctx.base_dir / relative).resolve()
        if not full.is_relative_to(ctx.base_dir.resolve()) or not full.is_file():
            raise Invalid(f"no file “{value}” next to the import file")
        source = FileSource(full, value)
        with source.open() as upload:
            try:
                self.model_field.clean(upload, None)
            except ValidationError as error:
                raise Invalid(" ".join(error.messages)) from None
        return source

    def same(self, obj, value, ctx):
        stored = getattr(obj, self.attr)
        if not stored or value is None:
            return not stored and value is None
        return ctx.stored_hash(stored) == value.sha256

    def set(self, obj, value, ctx):
        if value is None:
            setattr(obj, self.attr, "")
        else:
            setattr(obj, self.attr, ctx.open_source(value))


class Children(Field):
    """Rows of another model that belong to the item (a publication's files, a working
    group's member cities), written inside it in their model's order and matched by
    position on import."""

    many = True
    children = True

    def __init__(self, name, fields, **kwargs):
        super().__init__(name, **kwargs)
        self.child_fields = fields

    def bind(self, model):
        relation = model._meta.get_field(self.attr)
        self.model_field = relation
        self.child_model = relation.related_model
        self.parent_fk = relation.field.name
        for field in self.child_fields:
            field.bind(self.child_model)
        self.required = False
        return self

    @property
    def nullable(self):
        return False

    def schema(self):
        return {
            "description": str(self.child_model._meta.verbose_name_plural),
            "type": "array",
            "items": object_schema(self.child_fields),
        }

    def empty(self):
        return []

    def rows(self, obj):
        return list(getattr(obj, self.attr).all())

    def dump(self, obj, ctx):
        return [{f.name: f.dump(row, ctx) for f in self.child_fields} for row in self.rows(obj)]

    def parse(self, values, ctx, path):
        parsed, problems = [], []
        for index, item in enumerate(values or []):
            row = {}
            for field in self.child_fields:
                try:
                    row[field.name] = (
                        field.parse(item[field.name], ctx, path)
                        if field.name in item
                        else field.empty()
                    )
                except Invalid as error:
                    problems.extend(_sub(f"[{index}].{field.name}", error))
            parsed.append(row)
        if problems:
            raise Invalid(problems)
        return parsed

    def same(self, obj, value, ctx):
        if obj.pk is None:
            return not value
        rows = self.rows(obj)
        return len(rows) == len(value) and all(
            field.same(row, values[field.name], ctx)
            for row, values in zip(rows, value, strict=True)
            for field in self.child_fields
        )

    def build(self, obj, values, ctx):
        """The child rows for `values`, reusing the stored ones by position (unsaved)."""
        rows = self.rows(obj) if obj.pk else []
        built = []
        for index, row_values in enumerate(values):
            row = rows[index] if index < len(rows) else self.child_model()
            for field in self.child_fields:
                if isinstance(field, FileField):
                    continue
                field.set(row, row_values[field.name], ctx)
            built.append(row)
        return built, rows[len(values) :]


def _sub(prefix, error):
    """An Invalid's problems as (sub-path, message) pairs under `prefix`."""
    detail = error.args[0]
    if isinstance(detail, list):
        return [(f"{prefix}{sub}", message) for sub, message in detail]
    return [(prefix, str(detail))]


def object_schema(fields, extra=None):
    properties = {field.name: field.schema() for field in fields}
    properties.update(extra or {})
    return {
        "type": "object",
        "properties": properties,
        "required": [field.name for field in fields if field.required],
        "additionalProperties": False,
    }
