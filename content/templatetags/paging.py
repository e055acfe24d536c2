"""`{% pagination page_obj %}`: a list's page links, written in Python.

Every list page shows them; through the template (a loop of `{% querystring %}`,
`{% translate %}` and conditions for each of up to eleven links) they cost as much
as the whole list of kept cards. The markup is the same: a <nav> with
`aria-current="page"`, rel="prev"/"next", and links that keep the other
parameters of the address (filters) as `{% querystring page=n %}` does.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_noop as N_

from content.cards import word

register = template.Library()


@register.simple_tag(takes_context=True)
def pagination(context, page_obj):
    paginator = page_obj.paginator
    if paginator.num_pages <= 1:
        return ""
    params = context.request.GET.copy()

    def address(number):
        params["page"] = number
        return escape(f"?{params.urlencode()}")

    page_label = escape(word(N_("Page")))
    links = []
    if page_obj.has_previous():
        links.append(
            f'<li><a href="{address(page_obj.previous_page_number())}" rel="prev">'
            f"‹ {escape(word(N_('Previous')))}</a></li>"
        )
    for number in paginator.get_elided_page_range(page_obj.number):
        if number is paginator.ELLIPSIS:  # == would translate the lazy "…" each time
            links.append('<li><span aria-hidden="true">…</span></li>')
            continue
        current = ' aria-current="page"' if number == page_obj.number else ""
        links.append(
            f'<li><a href="{address(number)}"{current}>'
            f'<span class="visually-hidden">{page_label} </span>{number}</a></li>'
        )
    if page_obj.has_next():
        links.append(
            f'<li><a href="{address(page_obj.next_page_number())}" rel="next">'
            f"{escape(word(N_('Next')))} ›</a></li>"
        )
    label = escape(word(N_("Pagination")))
    return mark_safe(  # every value escaped above
        f'<nav class="pagination" aria-label="{label}">\n<ul>\n'
        + "\n".join(links)
        + "\n</ul>\n</nav>"
    )
