"""A publication's meta line on its card: its cover, type and date (see
content/cards.py for why in Python)."""

from content.cards import text, time_element
from content.images import rendition


def cover(publication):
    picture = rendition(publication.cover_image, "thumbnail")  # None without a cover
    if not picture:
        return ""
    return (
        f'<img class="card__cover" src="{text(picture.url)}" width="{int(picture.width)}" '
        f'height="{int(picture.height)}" alt="" loading="lazy">'
    )


def publication_meta_line(publication):
    return (
        f'{cover(publication)}<p class="card__meta">'
        f'<span class="badge badge--publication">{text(publication.document_type.name)}</span> '
        f"{time_element(publication.published_at, 'Y-m-d', 'j F Y')}</p>"
    )
