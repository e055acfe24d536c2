"""Check constraints evaluated in Python, for imports of many rows.

Django's model validation asks the database about every CheckConstraint (a query
per constraint per row, three inside a transaction). The conditions our models use
are simple comparisons, which this module evaluates on the instance with SQL's
three-valued logic (a comparison with NULL is unknown, and a CHECK passes unless
its condition is false). Anything it does not understand is left to the database
query, so the answer is always the same as Django's.
"""

import operator

from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Q

UNKNOWN = None
OPERATORS = {
    "exact": operator.eq,
    "gte": operator.ge,
    "gt": operator.gt,
    "lte": operator.le,
    "lt": operator.lt,
}


class Unsupported(Exception):
    pass


def value_of(instance, name):
    if name == "pk":
        return instance.pk
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    return value


def evaluate(node, instance):
    """True, False or UNKNOWN (None) for a Q tree on `instance`."""
    if isinstance(node, Q):
        results = [evaluate(child, instance) for child in node.children]
        if node.connector == Q.AND:
            result = False if False in results else UNKNOWN if UNKNOWN in results else True
        else:
            result = True if True in results else UNKNOWN if UNKNOWN in results else False
        if node.negated and result is not UNKNOWN:
            result = not result
        return result
    if not isinstance(node, tuple):
        raise Unsupported(node)
    lookup, expected = node
    name, _sep, kind = lookup.partition("__")
    kind = kind or "exact"
    if "__" in kind:
        raise Unsupported(lookup)
    value = value_of(instance, name)
    if kind == "isnull":
        return (value is None) == bool(expected)
    if kind not in OPERATORS:
        raise Unsupported(lookup)
    if isinstance(expected, F):
        expected = value_of(instance, expected.name)
    elif hasattr(expected, "resolve_expression"):
        raise Unsupported(expected)
    if value is None or expected is None:
        return UNKNOWN
    try:
        return OPERATORS[kind](value, expected)
    except TypeError:
        raise Unsupported(lookup) from None


def validate_constraints(instance, exclude=()):
    """Like Model.validate_constraints(), with check constraints answered in Python."""
    errors, exclude = [], set(exclude)
    for constraint in instance._meta.constraints:
        if isinstance(constraint, CheckConstraint):
            # As Django does: a rule about a field not being checked is skipped.
            if exclude and constraint._expression_refs_exclude(
                type(instance), constraint.condition, exclude
            ):
                continue
            try:
                if evaluate(constraint.condition, instance) is False:
                    errors.append(constraint.get_violation_error_message())
                continue
            except Unsupported:
                pass
        try:
            constraint.validate(type(instance), instance, exclude=exclude)
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
