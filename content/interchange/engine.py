"""Import and export of the content exchange file (docs/content-format.md).

Import runs in three steps: the JSON Schema (docs/content-schema.json), then every
item read and checked as the admin would (model validation, upload checks,
references), and only if nothing at all is wrong, the writing, in one transaction.
Unchanged items are not written, so importing a file twice changes nothing.
"""

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction

from .constraints import validate_constraints
from .fields import Children, FileField, Invalid, Ref, _sub, file_hash, object_schema
from .registry import serializers

FORMAT = "eurocities-content"
VERSION = 1
SCHEMA_PATH = Path(settings.BASE_DIR) / "docs" / "content-schema.json"
CHUNK = 500


class ImportFailed(Exception):
    """The file was refused; `problems` lists every one, as 'path: message'."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


# The schema ----------------------------------------------------------------------


def build_schema(sers=None):
    """The JSON Schema of the format, made from the serializers (docs/ keeps a copy)."""
    sers = sers or serializers()
    properties = {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
    }
    for ser in sers:
        item = object_schema(ser.fields)
        if ser.children_key:
            item["properties"][ser.children_key] = {
                "description": f"{ser.noun} items that are part of this one",
                "type": "array",
                "items": object_schema(ser.fields),
            }
        properties[ser.key] = {"type": "array", "items": item}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://eurocities.eu/schemas/content-1.json",
        "title": "Eurocities content exchange file",
        "description": (
            "Natural keys and references are slugs; date-times are ISO 8601 with an "
            "offset; dates are ISO (YYYY-MM-DD); files are paths relative to this file."
        ),
        "type": "object",
        "properties": properties,
        "required": ["format", "version"],
        "additionalProperties": False,
    }


def load_schema():
    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        return json.load(handle)


def format_path(parts):
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def describe(error):
    """A schema error in plain words."""
    kind, value = error.validator, error.validator_value
    if kind == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return "", f"“{missing[0] if missing else value}” is required"
    if kind == "additionalProperties":
        names = re.findall(r"'([^']+)'", error.message)
        return "", "unknown field " + ", ".join(f"“{n}”" for n in names)
    if kind == "type":
        types = value if isinstance(value, list) else [value]
        return "", f"must be {' or '.join(types)}, not {json.dumps(error.instance)[:60]}"
    if kind == "enum":
        return "", f"“{error.instance}” is not one of: {', '.join(map(str, value))}"
    if kind == "maxLength":
        return "", f"too long ({len(error.instance)} characters; at most {value})"
    if kind == "pattern":
        hint = {
            r"\d{2}:\d{2}": "an ISO date and time with an offset, e.g. 2026-05-06T09:30:00+02:00",
            r"^\d{4}-\d{2}-\d{2}$": "a date, YYYY-MM-DD",
            "[A-Z]{2}": "a two-letter country code, e.g. BE",
        }
        for needle, words in hint.items():
            if needle in value:
                return "", f"“{error.instance}” is not {words}"
        return "", f"“{error.instance}” has the wrong form"
    if kind == "anyOf":
        best = min(error.context, key=lambda e: e.validator == "type", default=None)
        return describe(best) if best is not None else ("", error.message)
    if kind == "uniqueItems":
        return "", "lists the same value twice"
    if kind == "const":
        return "", f"must be {json.dumps(value)}"
    if kind == "minLength":
        return "", "must not be empty"
    return "", error.message


def schema_problems(data):
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(load_schema())
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        suffix, message = describe(error)
        path = format_path(list(error.absolute_path)) or "file"
        problems.append((path + suffix, message))
    return problems


# The context shared by the fields ------------------------------------------------


@dataclass
class Context:
    sers: list
    base_dir: Path | None = None
    out_dir: Path | None = None
    file_keys: dict = field(default_factory=dict)
    cache: dict = field(default_factory=dict)
    stored: list = field(default_factory=list)  # files written by this import
    exported: set = field(default_factory=set)
    warnings: list = field(default_factory=list)

    def __post_init__(self):
        self.by_key = {ser.key: ser for ser in self.sers}
        self._pks, self._keys = {}, {}

    def noun(self, collection):
        return self.by_key[collection].noun

    def _load(self, collection):
        if collection not in self._pks:
            ser = self.by_key[collection]
            pairs = list(ser.model._default_manager.values_list(ser.lookup, "pk"))
            self._pks[collection] = dict(pairs)
            self._keys[collection] = {pk: key for key, pk in pairs}

    def exists(self, collection, key):
        self._load(collection)
        return key in self.file_keys.get(collection, ()) or key in self._pks[collection]

    def pk_of(self, collection, key):
        self._load(collection)
        return self._pks[collection][key]

    def key_of(self, collection, pk):
        if pk is None:
            return None
        self._load(collection)
        return self._keys[collection][pk]

    def remember(self, collection, key, pk):
        self._load(collection)
        self._pks[collection][key] = pk
        self._keys[collection][pk] = key

    # Files.
    def stored_hash(self, stored):
        cache_key = ("hash", stored.name)
        if cache_key not in self.cache:
            try:
                with stored.storage.open(stored.name, "rb") as handle:
                    self.cache[cache_key] = file_hash(handle)
            except OSError:
                self.cache[cache_key] = None
        return self.cache[cache_key]

    def open_source(self, source):
        return source.open()

    def export_file(self, stored):
        """The path a stored file gets in the export: files/<content hash>/<name>.

        Named by content, so the same file gets the same path on every export,
        whatever storage called it."""
        try:
            handle = stored.storage.open(stored.name, "rb")
        except OSError:
            self.warnings.append(f"{stored.name}: missing from storage, written as null")
            return None
        with handle:
            digest = file_hash(handle)
            relative = f"files/{digest[:16]}/{Path(stored.name).name}"
            if self.out_dir is not None and relative not in self.exported:
                target = self.out_dir / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as out:
                    shutil.copyfileobj(handle, out)
        self.exported.add(relative)
        return relative


# Export ----------------------------------------------------------------------------


def export_content(out_dir=None, progress=None, warnings=None):
    """The whole content as the exchange structure; files copied under `out_dir`.

    A stored file that has gone missing is written as null and named in `warnings`."""
    sers = serializers()
    ctx = Context(sers, out_dir=Path(out_dir) if out_dir else None)
    ctx.warnings = warnings if warnings is not None else []
    data = {"format": FORMAT, "version": VERSION}
    for ser in sers:
        queryset = ser.queryset().prefetch_related(*ser.prefetch())
        items, by_parent, done = [], {}, 0
        total = queryset.count()
        for obj in chunked(queryset.iterator(chunk_size=CHUNK), ser):
            item = ser.dump(obj, ctx)
            parent_id = (
                getattr(obj, f"{ser.children_parent}_id", None) if ser.children_key else None
            )
            if parent_id is not None:
                by_parent.setdefault(parent_id, []).append(item)
            else:
                item["_pk"] = obj.pk
                items.append(item)
            done += 1
            if progress and (done % CHUNK == 0 or done == total):
                progress(ser.key, done, total)
        for item in items:
            pk = item.pop("_pk")
            if ser.children_key:
                item[ser.children_key] = by_parent.get(pk, [])
        data[ser.key] = items
    return data


def chunked(objects, ser):
    """The objects again, their themes preloaded a chunk at a time."""
    chunk = []
    for obj in objects:
        chunk.append(obj)
        if len(chunk) == CHUNK:
            ser.preload(chunk)
            yield from chunk
            chunk = []
    ser.preload(chunk)
    yield from chunk


# Import ----------------------------------------------------------------------------


@dataclass
class Plan:
    ser: object
    path: str
    key: object
    obj: object
    values: dict
    parent: object
    created: bool
    changed: set


class Problems(list):
    def add(self, path, message):
        self.append(f"{path}: {message}")

    def add_invalid(self, path, error):
        for sub, message in _sub("", error):
            self.add(f"{path}{sub}", message)


def import_content(data, base_dir, progress=None):
    """Import `data` (the parsed file) or raise ImportFailed listing every problem.

    Returns {collection: {"created": n, "updated": n, "unchanged": n}}.
    """
    problems = Problems()
    for path, message in schema_problems(data):
        problems.add(path, message)
    if problems and (
        not isinstance(data, dict) or any("[" not in p.split(":", 1)[0] for p in problems)
    ):
        raise ImportFailed(problems)  # no list to read items from
    sers = serializers()
    ctx = Context(sers, base_dir=Path(base_dir))
    bad_items = {p.split(":", 1)[0] for p in problems}

    flat = {}
    for ser in sers:
        entries = list(ser.flatten(data.get(ser.key) or [], ser.key))
        seen = {}
        for path, item, _parent in entries:
            key = ser.natural_key(item)
            if key is None:
                continue
            if key in seen:
                shown = " ".join(map(str, key)) if isinstance(key, tuple) else key
                problems.add(f"{path}.{ser.lookup}", f"“{shown}” is already used by {seen[key]}")
            else:
                seen[key] = path
        ctx.file_keys[ser.key] = set(seen)
        if ser.children_key:
            ctx.cache["file_sessions"] = {
                ser.natural_key(item) for _p, item, parent in entries if parent is not None
            }
        flat[ser.key] = [
            entry for entry in entries if not any(_within(bad, entry[0]) for bad in bad_items)
        ]

    plans = []
    for ser in sers:
        plans.extend(check_collection(ser, flat[ser.key], ctx, problems, progress))
    if problems:
        raise ImportFailed(problems)
    return write(plans, ctx, progress)


def _within(problem_path, item_path):
    return problem_path == item_path or problem_path.startswith((item_path + ".", item_path + "["))


def check_collection(ser, entries, ctx, problems, progress):
    existing = ser.find_existing([ser.natural_key(item) for _p, item, _parent in entries])
    plans, total = [], len(entries)
    for done, (path, item, parent_key) in enumerate(entries, start=1):
        plan = check_item(ser, path, item, parent_key, existing, ctx, problems)
        if plan is not None:
            plans.append(plan)
        if progress and (done % CHUNK == 0 or done == total):
            progress(f"checking {ser.key}", done, total)
    return plans


def check_item(ser, path, item, parent_key, existing, ctx, problems):
    values, failed = {}, False
    for f in ser.fields:
        try:
            values[f.name] = f.parse(item[f.name], ctx, path) if f.name in item else f.empty()
        except Invalid as error:
            problems.add_invalid(f"{path}.{f.name}", error)
            failed = True
    if failed:
        return None
    ser.normalise(values)
    key = ser.natural_key(item)
    obj = existing.get(key)
    changed = {f.name for f in ser.fields if obj is None or not f.same(obj, values[f.name], ctx)}
    if ser.children_key and obj is not None:
        if ctx.key_of(ser.key, getattr(obj, f"{ser.children_parent}_id")) != parent_key:
            changed.add(ser.children_parent)
    if obj is not None and not changed:
        return Plan(ser, path, key, obj, values, parent_key, created=False, changed=set())
    instance = obj if obj is not None else ser.model()
    excluded = set()
    for f in ser.fields:
        if f.many:
            continue
        if isinstance(f, Ref):
            excluded.add(f.attr)
        elif isinstance(f, FileField):
            # The upload was checked when read; a stand-in name lets the model's
            # rules about the field (alt text needed) see that there is a file.
            setattr(instance, f.attr, values[f.name].relative if values[f.name] else "")
        else:
            f.set(instance, values[f.name], ctx)
    if ser.children_parent:
        excluded.add(ser.children_parent)
    report_validation(instance, path, excluded, ser.validate_unique, problems)
    for name, message in ser.check(instance, values, ctx, key=key, parent=parent_key):
        problems.add(f"{path}.{name}" if name else path, message)
    for f in ser.fields:
        if isinstance(f, Children) and f.name in changed:
            check_children(f, values[f.name], f"{path}.{f.name}", problems)
    return Plan(ser, path, key, instance, values, parent_key, created=obj is None, changed=changed)


def check_children(f, rows, path, problems):
    for index, row_values in enumerate(rows):
        row = f.child_model()
        excluded = {f.parent_fk}
        for child in f.child_fields:
            if isinstance(child, Ref):
                excluded.add(child.attr)
            elif isinstance(child, FileField):
                value = row_values[child.name]
                setattr(row, child.attr, value.relative if value else "")
            else:
                child.set(row, row_values[child.name], None)
        report_validation(row, f"{path}[{index}]", excluded, False, problems)


def report_validation(instance, path, excluded, validate_unique, problems):
    try:
        instance.full_clean(
            exclude=excluded, validate_unique=validate_unique, validate_constraints=False
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            where = path if name == NON_FIELD_ERRORS else f"{path}.{name}"
            for message in messages:
                problems.add(where, message)
    else:
        # As full_clean() would, once the fields are valid; check constraints in Python.
        try:
            validate_constraints(instance, exclude=excluded)
        except ValidationError as error:
            for message in error.messages:
                problems.add(path, message)


def write(plans, ctx, progress):
    counts = {}
    replaced = []
    try:
        with transaction.atomic():
            for ser in ctx.sers:
                mine = [plan for plan in plans if plan.ser is ser]
                write_collection(ser, mine, ctx, replaced, counts, progress)
            transaction.on_commit(lambda: _delete(replaced))
    except DatabaseError as error:
        _delete(ctx.stored)
        raise ImportFailed([f"file: the database refused it ({error})"]) from error
    except BaseException:
        _delete(ctx.stored)
        raise
    return counts


def _delete(names):
    for name in names:
        default_storage.delete(name)


def write_collection(ser, plans, ctx, replaced, counts, progress):
    tally = counts.setdefault(ser.key, {"created": 0, "updated": 0, "unchanged": 0})
    deferred, total = [], len(plans)
    for done, plan in enumerate(plans, start=1):
        if not plan.changed:
            tally["unchanged"] += 1
            continue
        obj, opened = plan.obj, []
        for f in ser.fields:
            if f.many or f.name not in plan.changed and not plan.created:
                continue
            value = plan.values[f.name]
            if isinstance(f, Ref) and f.to == ser.key and value is not None:
                deferred.append((plan, f))
                setattr(obj, f.model_field.attname, None)
            elif isinstance(f, FileField):
                old = getattr(obj, f.attr).name if not plan.created else ""
                f.set(obj, value, ctx)
                if value is not None:
                    opened.append(getattr(obj, f.attr))
                if old:
                    replaced.append(old)
            else:
                f.set(obj, value, ctx)
        if ser.children_parent:
            parent = plan.parent
            setattr(
                obj,
                f"{ser.children_parent}_id",
                None if parent is None else ctx.pk_of(ser.key, parent),
            )
        try:
            obj.save()
        except DatabaseError as error:
            raise ImportFailed([f"{plan.path}: the database refused it ({error})"]) from error
        finally:
            for file in opened:
                if getattr(file, "_committed", False):  # stored, so ours to remove on failure
                    ctx.stored.append(file.name)
                file.close()
        ctx.remember(ser.key, plan.key, obj.pk)
        tally["created" if plan.created else "updated"] += 1
        if progress and (done % CHUNK == 0 or done == total):
            progress(f"writing {ser.key}", done, total)
    for plan, f in deferred:
        f.set(plan.obj, plan.values[f.name], ctx)
        plan.obj.save(update_fields=[f.attr])
    for f in ser.fields:
        if not f.many:
            continue
        changed = [
            (plan.obj, plan.values[f.name])
            for plan in plans
            if plan.created or f.name in plan.changed
        ]
        if isinstance(f, Children):
            write_children(f, changed, ctx, replaced)
        else:
            f.write(changed, ctx)


def write_children(f, changed, ctx, replaced):
    for parent, rows_values in changed:
        rows, extra = f.build(parent, rows_values, ctx)
        for row, values in zip(rows, rows_values, strict=True):
            setattr(row, f.parent_fk, parent)
            opened = []
            for child in f.child_fields:
                if not isinstance(child, FileField):
                    continue
                value = values[child.name]
                if row.pk and child.same(row, value, ctx):
                    continue
                old = getattr(row, child.attr).name if row.pk else ""
                child.set(row, value, ctx)
                if value is not None:
                    opened.append(getattr(row, child.attr))
                if old:
                    replaced.append(old)
            row.save()
            for file in opened:
                ctx.stored.append(file.name)
                file.close()
        for row in extra:
            row.delete()
