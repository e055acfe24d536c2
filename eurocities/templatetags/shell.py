"""The parts of the page shell that are the same on every page: rendered once per
process and variant, then kept.

The stylesheets, the site header's logo and main navigation and the footer depend
on nothing but the language, the URLconf and the script prefix: two dozen {% url %},
{% static %} and {% translate %} tags that cost about 0.9 ms on every page (more
than a whole page served from the page cache). A kept part is rendered without the
request or any content, so it cannot show anything that differs between visitors;
what differs between pages (the section the main navigation marks) is its variant.
"""

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

register = template.Library()

# The main navigation: each section's URL name and label; a page below a section's
# address is marked as in it.
MAIN_SECTIONS = [
    ("topic_list", _("Topics")),
    ("content:article_list", _("News")),
    ("events:list", _("Events")),
    ("publications:list", _("Publications")),
    ("charter:charter", _("Charter")),
]

_kept = {}


def kept(template_name, variant="", **context):
    """The template rendered with `context` (and SITE_NAME), once per variant and
    language, URLconf and script prefix. `context` must follow from those."""
    key = (template_name, variant, get_language(), get_urlconf(), get_script_prefix())
    html = _kept.get(key)
    if html is None:
        page = get_template(template_name).render(
            {"SITE_NAME": settings.SITE_NAME, "variant": variant, **context}
        )
        html = _kept[key] = mark_safe(page.strip())  # escaped by the template
    return html


@register.simple_tag
def shell_part(template_name):
    """A part of the shell without variants (the stylesheets, the footer)."""
    return kept(template_name)


@register.simple_tag(takes_context=True)
def site_header(context):
    """The logo and the main navigation, the current section marked."""
    path = context["request"].path
    sections = [(reverse(name), label) for name, label in MAIN_SECTIONS]
    current = next((url for url, _label in sections if path.startswith(url)), "")
    return kept("includes/site_header.html", variant=current, sections=sections)
