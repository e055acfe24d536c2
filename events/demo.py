"""Demo events: the Integrating Cities Conference IX with its programme of online
workshops, and webinars and meetings around today (so 'upcoming' is never empty).
Idempotent: events are matched on their slug."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from content.demo import BRUSSELS, brussels
from content.models import City, Person, Project, Status, Theme, WorkingGroup

from .models import Event

CONFERENCE_BODY = (
    "<p>The ninth Integrating Cities Conference was the first to take place online. "
    "It came at a moment when integration was rising on the European agenda, just "
    "before the European Commission presented its Action Plan on Integration and "
    "Inclusion.</p>"
    "<p>Under the title <em>Invest in local solidarity: cities and volunteers "
    "building an inclusive society</em>, the conference looked at how cities work with "
    "residents and volunteers to build cohesion. It was organised within the VALUES "
    "project and co-hosted by Nuremberg, one of the project partners.</p>"
    "<p>New cities used the occasion to sign the Integrating Cities Charter.</p>"
)

# slug, title, kind, (y, m, d, h, mi) start, (h, mi) end, summary
SESSIONS = [
    ("icc9-workshop-migrant-children", "Protecting the rights of migrant children and youth",
     Event.Kind.WORKSHOP, (2020, 11, 25, 10, 0), (11, 30),
     "How cities protect young newcomers, from guardianship to schooling."),
    ("icc9-workshop-human-rights-anti-racism",
     "How to work on human rights and anti-racism at local level",
     Event.Kind.WORKSHOP, (2020, 11, 26, 10, 0), (12, 0),
     "Local action plans, equality bodies and the voices of people affected."),
    ("icc9-workshop-volunteering", "Volunteering for integration: a tool for social innovation?",
     Event.Kind.WORKSHOP, (2020, 11, 27, 10, 0), (11, 30),
     "What volunteers bring to integration, and how cities can support them."),
    ("icc9-workshop-labour-market", "Labour market integration of migrants",
     Event.Kind.WORKSHOP, (2020, 11, 30, 10, 0), (11, 30),
     "Routes into work for migrants and refugees, and the role of the city."),
    ("icc9-day-1", "Integrating Cities Conference IX: day one", Event.Kind.CONFERENCE,
     (2020, 12, 2, 10, 0), (16, 30),
     "Opening by the hosts, the political debate and the signing of the charter."),
    ("icc9-day-2", "Integrating Cities Conference IX: day two", Event.Kind.CONFERENCE,
     (2020, 12, 3, 10, 0), (13, 0),
     "Cities and volunteers in practice, and the conclusions of the conference."),
]  # fmt: skip

# slug, title, kind, days from today, start hour, minutes long, attendance, city,
# happening, theme slugs, summary
AROUND_TODAY = [
    ("webinar-welcoming-desks", "Webinar: one-stop welcome desks for newcomers",
     Event.Kind.WEBINAR, -75, 11, 90, Event.Attendance.ONLINE, None, Event.Occurrence.SCHEDULED,
     ["migration-and-integration"],
     "Three cities show how a single desk helps new residents find their way."),
    ("working-group-meeting-antwerp", "Working group meeting in Antwerp",
     Event.Kind.WORKING_GROUP_MEETING, -30, 9, 420, Event.Attendance.IN_PERSON, "Antwerp",
     Event.Occurrence.SCHEDULED, ["migration-and-integration"],
     "Members meet to discuss local welcome policies and how to fund them."),
    ("webinar-anti-racism-action-plans", "Webinar: local anti-racism action plans",
     Event.Kind.WEBINAR, -12, 14, 60, Event.Attendance.ONLINE, None, Event.Occurrence.SCHEDULED,
     ["anti-discrimination"],
     "How to set targets and budgets for a city's anti-racism plan."),
    ("webinar-skills-recognition", "Webinar: recognising skills earned abroad",
     Event.Kind.WEBINAR, 9, 10, 90, Event.Attendance.ONLINE, None, Event.Occurrence.SCHEDULED,
     ["employment", "migration-and-integration"],
     "Cities and employers discuss faster recognition of qualifications."),
    ("working-group-meeting-gothenburg", "Working group meeting in Gothenburg",
     Event.Kind.WORKING_GROUP_MEETING, 24, 9, 480, Event.Attendance.MIXED, "Gothenburg",
     Event.Occurrence.SCHEDULED, ["migration-and-integration"],
     "Housing and health for newcomers, with visits to neighbourhood projects."),
    ("webinar-volunteer-programmes", "Webinar: running a volunteer programme",
     Event.Kind.WEBINAR, 38, 10, 60, Event.Attendance.ONLINE, None, Event.Occurrence.CANCELLED,
     ["migration-and-integration"],
     "Cancelled: the speakers could not attend. The recording of the 2020 workshop covers "
     "the same ground."),
    ("social-affairs-forum-spring-meeting", "Social Affairs Forum meeting",
     Event.Kind.FORUM_MEETING, 52, 9, 540, Event.Attendance.IN_PERSON, "Vienna",
     Event.Occurrence.POSTPONED, ["social-rights", "inclusive-cities"],
     "Postponed: a new date will be announced soon."),
    ("webinar-children-first", "Webinar: children first in city services",
     Event.Kind.WEBINAR, 66, 15, 60, Event.Attendance.ONLINE, None, Event.Occurrence.SCHEDULED,
     ["migration-and-integration", "education"],
     "Staff, housing and time for unaccompanied children."),
]  # fmt: skip


# slug, title, IANA zone, host city, days from today, local hour, minutes, attendance, summary
ELSEWHERE = [
    ("study-visit-lisbon", "Study visit to Lisbon: welcoming newcomers", "Europe/Lisbon",
     "Lisbon", 45, 9, 390, Event.Attendance.MIXED,
     "The city's one-stop migrant support centres, with a session online for members."),
    ("study-visit-helsinki", "Study visit to Helsinki: language and work", "Europe/Helsinki",
     "Helsinki", 60, 10, 300, Event.Attendance.IN_PERSON,
     "How Helsinki combines language courses with first jobs for newcomers."),
]  # fmt: skip


def _upsert(slug, themes=(), contacts=(), **fields):
    event, _created = Event.objects.update_or_create(slug=slug, defaults=fields)
    event.themes.set(list(themes))
    event.contacts.set(list(contacts))
    return event


def load(stdout=None):
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    migration = themes["migration-and-integration"]
    group = WorkingGroup.objects.get(slug="migration-and-integration")
    values = Project.objects.get(slug="values")
    nuremberg = City.objects.get(name="Nuremberg")
    coordinators = list(
        Person.objects.filter(
            email__in=[
                "rossella.nicoletti@eurocities.example",
                "feyrouz.lajili@eurocities.example",
            ]
        )
    )
    published = {"status": Status.PUBLISHED, "published_at": brussels(2020, 10, 1, 9, 0)}

    conference = _upsert(
        "integrating-cities-conference-ix",
        themes=[migration, themes["anti-discrimination"]],
        contacts=coordinators,
        title="Integrating Cities Conference IX: building an inclusive society",
        kind=Event.Kind.CONFERENCE,
        summary=(
            "Invest in local solidarity: cities and volunteers building an inclusive "
            "society. Online, co-hosted by Nuremberg, with workshops the week before."
        ),
        body=CONFERENCE_BODY,
        starts_at=brussels(2020, 12, 2, 10, 0),
        ends_at=brussels(2020, 12, 3, 13, 0),
        all_day=False,
        occurrence=Event.Occurrence.SCHEDULED,
        attendance=Event.Attendance.ONLINE,
        city=nuremberg,
        working_group=group,
        project=values,
        registration_url="https://example.org/integrating-cities-ix/register",
        parent=None,
        **published,
    )
    for slug, title, kind, start, end, summary in SESSIONS:
        starts_at = brussels(*start)
        _upsert(
            slug,
            themes=[migration],
            contacts=coordinators,
            title=title,
            kind=kind,
            summary=summary,
            starts_at=starts_at,
            ends_at=starts_at.replace(hour=end[0], minute=end[1]),
            all_day=False,
            occurrence=Event.Occurrence.SCHEDULED,
            attendance=Event.Attendance.ONLINE,
            city=nuremberg,
            working_group=group,
            project=values,
            parent=conference,
            **published,
        )

    # An all-day study visit over several days, as the organisation lists them.
    _upsert(
        "study-visit-utrecht-2020",
        themes=[migration, themes["employment"]],
        title="Study visit to Utrecht: refugees and the labour market",
        kind=Event.Kind.STUDY_VISIT,
        summary="Three days with the city's employment and welcome services.",
        starts_at=brussels(2020, 5, 6),
        ends_at=brussels(2020, 5, 8),
        all_day=True,
        attendance=Event.Attendance.IN_PERSON,
        city=City.objects.get(name="Utrecht"),
        working_group=group,
        **published,
    )

    today = timezone.localdate(timezone=BRUSSELS)
    for (
        slug, title, kind, days, hour, minutes, attendance, city, occurrence, theme_slugs,
        summary,
    ) in AROUND_TODAY:  # fmt: skip
        starts_at = datetime.combine(today + timedelta(days=days), time(hour), tzinfo=BRUSSELS)
        _upsert(
            slug,
            themes=[themes[s] for s in theme_slugs],
            contacts=coordinators[:1],
            title=title,
            kind=kind,
            summary=summary,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes),
            all_day=False,
            occurrence=occurrence,
            attendance=attendance,
            venue_name="City hall" if city else "",
            city=City.objects.get(name=city) if city else None,
            working_group=group if "migration-and-integration" in theme_slugs else None,
            registration_url="https://example.org/register" if days > 0 else "",
            status=Status.PUBLISHED,
            published_at=timezone.now() - timedelta(days=max(100 - days, 1)),
        )
    # Events where members are, entered and shown in local time (Brussels beside it).
    for slug, title, zone_name, city, days, hour, minutes, attendance, summary in ELSEWHERE:
        zone = ZoneInfo(zone_name)
        starts_at = datetime.combine(today + timedelta(days=days), time(hour), tzinfo=zone)
        _upsert(
            slug,
            themes=[migration],
            contacts=coordinators[:1],
            title=title,
            kind=Event.Kind.STUDY_VISIT,
            summary=summary,
            time_zone=zone_name,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=minutes),
            all_day=False,
            occurrence=Event.Occurrence.SCHEDULED,
            attendance=attendance,
            venue_name="City hall",
            city=City.objects.get(name=city),
            working_group=group,
            registration_url="https://example.org/register",
            status=Status.PUBLISHED,
            published_at=timezone.now() - timedelta(days=20),
        )
    summit_start = today + timedelta(days=80)
    _upsert(
        "inclusive-cities-summit",
        themes=[themes["inclusive-cities"], themes["social-rights"]],
        title="Inclusive Cities Summit",
        kind=Event.Kind.CONFERENCE,
        summary="Three days of exchange on social rights in cities.",
        starts_at=datetime.combine(summit_start, time.min, tzinfo=BRUSSELS),
        ends_at=datetime.combine(summit_start + timedelta(days=2), time.min, tzinfo=BRUSSELS),
        all_day=True,
        attendance=Event.Attendance.MIXED,
        venue_name="Conference centre",
        city=City.objects.get(name="Barcelona"),
        status=Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=10),
    )
    _upsert(
        "draft-webinar-next-year",
        themes=[migration],
        title="Draft: webinar next year (not public yet)",
        kind=Event.Kind.WEBINAR,
        starts_at=datetime.combine(today + timedelta(days=120), time(10), tzinfo=BRUSSELS),
        ends_at=datetime.combine(today + timedelta(days=120), time(11), tzinfo=BRUSSELS),
        attendance=Event.Attendance.ONLINE,
        status=Status.DRAFT,
    )
    if stdout:
        stdout.write(
            f"Events: {Event.objects.count()} events, "
            f"{conference.programme.count()} sessions in the conference programme."
        )
