import json
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView

from content import detail, seo
from content.conditional import conditional_by_content
from content.facets import FacetedList
from content.models import UNLISTED_FIELDS
from content.themes import attach_themes

from . import ical
from .filters import EventDateFilter, event_facets
from .models import PARENT_SHOWN, Event

EVENTS_PER_PAGE = 12
# The subscription calendar is bounded whatever the amount of content: the events
# that have not ended and start within CALENDAR_WINDOW, soonest first, at most FEED_LIMIT.
CALENDAR_WINDOW = timedelta(days=365)
FEED_LIMIT = 100

# json.dumps output is safe inside <script> once these cannot close the element
# (the same escapes as Django's json_script).
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@require_safe
def event_list(request, past=False):
    events = Event.objects.published().for_listing()
    events = events.past() if past else events.upcoming()
    listing = FacetedList(request, events, event_facets(), EventDateFilter)
    return render(
        request,
        "events/event_list.html",
        {
            "filterset": listing.filterset,
            "errors": listing.errors,
            "facets": listing.facets,
            # The calendar subscription keeps the chosen facets.
            "calendar_query": urlencode(listing.search.selected),
            "page_obj": listing.page(request.GET.get("page"), EVENTS_PER_PAGE),
            "past": past,
        },
    )


def public_event(slug):
    """The published event at `slug` with what its page shows, as for_detail() reads
    it, by statements compiled once (content.detail); None when there is none."""
    event = detail.public_item(Event, slug, having=("contacts", "programme"))
    if event is None:
        return None
    detail.refer([event], "city", "working_group", "project")
    if event.parent_id:
        parents = detail.read(
            Event,
            ("parent",),
            lambda pk: Event.objects.only(*PARENT_SHOWN).filter(pk=pk),
            event.parent_id,
        )
        if parents:
            event.parent = parents[0]
    detail.read_contacts(event)
    sessions = detail.read_related(
        event,
        "programme",
        lambda sessions: sessions.published().order_by("starts_at").defer(*UNLISTED_FIELDS),
    )
    detail.refer(sessions, "city")
    attach_themes([event])
    return event


class EventDetailView(detail.KeptDetailMixin, DetailView):
    model = Event
    http_method_names = ["get", "head", "options"]
    read_public = staticmethod(public_event)

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user).for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        parent = event.parent
        context["parent"] = parent if parent and parent.is_public() else None
        context["json_ld"] = json_ld(event, self.request.build_absolute_uri)
        context["meta"] = seo.preview(
            self.request, title=event.title, text=f"{event.when_label}. {event.summary}"
        )
        return context


@require_safe
@conditional_by_content
def event_ics(request, slug):
    """One event; `?programme=1` adds the sessions of its programme the visitor may see."""
    visible = Event.objects.visible_to(request.user)
    event = get_object_or_404(visible.for_calendar(), slug=slug)
    events = [event]
    filename = f"event-{event.pk}.ics"
    if request.GET.get("programme") == "1":
        events += list(visible.for_calendar().filter(parent=event).order_by("starts_at", "pk"))
        filename = f"event-{event.pk}-programme.ics"
    body = ical.calendar_for(events, request.build_absolute_uri)
    return calendar_response(body, filename=filename)


@require_safe
@conditional_by_content
def upcoming_ics(request):
    """The upcoming events as a calendar people can subscribe to; ?theme= and the
    other list facets narrow it. Invalid filters are a 404, not a wrong calendar."""
    now = timezone.now()
    events = (
        Event.objects.published()
        .upcoming(now)
        .filter(starts_at__lte=now + CALENDAR_WINDOW)
        .for_calendar()
    )
    # Facet values are checked against every theme, city, group or project, not the
    # upcoming events: a subscription to a city must not turn into an error while
    # the city has no upcoming event.
    facets = event_facets()
    listing = FacetedList(request, events, facets, EventDateFilter)
    if not listing.valid:
        raise Http404("Invalid calendar filters")
    name = _("Eurocities events")
    theme = listing.search.selected.get("theme")
    if theme:
        theme_facet = next(facet for facet in facets if facet.name == "theme")
        name = f"{name}: {theme_facet.label_for(theme)}"
    body = ical.calendar_for(listing.items[:FEED_LIMIT], request.build_absolute_uri, name=name)
    return calendar_response(body)


def calendar_response(body, filename=None):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_ld(event, build_absolute_uri):
    """schema.org Event data for search engines, safe to put inside a <script>."""
    status = {
        Event.Occurrence.SCHEDULED: "https://schema.org/EventScheduled",
        Event.Occurrence.CANCELLED: "https://schema.org/EventCancelled",
        Event.Occurrence.POSTPONED: "https://schema.org/EventPostponed",
    }[event.occurrence]
    mode = {
        Event.Attendance.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
        Event.Attendance.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
        Event.Attendance.MIXED: "https://schema.org/MixedEventAttendanceMode",
    }[event.attendance]
    url = build_absolute_uri(event.get_absolute_url())
    if event.all_day:
        start, end = event.start_date.isoformat(), event.end_date.isoformat()
    else:
        start, end = event.local_start.isoformat(), event.local_end.isoformat()
    locations = []
    if event.is_in_person:
        place = {"@type": "Place", "name": event.venue_name or event.city_name or event.title}
        address = {"@type": "PostalAddress"}
        if event.venue_address:
            address["streetAddress"] = event.venue_address
        if event.city_id:
            address["addressLocality"] = event.city.name
            address["addressCountry"] = event.city.country.code
        place["address"] = address
        locations.append(place)
    if event.is_online:
        locations.append({"@type": "VirtualLocation", "url": event.safe_online_url or url})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "startDate": start,
        "endDate": end,
        "eventStatus": status,
        "eventAttendanceMode": mode,
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": build_absolute_uri("/"),
        },
    }
    if event.safe_registration_url:
        data["offers"] = {"@type": "Offer", "url": event.safe_registration_url}
    if event.parent_id and event.parent.is_public():
        data["superEvent"] = {"@type": "Event", "name": event.parent.title}
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES))
