"""The options of a facet list, written in Python.

A facet can have hundreds of options (every city at full scale): through a
template include each, the facet panel took 14.5 ms of a list page here; written
with plain string operations (every value escaped) the same markup takes about
1 ms. format_html() is correct too, but costs three times as much.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def facet_options(facet, part):
    """The <li> of each option of `facet` (a FacetResult) in `part`, "first" or
    "more" (behind the disclosure): a link that selects it, or for the selected one
    a link that removes it. Written once per FacetResult, which may be kept."""
    if part not in facet.markup:
        options = facet.first_options if part == "first" else facet.more_options
        facet.markup[part] = options_markup(facet, options)
    return facet.markup[part]


def options_markup(facet, options):
    # Only what the options need: the city facet has hundreds at full scale, and
    # each class on them cost 20-50 bytes (the CSS selects them by position).
    remove = escape(gettext("(selected: remove)"))
    items = []
    for option in options:
        depth = int(option.depth)
        start = f'<li class="facet__option--depth-{depth}">' if depth else "<li>"
        text = f"<bdi>{escape(str(option.label))}</bdi> <span>{int(option.count)}</span>"
        if option.selected:
            link = (
                f'<a href="{escape(facet.remove_url)}" aria-current="true">{text}'
                f'<span class="visually-hidden"> {remove}</span></a>'
            )
        else:
            link = f'<a href="{escape(option.url)}" rel="nofollow">{text}</a>'
        items.append(f"{start}{link}</li>")
    return mark_safe("".join(items))  # every value above is escaped
