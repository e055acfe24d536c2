"""See a change before it is live: the admin's "Preview" button.

The button submits the change form, as it is, to a preview address of the admin
(a plain `formaction`, no script). The preview validates the form and its inlines
like a save would, then renders the PUBLIC page from the unsaved object, with its
themes, other many-to-many choices and inline rows, inside a transaction that is
rolled back: nothing is saved. Staff may preview only what they may change; for
everyone else the preview addresses do not exist (404).

An admin opts in with `preview_view`: a public DetailView class (rendered with the
unsaved object), or a function `(request, obj) -> response`.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models, transaction
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.generic.detail import SingleObjectMixin

from .detail import queryset_of
from .fields import sanitize_html
from .uploads import is_new_upload

# A new object has no primary key; related lookups need one. No row has id 0.
UNSAVED_PK = 0


class PreviewAdminMixin:
    """Adds preview addresses (`<id>/preview/`, `add/preview/`) and the button."""

    preview_view = None
    # Fields shown with |safe on the public page. save() sanitises them; a preview
    # does not save, so it sanitises them itself before rendering.
    preview_rich_text_fields = ["body"]

    def get_urls(self):
        opts = self.opts
        name = f"{opts.app_label}_{opts.model_name}"
        view = csrf_protect(self.preview)
        return [
            path("add/preview/", view, name=f"{name}_add_preview"),
            path("<path:object_id>/preview/", view, name=f"{name}_preview"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self.preview_view is not None:
            name = f"admin:{self.opts.app_label}_{self.opts.model_name}"
            if obj is not None and obj.pk is not None:
                if self.has_change_permission(request, obj):
                    context["preview_url"] = reverse(f"{name}_preview", args=[obj.pk])
            elif self.has_add_permission(request):
                context["preview_url"] = reverse(f"{name}_add_preview")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview(self, request, object_id=None):
        user = request.user
        if self.preview_view is None or not (user.is_active and user.is_staff):
            raise Http404
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404
            allowed = self.has_change_permission(request, obj)
        else:
            allowed = self.has_add_permission(request)
        if not allowed:
            raise Http404
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        # Anything a form, a template tag or a related lookup might write is undone.
        with transaction.atomic():
            response = self.preview_response(request, obj)
            if hasattr(response, "render"):
                response.render()
            transaction.set_rollback(True)
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
        return response

    def preview_response(self, request, obj):
        change = obj is not None
        stored_files = {}
        if change:
            stored_files = {
                f.name: getattr(obj, f.name).name
                for f in obj._meta.concrete_fields
                if isinstance(f, models.FileField)
            }
        ModelForm = self.get_form(request, obj, change=change)
        form = ModelForm(request.POST, request.FILES, instance=obj)
        formsets, _inlines = self._create_formsets(request, form.instance, change=change)
        form_valid = form.is_valid()
        if not (all_valid(formsets) and form_valid):
            return self.preview_errors(request, form, formsets)

        instance = form.instance
        # A file chosen in the form is not stored yet: show the stored one.
        for name, stored in stored_files.items():
            if is_new_upload(getattr(instance, name)):
                setattr(instance, name, stored)
        for field in instance._meta.concrete_fields:
            if isinstance(field, models.FileField) and is_new_upload(getattr(instance, field.name)):
                setattr(instance, field.name, "")
        self.sanitise_for_preview(instance)
        if instance.pk is None:
            instance.pk = UNSAVED_PK
        if hasattr(instance, "slug") and not instance.slug:
            instance.slug = slugify(str(instance), allow_unicode=True) or "preview"
        cache = getattr(instance, "_prefetched_objects_cache", {})
        instance._prefetched_objects_cache = cache
        for field in instance._meta.get_fields():
            if field.many_to_many and not field.auto_created and field.name in form.cleaned_data:
                cache[field.name] = queryset_of(
                    field.related_model, form.cleaned_data[field.name] or []
                )
        for formset in formsets:
            rows = self.preview_inline_rows(instance, formset)
            accessor = formset.fk.remote_field.get_accessor_name()
            cache[accessor] = queryset_of(formset.model, rows)
        request.editor_preview = True
        return self.render_preview(request, instance)

    def sanitise_for_preview(self, instance):
        for field in instance._meta.concrete_fields:
            if isinstance(field, models.TextField):
                # A field type that cleans its value on the way to the database
                # does it here too.
                setattr(
                    instance, field.attname, field.get_prep_value(field.value_from_object(instance))
                )
            if field.name in self.preview_rich_text_fields:
                setattr(instance, field.attname, sanitize_html(getattr(instance, field.attname)))

    def preview_inline_rows(self, instance, formset):
        """The inline rows as they would be saved: not deleted, not left empty."""
        rows = []
        for form in formset.forms:
            if formset.can_delete and formset._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            row = form.instance
            if row.pk is None and has_new_upload(row):
                continue  # a file not stored yet has no address to show
            if hasattr(row, "slug") and not row.slug:
                row.slug = slugify(str(row), allow_unicode=True) or "preview"
            rows.append(row)
        ordering = [f for f in formset.model._meta.ordering if isinstance(f, str)]
        if ordering:
            key = ordering[0].lstrip("-")
            rows.sort(
                key=lambda row: (getattr(row, key, None) is None, getattr(row, key, None) or 0),
                reverse=ordering[0].startswith("-"),
            )
        return rows

    def render_preview(self, request, instance):
        view = self.preview_view
        if isinstance(view, type) and issubclass(view, SingleObjectMixin):
            detail = view()
            detail.setup(request)
            detail.object = instance
            return detail.render_to_response(detail.get_context_data(object=instance))
        return view(request, instance)

    def preview_errors(self, request, form, formsets):
        problems = []
        for name, errors in form.errors.items():
            label = "" if name == NON_FIELD_ERRORS else form.fields[name].label
            problems.append((label, errors))
        for formset in formsets:
            title = formset.model._meta.verbose_name_plural
            if formset.non_form_errors():
                problems.append((title, formset.non_form_errors()))
            for number, errors in enumerate(formset.errors, start=1):
                for name, messages in errors.items():
                    field = formset.forms[number - 1].fields.get(name)
                    label = field.label if field is not None and name != NON_FIELD_ERRORS else ""
                    where = f"{title} {number}" + (f", {label}" if label else "")
                    problems.append((capfirst_text(where), messages))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Preview not possible"),
            "problems": problems,
        }
        return TemplateResponse(request, "admin/preview_errors.html", context)


def has_new_upload(row):
    return any(
        is_new_upload(getattr(row, field.name))
        for field in row._meta.concrete_fields
        if isinstance(field, models.FileField)
    )


def capfirst_text(text):
    text = str(text)
    return text[:1].upper() + text[1:]
