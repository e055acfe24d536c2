"""The editors' dashboard on the admin index: what needs doing, each with a count and
a link to the admin list filtered to exactly those items.

Every line is a queryset built from the same methods the list filters use (the
querystring of its link names that filter), so a count and its list agree. The
counts of one model come from one query (a filtered COUNT per line over
subqueries), so the page costs one query per model, whatever the amount of content.
A line shows only to staff who may view that model.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.admin_scheduling import SOON, SOON_DAYS
from content.models import Article, Person, PublicationState, missing_alt_text
from events.models import Event
from publications.models import Publication

CALLS_CLOSING_DAYS = 14
RECENT_DAYS = 7

MINE = _("Your drafts")
SOON_GROUP = _("Coming up")
RECENT = _("Recently changed (by anyone)")
ATTENTION = _("Needs attention")
GROUPS = [MINE, SOON_GROUP, RECENT, ATTENTION]

# Images and their description field: (model, image field, description field, label).
# Hook: an image library model adds its own line here, e.g.
#   (Image, "file", "alt_text", _("Library images without a description")).
ALT_TEXT_SOURCES = [
    (Article, "lead_image", "lead_image_alt_text", _("Article lead images without a description")),
    (Publication, "cover_image", "cover_alt_text", _("Publication covers without a description")),
    (Person, "photo", "photo_alt_text", _("Photos of people without a description")),
]


@dataclass(frozen=True)
class LineSpec:
    group: str
    model: type
    label: str
    params: dict  # the changelist's querystring (its list filters)
    queryset: object  # callable(user, now) -> the queryset counted


@dataclass(frozen=True)
class Line:
    group: str
    label: str
    count: int
    url: str


def line_specs():
    specs = []
    for model in (Article, Event, Publication):
        plural = model._meta.verbose_name_plural
        specs.append(
            LineSpec(
                MINE,
                model,
                _("Draft %(items)s you created") % {"items": plural},
                {"state": PublicationState.DRAFT, "mine": "yes"},
                lambda user, now, model=model: model.objects.drafts().filter(created_by=user),
            )
        )
        specs.append(
            LineSpec(
                SOON_GROUP,
                model,
                _("%(items)s scheduled in the next 7 days") % {"items": plural},
                {"state": SOON},
                lambda user, now, model=model: model.objects.scheduled(
                    at=now, until=now + timedelta(days=SOON_DAYS)
                ),
            )
        )
        specs.append(
            LineSpec(
                RECENT,
                model,
                _("%(items)s changed in the last 7 days") % {"items": plural},
                {"changed": "7d"},
                lambda user, now, model=model: model.objects.filter(
                    updated_at__gte=now - timedelta(days=RECENT_DAYS)
                ),
            )
        )
    specs += [
        LineSpec(
            SOON_GROUP,
            Article,
            _("Calls closing within 14 days"),
            {"closing": "14d"},
            lambda user, now: Article.objects.calls_closing(days=CALLS_CLOSING_DAYS, at=now),
        ),
        LineSpec(
            ATTENTION,
            Event,
            _("Upcoming events without a description"),
            {"attention": "no_description"},
            lambda user, now: Event.objects.upcoming(at=now).without_description(),
        ),
        LineSpec(
            ATTENTION,
            Event,
            _("Upcoming events with programme sessions still in draft"),
            {"attention": "draft_sessions"},
            lambda user, now: Event.objects.upcoming(at=now).with_draft_sessions(),
        ),
        LineSpec(
            ATTENTION,
            Publication,
            _("Publications without a file"),
            {"files": "none"},
            lambda user, now: Publication.objects.without_files(),
        ),
    ]
    for model, image_field, alt_field, label in ALT_TEXT_SOURCES:
        specs.append(
            LineSpec(
                ATTENTION,
                model,
                label,
                {"alt_text": "missing"},
                lambda user, now, m=model, i=image_field, a=alt_field: missing_alt_text(
                    m.objects.all(), i, a
                ),
            )
        )
    return specs


def dashboard_lines(user, now=None):
    """The dashboard for `user`: a list of (group title, [Line, ...]), empty groups left out."""
    now = now or timezone.now()
    visible = [
        spec
        for spec in line_specs()
        if user.has_perm(f"{spec.model._meta.app_label}.view_{spec.model._meta.model_name}")
    ]
    by_model = {}
    for index, spec in enumerate(visible):
        by_model.setdefault(spec.model, []).append((index, spec))
    counts = {}
    for model, indexed in by_model.items():
        counts.update(
            model._default_manager.aggregate(
                **{
                    f"line_{index}": Count(
                        "pk", filter=Q(pk__in=spec.queryset(user, now).values("pk"))
                    )
                    for index, spec in indexed
                }
            )
        )
    lines = [
        Line(spec.group, spec.label, counts[f"line_{index}"], changelist_url(spec))
        for index, spec in enumerate(visible)
    ]
    return [
        (group, [line for line in lines if line.group == group])
        for group in GROUPS
        if any(line.group == group for line in lines)
    ]


def changelist_url(spec):
    opts = spec.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(spec.params)}"
