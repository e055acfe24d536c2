"""The rich-text field: edited with ProseMirror (django-prose-editor), sanitised with nh3.

One place owns what a rich-text body may contain. The allow-list below is exactly
what the editor's toolbar can produce (EDITOR_EXTENSIONS), so nothing the editor
writes is lost and nothing else survives. Every way a value reaches the database
is sanitised:

- `pre_save` cleans the instance's own value (admin, imports, shell `save()`,
  `bulk_create`), so the object in memory matches what was stored;
- `get_db_prep_save` cleans the value written by `QuerySet.update()` and
  `bulk_update()`, which never call `save()`.

Lookups (`body__icontains=...`) go through `get_prep_value` and are left alone.
"""

import re

import nh3
from django import forms
from django.conf import settings
from django.db import models
from django.urls import reverse_lazy
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget

# The editor's toolbar. Its preset (static/js/rich_text.js) builds the editor from
# this list; sanitising below allows exactly the markup these produce.
EDITOR_EXTENSIONS = {
    "Paragraph": True,
    "HardBreak": True,
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    # Links come from the dialog; text typed after a link is not part of it.
    "Link": {
        "enableTarget": False,
        "autolink": False,
        "protocols": ["http", "https", "mailto", "tel"],
    },
    "BulletList": True,
    # Numbered 1, 2, 3: no dialog for other numbering styles or start numbers.
    "OrderedList": {"enableListAttributes": False},
    "ListItem": True,
    "Blockquote": True,
    "History": True,
    "LibraryImage": True,
}

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "a", "ul", "ol", "li", "blockquote",
    "figure", "img", "figcaption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start", "type", "data-type"},
    "img": {"src", "alt", "width", "height", "data-image"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
LINK_REL = "noopener noreferrer nofollow"

# Markup that says nothing: an empty inline element, then an empty block (a
# paragraph of spaces or line breaks, a heading with no words).
_EMPTY_INLINE = re.compile(r"<(strong|em|a)(?:\s[^>]*)?>(?:\s|&nbsp;|\u00a0)*</\1>")
_EMPTY_BLOCK = re.compile(r"<(p|h2|h3|h4|li|blockquote|figcaption)>(?:\s|&nbsp;|\u00a0|<br>)*</\1>")
_EMPTY_LIST = re.compile(r"<(ul|ol)(?:\s[^>]*)?>\s*</\1>")
_EMPTY_FIGURE = re.compile(r"<figure>\s*</figure>")
# An image whose address was refused (not one of our uploads) shows nothing.
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _is_own_upload(url):
    """Images come from the site's own uploads (the image library), never elsewhere."""
    media = settings.MEDIA_URL or "/media/"
    return url.startswith(media) and ".." not in url and "\\" not in url


def _attribute_filter(element, attribute, value):
    if attribute == "title" and not value.strip():
        return None  # the link dialog writes title="" when left empty
    if element == "img":
        if attribute == "src":
            return value if _is_own_upload(value) else None
        if attribute in {"width", "height", "data-image"}:
            return value if value.isdigit() and len(value) <= 6 else None
    if element == "ol":
        if attribute == "start":
            return value if value.isdigit() and len(value) <= 6 else None
        # The editor writes these on every numbered list; other styles are not offered.
        if attribute == "type":
            return value if value == "1" else None
        if attribute == "data-type":
            return value if value == "decimal" else None
    return value


_cleaner = None


def _get_cleaner():
    global _cleaner  # built once: nh3 compiles the allow-list
    if _cleaner is None:
        _cleaner = nh3.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel=LINK_REL,
            strip_comments=True,
            attribute_filter=_attribute_filter,
        )
    return _cleaner


def sanitize_html(html):
    """`html` with only what the editor can produce: no scripts, handlers, styles,
    unsafe links or foreign images, and no empty headings or paragraphs.

    Idempotent: cleaning a clean value returns it unchanged.
    """
    if not html:
        return ""
    cleaned = _get_cleaner().clean(str(html))
    cleaned = _IMG_WITHOUT_SRC.sub("", cleaned)
    previous = None
    while previous != cleaned:
        previous = cleaned
        for pattern in (_EMPTY_INLINE, _EMPTY_BLOCK, _EMPTY_LIST, _EMPTY_FIGURE):
            cleaned = pattern.sub("", cleaned)
    return cleaned.strip()


class RichTextWidget(AdminProseEditorWidget):
    """The admin's ProseMirror editor, plus our styles (the editor's base rules, the
    image picker) served from static/, like every other asset."""

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["css/rich_text.css"]})


def editor_config():
    return {
        "extensions": EDITOR_EXTENSIONS,
        "imageLibrary": {
            "listUrl": reverse_lazy("admin:content_image_picker"),
            "addUrl": reverse_lazy("admin:content_image_add"),
        },
    }


class RichTextFormField(ProseEditorFormField):
    def __init__(self, *args, **kwargs):
        # Whatever widget the admin suggests (its AdminTextareaWidget), use ours.
        kwargs["widget"] = RichTextWidget
        super().__init__(*args, **kwargs)


class RichTextField(models.TextField):
    """A TextField of sanitised HTML, edited in the admin with ProseMirror."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        if isinstance(value, str):
            value = sanitize_html(value)
        return super().get_db_prep_save(value, connection)

    def formfield(self, **kwargs):
        return super().formfield(
            **{
                "form_class": RichTextFormField,
                "config": editor_config(),
                "preset": "eurocities",
                "sanitize": sanitize_html,
                **kwargs,
            }
        )
