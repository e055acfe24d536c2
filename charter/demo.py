"""Demo charter data: signatories since 2010, a few withdrawn, some on the way, pledges.

Relies on content.demo's cities. Safe to run again: rows are matched by city (and
year or date), never duplicated.
"""

from datetime import date
from decimal import Decimal
from importlib import import_module

from django.apps import apps

from content.models import City

from .models import ROLES, MonitoringReport, PillarPrinciple, Pledge, Signatory
from .roles import sync_roles

# The data migration is the one home of the Pillar's principles.
PRINCIPLES = import_module("charter.migrations.0002_pillar_principles").PRINCIPLES


def ensure_reference_data():
    """Principles and editor groups, which migrations create but a flushed test
    database (browser tests) has lost."""
    for number, title, chapter in PRINCIPLES:
        PillarPrinciple.objects.update_or_create(
            number=number, defaults={"title": title, "chapter": chapter}
        )
    sync_roles(apps)


CONF_IV = "Integrating Cities Conference IV, London"
CONF_V = "Integrating Cities Conference V, Tampere"
CONF_VI = "Integrating Cities Conference VI, Athens"
CONF_VII = "Integrating Cities Conference VII, Warsaw"
CONF_VIII = "Integrating Cities Conference VIII, Utrecht"
CONF_IX = "Integrating Cities Conference IX, Nuremberg (online)"
# The demo event of that conference (events/demo.py), matched on its slug.
CONF_IX_EVENT_SLUG = "integrating-cities-conference-ix"

# city, signed on, occasion, signed by (title), roles left out
SIGNED = [
    ("Amsterdam", date(2010, 3, 11), CONF_IV, "Mayor", ()),
    ("Rotterdam", date(2010, 3, 11), CONF_IV, "Alderman for integration", ()),
    ("Berlin", date(2010, 3, 11), CONF_IV, "Commissioner for integration and migration", ()),
    ("Milan", date(2010, 3, 11), CONF_IV, "Deputy Mayor for social policies", ()),
    ("Munich", date(2010, 6, 2), "", "Mayor", ()),
    ("Ghent", date(2010, 9, 20), "", "Alderman for diversity", ()),
    ("Bristol", date(2010, 11, 5), "", "Leader of the council", ("role_buyer",)),
    ("Copenhagen", date(2011, 2, 14), "", "Mayor for employment and integration", ()),
    ("Helsinki", date(2011, 10, 18), CONF_V, "Deputy Mayor", ()),
    ("Tampere", date(2011, 10, 18), CONF_V, "Mayor", ()),
    ("Oslo", date(2011, 10, 18), CONF_V, "Governing mayor", ()),
    ("Leeds", date(2012, 4, 3), "", "Executive member for communities", ()),
    ("Athens", date(2012, 11, 8), CONF_VI, "Mayor", ()),
    ("Barcelona", date(2012, 11, 8), CONF_VI, "Commissioner for immigration", ()),
    ("Genoa", date(2012, 11, 8), CONF_VI, "Deputy Mayor", ("role_employer",)),
    ("Malmö", date(2013, 5, 22), "", "Chair of the city executive board", ()),
    ("Düsseldorf", date(2013, 9, 12), "", "Mayor", ()),
    ("Warsaw", date(2014, 10, 16), CONF_VII, "Deputy Mayor", ()),
    ("Gdańsk", date(2014, 10, 16), CONF_VII, "Mayor", ()),
    ("Vienna", date(2014, 10, 16), CONF_VII, "City councillor for integration", ()),
    ("Lisbon", date(2015, 6, 18), "", "Deputy Mayor for social rights", ()),
    ("Nantes", date(2015, 11, 24), "", "Mayor", ()),
    ("Stockholm", date(2016, 3, 9), "", "Vice mayor", ()),
    ("Utrecht", date(2017, 11, 22), CONF_VIII, "Alderman for integration", ()),
    ("Bologna", date(2017, 11, 22), CONF_VIII, "Deputy Mayor", ()),
    ("Zurich", date(2017, 11, 22), CONF_VIII, "Mayor", ("role_buyer",)),
    ("Riga", date(2018, 5, 30), "", "Deputy chair of the city council", ()),
    ("Madrid", date(2019, 2, 20), "", "Delegate for equity and social rights", ()),
    ("Ljubljana", date(2019, 9, 10), "", "Mayor", ()),
    ("Nuremberg", date(2020, 12, 2), CONF_IX, "Lord Mayor", ()),
    ("Leipzig", date(2020, 12, 2), CONF_IX, "Mayor for social affairs", ()),
    ("Bergen", date(2020, 12, 3), CONF_IX, "Commissioner for social services", ()),
    ("Thessaloniki", date(2021, 6, 15), "", "Deputy Mayor", ()),
    ("Mannheim", date(2022, 4, 6), "", "Lord Mayor", ()),
    ("Braga", date(2023, 10, 11), "", "Mayor", ()),
    ("Tallinn", date(2024, 5, 14), "", "Deputy Mayor", ()),
]

# city, signed on, withdrawn on
WITHDRAWN = [
    ("Sofia", date(2011, 5, 4), date(2016, 1, 31)),
    ("Lyon", date(2013, 3, 19), date(2019, 7, 1)),
    ("Zagreb", date(2016, 9, 27), date(2022, 12, 31)),
]

