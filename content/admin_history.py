"""History in the admin: who changed what and when, a comparison of two versions,
revert to a version and recover a deleted item (django-reversion's VersionAdmin).

Every admin of a content model mixes in `HistoryAdmin`. On top of VersionAdmin it:
- re-records the saved item after its themes and inlines are saved, so a version
  holds the themes the item had then (reversion serialises on post_save, before
  the admin writes the themes);
- refuses a version of another model in the revert and recover addresses, so a
  user who may change one model cannot restore rows of another through them;
- adds the comparison page, linked from the history page.
"""

import difflib
import re

import reversion
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from .fields import RichTextField
from .models import Theme, ThemedItem

_BLOCK_END = re.compile(r"</(p|h2|h3|h4|li|blockquote|figcaption)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_IMG_ALT = re.compile(r'<img[^>]*\salt="([^"]*)"[^>]*>')


def rich_text_as_words(html):
    """The words of a rich-text value, one block per line; images as [image: alt]."""
    text = _IMG_ALT.sub(lambda m: f" [{_('image')}: {m.group(1)}] ", html or "")
    text = _BLOCK_END.sub("\n", text)
    text = _TAG.sub("", text)
    # nh3 stored the text escaped; the diff is escaped again when shown.
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    return text.replace("&nbsp;", " ").replace("&amp;", "&")


def word_diff(old, new):
    """Escaped HTML marking the words removed (<del>) and added (<ins>)."""
    old_words = re.findall(r"\S+|\n", old or "")
    new_words = re.findall(r"\S+|\n", new or "")
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(_words_html(old_words[a1:a2]))
            continue
        if op in ("delete", "replace"):
            parts.append(format_html("<del>{}</del>", _words_html(old_words[a1:a2])))
        if op in ("insert", "replace"):
            parts.append(format_html("<ins>{}</ins>", _words_html(new_words[b1:b2])))
    return mark_safe(" ".join(str(part) for part in parts if part))


def _words_html(words):
    lines = " ".join(words).split("\n")
    return mark_safe("<br>".join(conditional_escape(line.strip()) for line in lines))


class HistoryAdmin(VersionAdmin):
    object_history_template = "admin/history/object_history.html"
    history_latest_first = True

    # -- Recording ---------------------------------------------------------

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if reversion.is_active():
            # Again, now that the themes and inline rows are saved.
            reversion.add_to_revision(form.instance)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "action" in request.POST:
            # Actions record one revision per item themselves (content/bulk_actions.py);
            # VersionAdmin's single revision around the list would merge them.
            context = {"has_change_permission": self.has_change_permission(request)}
            context.update(extra_context or {})
            return super(VersionAdmin, self).changelist_view(request, context)
        return super().changelist_view(request, extra_context)

    # -- Guarding the revert and recover addresses ---------------------------

    def _version_of_this_model(self, version_id, object_id=None):
        content_type = ContentType.objects.get_for_model(self.model)
        lookup = {"pk": version_id, "content_type": content_type}
        if object_id is not None:
            lookup["object_id"] = object_id
        return get_object_or_404(Version, **lookup)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_change_permission(request):
            raise PermissionDenied
        self._version_of_this_model(version_id, unquote(object_id))
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        self._version_of_this_model(version_id)
        return super().recover_view(request, version_id, extra_context)

    # -- Comparing two versions ----------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{opts.app_label}_{opts.model_name}_compare",
        )
        return [compare, *super().get_urls()]

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        object_id = unquote(object_id)
        versions = self._reversion_order_version_queryset(
            request,
            Version.objects.get_for_object_reference(self.model, object_id).select_related(
                "revision", "revision__user"
            ),
        )
        action_list = [
            {
                "revision": version.revision,
                "version_id": version.pk,
                "url": reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                    args=(quote(version.object_id), version.pk),
                ),
            }
            for version in versions
        ]
        context = {
            "action_list": action_list,
            "compare_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_compare",
                args=[quote(object_id)],
            ),
            **(extra_context or {}),
        }
        # Django's own history view (VersionAdmin's would rebuild the list).
        return super(VersionAdmin, self).history_view(request, quote(object_id), context)

    def compare_view(self, request, object_id):
        """Two versions of one item side by side, field by field, words marked."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        versions = Version.objects.get_for_object_reference(self.model, object_id)
        try:
            older = versions.get(pk=int(request.GET.get("from", "")))
            newer = versions.get(pk=int(request.GET.get("to", "")))
        except (ValueError, Version.DoesNotExist):
            raise Http404(_("Choose two versions of this item to compare.")) from None
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        opts = self.model._meta
        history_url = reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history",
            args=[quote(object_id)],
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": _("Compare versions of “%(name)s”") % {"name": newer.object_repr},
            "subtitle": None,
            "older": self._version_label(older),
            "newer": self._version_label(newer),
            "rows": self._compare_rows(older, newer),
            "history_url": history_url,
            "object_id": object_id,
            "original": newer.object_repr,
            "revert_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                args=[quote(object_id), older.pk],
            ),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/history/compare.html", context)

    def _version_label(self, version):
        revision = version.revision
        user = revision.user.get_username() if revision.user else "—"
        return {
            "date": localize(template_localtime(revision.date_created)),
            "user": user,
            "comment": revision.get_comment(),
        }

    def _compare_rows(self, older, newer):
        old_values, new_values = older.field_dict, newer.field_dict
        rows = []
        for field in self.model._meta.get_fields():
            if not getattr(field, "concrete", False) or field.auto_created:
                continue
            if field.attname not in old_values and field.attname not in new_values:
                continue
            old = old_values.get(field.attname)
            new = new_values.get(field.attname)
            rows.append(self._compare_row(field, old, new))
        if hasattr(self.model, "theme_links"):
            old_themes, new_themes = self._themes_of(older), self._themes_of(newer)
            rows.append(
                {
                    "label": _("Themes"),
                    "changed": old_themes != new_themes,
                    "diff": word_diff(", ".join(old_themes), ", ".join(new_themes)),
                }
            )
        return rows

    def _compare_row(self, field, old, new):
        label = capfirst(field.verbose_name)
        changed = old != new
        if isinstance(field, RichTextField):
            old_text, new_text = rich_text_as_words(old), rich_text_as_words(new)
            diff = word_diff(old_text, new_text)
            if changed and old_text == new_text:
                diff = format_html("{}<br><em>{}</em>", diff, _("(Only the formatting changed.)"))
            return {"label": label, "changed": changed, "diff": diff}
        old_text, new_text = self._display(field, old), self._display(field, new)
        return {"label": label, "changed": changed, "diff": word_diff(old_text, new_text)}

    def _display(self, field, value):
        if value is None or value == "":
            return "—"
        if isinstance(field, models.ManyToManyField):
            related = field.related_model._default_manager.filter(pk__in=value or [])
            return ", ".join(str(obj) for obj in related) or "—"
        if field.is_relation:
            obj = field.related_model._default_manager.filter(pk=value).first()
            return str(obj) if obj else f"#{value} ({_('deleted')})"
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.BooleanField):
            return _("Yes") if value else _("No")
        if isinstance(field, models.DateTimeField):
            return localize(template_localtime(value))
        return str(value)

    def _themes_of(self, version):
        """The names of the themes an item had in `version`'s revision."""
        themed_type = ContentType.objects.get_for_model(ThemedItem)
        model_type = ContentType.objects.get_for_model(self.model)
        tag_ids = []
        for link in version.revision.version_set.filter(content_type=themed_type):
            values = link.field_dict
            if (
                str(values.get("object_id")) == str(version.object_id)
                and values.get("content_type_id") == model_type.pk
            ):
                tag_ids.append(values.get("tag_id"))
        return sorted(str(theme) for theme in Theme.objects.filter(pk__in=tag_ids))
