"""Every field an editor can change is in the exchange file: a field added to a model
later fails here until its serializer lists it (one line) and the schema is rewritten."""

import pytest

from content.interchange.registry import serializers


@pytest.mark.parametrize("ser", serializers(), ids=lambda ser: ser.key)
def test_every_editable_field_is_exchanged(ser):
    listed = {field.attr for field in ser.fields} | set(ser.covered_elsewhere)
    if ser.children_parent:
        listed.add(ser.children_parent)  # written as the nesting (sessions)
    editable = {
        field.name
        for field in ser.model._meta.get_fields()
        if (getattr(field, "concrete", False) or field.many_to_many)
        and not field.auto_created
        and getattr(field, "editable", False)
    }
    assert editable - listed == set()
