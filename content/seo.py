"""Link previews and search engines: Open Graph / Twitter card data and JSON-LD.

Every value is plain text: templates escape the meta tags, and `json_ld` escapes
<, > and & the way Django's json_script does, so nothing an editor types can
close the <script> element that carries it.
"""

import html
import json

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .images import rendition

JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data):
    """schema.org data, safe inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))


def description(text, words=40):
    """Plain text cut to `words` words (the caller turns HTML into text first)."""
    return Truncator(" ".join((text or "").split())).words(words)


def html_to_text(value):
    return html.unescape(strip_tags(value or ""))


def preview(request, *, title, text="", kind="website", image=None, image_alt=""):
    """What a shared link shows: title, description, and the wide image if there is one."""
    picture = rendition(image, "wide") if image else None
    meta = {
        "type": kind,
        "title": title,
        "description": description(text) or title,
        "url": request.build_absolute_uri(request.path),
    }
    if picture is not None:
        meta.update(
            image=request.build_absolute_uri(picture.url),
            image_width=picture.width,
            image_height=picture.height,
            image_alt=image_alt,
        )
    return meta


def organisation_data(request):
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri("/"),
        "logo": request.build_absolute_uri(settings.STATIC_URL + "img/logo.svg"),
    }


def creative_work(request, item, kind, meta, **extra):
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "headline" if kind == "NewsArticle" else "name": item.title,
        "description": meta["description"],
        "url": meta["url"],
        "mainEntityOfPage": meta["url"],
        # An unsaved draft in the admin's preview has neither date yet.
        "datePublished": item.published_at.isoformat() if item.published_at else None,
        "dateModified": item.updated_at.isoformat() if item.updated_at else None,
        "publisher": organisation_data(request),
        "author": organisation_data(request),
        "keywords": [theme.name for theme in item.themes.all()],
        **extra,
    }
    if "image" in meta:
        data["image"] = [meta["image"]]
    return json_ld({key: value for key, value in data.items() if value is not None})
