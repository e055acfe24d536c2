"""Build the POST data of an admin change form from the page the admin rendered,
the way a browser would submit it untouched (main form, inlines, management forms)."""

from django import forms


def _field_data(form, data):
    for bound in form:
        field, widget = bound.field, bound.field.widget
        if isinstance(field, forms.FileField):
            continue
        value = bound.value()
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for index, (sub, part) in enumerate(zip(widget.widgets, parts, strict=False)):
                formatted = sub.format_value(part)
                data[f"{bound.html_name}_{index}"] = "" if formatted is None else formatted
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple) or isinstance(field, forms.ModelMultipleChoiceField):
            data[bound.html_name] = [getattr(v, "pk", v) for v in value or []]
        else:
            formatted = widget.format_value(value)
            data[bound.html_name] = "" if formatted is None else formatted


def change_form_data(response, **overrides):
    """The data of the change form rendered in `response`, with `overrides` applied."""
    data = {}
    _field_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in ["TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"]:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for form in formset.initial_forms:
            _field_data(form, data)
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial_forms)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def add_inline_row(data, prefix, **fields):
    """Append one new row to the inline formset `prefix` (e.g. 'programme')."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data
