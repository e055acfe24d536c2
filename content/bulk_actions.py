"""Bulk actions of the admin lists: publish, return to draft, add or remove a theme.

One implementation for every app's admin. Each action first shows a confirmation
page naming the items it will change (and those it will leave alone, because
they are already in that state); only the confirmed POST changes anything. Each
changed item gets its own history revision (so reverting one item never touches
another) and an entry in the admin log.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import Status, Theme


class ThemeChoiceForm(forms.Form):
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        label=gettext_lazy("Theme"),
        # No theme chosen in advance: confirming must never add the first one by accident.
        empty_label=gettext_lazy("Choose a theme"),
    )


class BulkActionsMixin:
    """publish / unpublish (models with a status) and add_theme / remove_theme
    (models with themes). Add the names to the admin's `actions`."""

    bulk_confirmation_template = "admin/bulk_actions/confirm.html"

    # -- The actions ---------------------------------------------------------

    @admin.action(description=gettext_lazy("Publish the selected items"), permissions=["change"])
    def publish(self, request, queryset):
        return self._bulk(
            request,
            queryset,
            verb=_("Publish"),
            needs_change=lambda obj, form: (
                obj.status != Status.PUBLISHED and self.publish_refusal(obj) is None
            ),
            change=lambda obj, form: self._set_status(obj, Status.PUBLISHED),
            log=_("Published (bulk action)."),
            done=lambda n: ngettext("%(count)d item published.", "%(count)d items published.", n),
            unchanged_note=lambda obj: self.publish_refusal(obj) or _("already published"),
        )

    def publish_refusal(self, obj):
        """Why `obj` may not be published yet (shown on the confirmation page), or None.
        An app's admin overrides it for its own rule."""
        return None

    @admin.action(
        description=gettext_lazy("Return the selected items to draft"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        return self._bulk(
            request,
            queryset,
            verb=_("Return to draft"),
            needs_change=lambda obj, form: obj.status != Status.DRAFT,
            change=lambda obj, form: self._set_status(obj, Status.DRAFT),
            log=_("Returned to draft (bulk action)."),
            done=lambda n: ngettext(
                "%(count)d item set to draft.", "%(count)d items set to draft.", n
            ),
            unchanged_note=_("already a draft"),
        )

    @admin.action(description=gettext_lazy("Add a theme to the selected items"),
                  permissions=["change"])  # fmt: skip
    def add_theme(self, request, queryset):
        return self._bulk(
            request,
            queryset,
            verb=_("Add the theme"),
            form_class=ThemeChoiceForm,
            needs_change=lambda obj, form: not self._has_theme(obj, form),
            change=lambda obj, form: obj.themes.add(form.cleaned_data["theme"]),
            log=lambda form: (
                _("Theme “%(theme)s” added (bulk action).") % {"theme": form.cleaned_data["theme"]}
            ),
            done=lambda n: ngettext(
                "Theme added to %(count)d item.", "Theme added to %(count)d items.", n
            ),
            unchanged_note=_("already has this theme"),
        )

    @admin.action(description=gettext_lazy("Remove a theme from the selected items"),
                  permissions=["change"])  # fmt: skip
    def remove_theme(self, request, queryset):
        return self._bulk(
            request,
            queryset,
            verb=_("Remove the theme"),
            form_class=ThemeChoiceForm,
            needs_change=lambda obj, form: self._has_theme(obj, form),
            change=lambda obj, form: obj.themes.remove(form.cleaned_data["theme"]),
            log=lambda form: (
                _("Theme “%(theme)s” removed (bulk action).")
                % {"theme": form.cleaned_data["theme"]}
            ),
            done=lambda n: ngettext(
                "Theme removed from %(count)d item.", "Theme removed from %(count)d items.", n
            ),
            unchanged_note=_("does not have this theme"),
        )

    # -- How every action runs ---------------------------------------------

    @staticmethod
    def _set_status(obj, status):
        obj.status = status

    @staticmethod
    def _has_theme(obj, form):
        theme = form.cleaned_data["theme"]
        return any(t.pk == theme.pk for t in obj.themes.all())

    def _bulk(self, request, queryset, *, verb, needs_change, change, log, done,
              unchanged_note, form_class=None):  # fmt: skip
        items = list(queryset.prefetch_related("themes") if form_class else queryset)
        confirmed = request.POST.get("confirm") == "yes"
        form = None
        if form_class is not None:
            form = form_class(request.POST if confirmed else None)
        if confirmed and (form is None or form.is_valid()):
            changed = self._apply(request, items, needs_change, change, log, form)
            if changed:
                self.message_user(request, done(changed) % {"count": changed}, messages.SUCCESS)
            else:
                self.message_user(request, _("Nothing needed changing."), messages.WARNING)
            return None
        # Without a choice yet (first view, or an invalid theme) every item is
        # listed as one to change; the theme's effect shows once it is chosen.
        ready = form is None or form.is_bound and form.is_valid()
        to_change = [obj for obj in items if not ready or needs_change(obj, form)]
        note = unchanged_note if callable(unchanged_note) else (lambda obj: unchanged_note)
        unchanged = [(obj, note(obj)) for obj in items if obj not in to_change]
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("%(verb)s: please confirm") % {"verb": verb},
            "verb": verb,
            "opts": opts,
            "to_change": to_change,
            "unchanged": unchanged,
            "unchanged_note": unchanged_note,
            "items": items,
            "form": form,
            "action_name": request.POST.get("action", ""),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.bulk_confirmation_template, context)

    def _apply(self, request, items, needs_change, change, log, form):
        changed = 0
        message = log(form) if callable(log) else log
        for obj in items:
            if not needs_change(obj, form):
                continue
            # One revision per item: reverting one never reverts its neighbours.
            with transaction.atomic(), reversion.create_revision():
                change(obj, form)
                if hasattr(obj, "updated_by_id"):
                    obj.updated_by = request.user
                obj.save()
                reversion.set_user(request.user)
                reversion.set_comment(message)
                reversion.add_to_revision(obj)
                self.log_change(request, obj, message)
            changed += 1
        return changed
