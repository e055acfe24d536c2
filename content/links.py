"""Addresses of items by slug, without a full reverse() each time.

A list page links every card and every theme tag: 40 to 60 reverse() calls, each
matching the URL pattern's converters and regexes again (about 30 to 100 µs here).
`slug_url` reverses a pattern once per URLconf and script prefix with a
placeholder slug, then puts each slug in its place, quoted as reverse() quotes it.
A slug the pattern might refuse (not ASCII where the pattern is `<slug:...>`, or
not a slug at all) still goes through reverse(), which raises.
"""

import re
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

PLACEHOLDER = "slug-placeholder"
ANY_SCRIPT_SLUG = re.compile(r"[-\w]+")  # the `uslug` converter (content.converters)
ASCII_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # Django's `slug` converter
# What reverse() leaves unquoted in a path (django.urls.resolvers).
SAFE = "!$&'()*+,;=" + "/~:@"


@lru_cache(maxsize=512)
def _template(name, urlconf, prefix, root_urlconf):
    """(the address with a placeholder slug, the slugs it takes), or (None, None)."""
    url = reverse(name, urlconf=urlconf, kwargs={"slug": PLACEHOLDER})
    if url.count(PLACEHOLDER) != 1:
        return None, None
    try:
        reverse(name, urlconf=urlconf, kwargs={"slug": "é"})
    except NoReverseMatch:
        return url, ASCII_SLUG
    return url, ANY_SCRIPT_SLUG


def slug_url(name, slug):
    """reverse(name, kwargs={"slug": slug}), the same address, cheaper."""
    urlconf = get_urlconf()
    template, slugs = _template(name, urlconf, get_script_prefix(), settings.ROOT_URLCONF)
    if template is None or not slugs.fullmatch(slug):
        return reverse(name, urlconf=urlconf, kwargs={"slug": slug})
    return template.replace(PLACEHOLDER, quote(slug, safe=SAFE))
