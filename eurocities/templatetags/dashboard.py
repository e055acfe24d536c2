from django import template

from ..dashboard import dashboard_lines

register = template.Library()


@register.simple_tag(takes_context=True)
def editors_dashboard(context):
    """The dashboard lines for the user viewing the admin index."""
    return dashboard_lines(context["request"].user)