# city, status, in the pipeline since, occasion planned
PIPELINE = [
    ("Dublin", Signatory.Status.SCHEDULED, date(2025, 2, 3), "Integrating Cities Conference X"),
    ("Antwerp", Signatory.Status.SCHEDULED, date(2024, 11, 20), "Integrating Cities Conference X"),
    ("Kyiv", Signatory.Status.INTERESTED, date(2025, 6, 12), ""),
    ("Birmingham", Signatory.Status.INTERESTED, date(2024, 3, 1), ""),
    ("Bilbao", Signatory.Status.INTERESTED, date(2025, 9, 8), ""),
    ("Paris", Signatory.Status.INTERESTED, date(2023, 10, 2), ""),
]

LAUNCH = date(2019, 2, 20)  # first 21 pledges, presented at the European Parliament
# city, pledged on, principles, amount in euros, summary
PLEDGES = [
    ("Rotterdam", LAUNCH, [3, 4], Decimal("1250000000"),
     "Equal opportunities and active support to employment: coaching towards work for "
     "residents far from the labour market."),
    ("Barcelona", LAUNCH, [19, 20], Decimal("1100000000"),
     "Affordable housing and access to essential services for households on low incomes."),
    ("Berlin", LAUNCH, [11], Decimal("640000000"), "Free childcare places in every district."),
    ("Milan", LAUNCH, [1, 3], Decimal("410000000"),
     "Schools and adult learning that reach newcomers and their families."),
    ("Ghent", LAUNCH, [19], Decimal("210000000"), "Housing First for people sleeping rough."),
    ("Helsinki", LAUNCH, [4, 14], Decimal("305000000"),
     "Youth guarantee and a minimum income pilot."),
    ("Athens", LAUNCH, [3, 19, 20], None,
     "Reception, housing and services for refugees and homeless people."),
    ("Lisbon", date(2019, 5, 6), [16, 18], Decimal("180000000"),
     "Local health and long-term care for older residents living alone."),
    ("Gothenburg", date(2019, 6, 11), [2, 9], None,
     "Gender equality and work-life balance in the city's own workforce."),
    ("Utrecht", date(2020, 1, 28), [3], None,
     "Anti-discrimination support in every neighbourhood; no amount fixed yet."),
    ("Nantes", date(2021, 3, 17), [17, 20], Decimal("48500000"),
     "Accessible transport and public buildings for people with disabilities."),
]  # fmt: skip

# city, year, per-role assessments
REPORTS = [
    ("Amsterdam", 2013, "A citywide diversity policy with yearly targets.",
     "Services translated into the ten most used languages.",
     "Staff diversity monitored; leadership still less diverse than the city.",
     "Social return clauses in large tenders."),
    ("Ghent", 2016, "Integration plan adopted with migrant organisations.",
     "One-stop shop for newcomers.", "Traineeships for refugees in city services.",
     "Not yet addressed."),
]  # fmt: skip


def load(stdout=None):
    cities = {city.name: city for city in City.objects.all()}
    ensure_reference_data()
    principles = {p.number: p for p in PillarPrinciple.objects.all()}
    # Looked up through the relation, so the charter does not import the events app;
    # without the events demo the signings keep their occasion text only.
    event_model = Signatory._meta.get_field("signing_event").related_model
    events = {CONF_IX: event_model.objects.filter(slug=CONF_IX_EVENT_SLUG).first()}

    signatories = {}
    for name, signed_on, occasion, title, left_out in SIGNED:
        roles = {field: field not in left_out for field, _label in ROLES}
        signatories[name], _created = Signatory.objects.update_or_create(
            city=cities[name],
            status=Signatory.Status.SIGNED,
            defaults={
                "signed_on": signed_on,
                "pipeline_since": date(signed_on.year - 1, signed_on.month, 1),
                "signing_occasion": occasion,
                "signing_event": events.get(occasion),
                "signed_by_title": title,
                **roles,
            },
        )
    for name, signed_on, withdrawn_on in WITHDRAWN:
        Signatory.objects.update_or_create(
            city=cities[name],
            status=Signatory.Status.WITHDRAWN,
            signed_on=signed_on,
            defaults={
                "withdrawn_on": withdrawn_on,
                "pipeline_since": date(signed_on.year - 1, 1, 15),
                "signed_by_title": "Mayor",
            },
        )
    for name, status, since, occasion in PIPELINE:
        Signatory.objects.update_or_create(
            city=cities[name],
            status__in=Signatory.PIPELINE,
            defaults={"status": status, "pipeline_since": since, "signing_occasion": occasion},
        )

    for name, year, policy, services, employer, buyer in REPORTS:
        MonitoringReport.objects.update_or_create(
            signatory=signatories[name],
            year=year,
            defaults={
                "assessment_policy_maker": policy,
                "assessment_service_provider": services,
                "assessment_employer": employer,
                "assessment_buyer": buyer,
            },
        )

    for name, pledged_on, numbers, amount, summary in PLEDGES:
        pledge, _created = Pledge.objects.update_or_create(
            city=cities[name],
            pledged_on=pledged_on,
            defaults={"amount_eur": amount, "summary": summary},
        )
        pledge.principles.set([principles[n] for n in numbers])

    if stdout is not None:
        stdout.write(
            f"Charter: {Signatory.objects.current().count()} signatories, "
            f"{Signatory.objects.in_pipeline().count()} in the pipeline, "
            f"{Pledge.objects.count()} pledges."
        )
