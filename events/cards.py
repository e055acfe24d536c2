"""An event's meta line on its card, and the pieces its own page shows too (the
occurrence badge, the date range): see content/cards.py for why in Python."""

from django.utils.translation import gettext_noop as N_

from content.cards import choice_label, text, word

from .models import Event


def occurrence_badge(event):
    """Shown whenever an event is not going ahead as planned."""
    if not (event.is_cancelled or event.is_postponed):
        return ""
    return (
        f'<strong class="badge badge--{text(event.occurrence)}">'
        f"{text(choice_label(event, 'occurrence'))}</strong>"
    )


def event_when(event, brussels=False):
    """The date range in the event's local time (or Brussels time), each end in a <time>."""
    parts = event.brussels_when_parts if brussels else event.when_parts()
    pieces = [
        f'<time datetime="{text(iso)}">{text(label)}</time>' if iso else text(label)
        for label, iso in parts
    ]
    return f'<span class="event-when">{"".join(pieces)}</span>'


def where(event):
    Attendance = Event.Attendance
    if event.attendance == Attendance.ONLINE:
        return word(N_("Online"))
    if event.city_id:
        name = event.city.name
        return f"{name} {word(N_('and online'))}" if event.attendance == Attendance.MIXED else name
    if event.attendance == Attendance.MIXED:
        return word(N_("Online and in person"))
    return ""


def event_meta_line(event):
    parts = ['<p class="card__meta">', occurrence_badge(event)]
    parts.append(f' <span class="badge badge--event">{text(choice_label(event, "kind"))}</span> ')
    parts.append(event_when(event))
    conference = event.public_parent
    if conference is not None:
        link = f'<a href="{text(conference.get_absolute_url())}">{text(conference.title)}</a>'
        parts.append(f' <span class="event-part-of">{text(word(N_("Part of")))} {link}</span>')
    parts.append(f' <span class="event-where">{text(where(event))}</span></p>')
    return "".join(parts)
