from django import template

from content.images import rendition as make_rendition

register = template.Library()


@register.simple_tag
def rendition(image, size="card"):
    """`{% rendition item.cover_image "card" as picture %}`: a resized copy or None."""
    return make_rendition(image, size)
