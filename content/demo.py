"""Demo content for the content core: themes, people, cities, a working group,
projects and a few dozen articles. Idempotent: objects are matched on their slug."""

from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.text import slugify

from .models import (
    Article,
    City,
    Forum,
    Membership,
    Person,
    Project,
    Role,
    Status,
    Theme,
    WorkingGroup,
)
from .timezones import BRUSSELS

THEMES = [
    # slug, name, parent slug, topic page, description
    ("inclusive-cities", "Inclusive cities", None, True,
     "How cities make sure that every resident can take part in city life."),
    ("migration-and-integration", "Migration and integration", "inclusive-cities", True,
     "Welcoming newcomers and adapting city services to a diverse population."),
    ("social-rights", "Social rights", "inclusive-cities", True,
     "Putting the European Pillar of Social Rights into practice at local level."),
    ("anti-discrimination", "Anti-discrimination", "inclusive-cities", True,
     "Equal treatment and the fight against racism in cities."),
    ("gender-equality", "Gender equality", "inclusive-cities", False, ""),
    ("economy", "Economy", None, True, "Jobs, skills and local economies that work for all."),
    ("employment", "Employment", "economy", True,
     "Helping people into work, including migrants and refugees."),
    ("social-innovation", "Social innovation", "economy", False, ""),
    ("culture", "Culture", None, True, "Culture as a driver of belonging and cohesion."),
    ("cooperation", "Cooperation", None, False, ""),
    ("knowledge-society", "Knowledge society", None, False, ""),
    ("education", "Education", "inclusive-cities", False, ""),
]  # fmt: skip

MIGRATION_INTRO = (
    "<p>People from all over the world make their homes in European cities, and the "
    "mix of languages, food and culture is part of what cities are today. Local "
    "governments shape whether newcomers find their feet: they run the schools, the "
    "job centres and the housing offices that decide how welcome people feel.</p>"
    "<p>Integration happens locally. Our members learn from each other, test new "
    "approaches together and bring what they learn to the European institutions, so "
    "that EU policy reflects what works on the ground.</p>"
)

PEOPLE = [
    ("Rossella Nicoletti", "Senior Project Coordinator - UNITES", "rossella.nicoletti"),
    ("Katharina Bamberg", "Head of migration", "katharina.bamberg"),
    ("Alexandra Weerts", "Senior Project Coordinator - Partnership with UNICEF",
     "alexandra.weerts"),
    ("Marta Buces", "Writer", "marta.buces"),
    ("Carolina Picot", "Project Officer - UNITES", "carolina.picot"),
    ("Feyrouz Lajili-Djalai", "Project Officer - VALUES", "feyrouz.lajili"),
]  # fmt: skip

# name, ISO country, latitude, longitude
CITIES = [
    ("Amsterdam", "NL", 52.37403, 4.88969), ("Antwerp", "BE", 51.21989, 4.40346),
    ("Athens", "GR", 37.98376, 23.72784), ("Barcelona", "ES", 41.38879, 2.15899),
    ("Bergen", "NO", 60.39299, 5.32415), ("Berlin", "DE", 52.52437, 13.41053),
    ("Bologna", "IT", 44.49381, 11.33875), ("Bristol", "GB", 51.45523, -2.59665),
    ("Brussels", "BE", 50.85045, 4.34878), ("Copenhagen", "DK", 55.67594, 12.56553),
    ("Dublin", "IE", 53.34980, -6.26031), ("Düsseldorf", "DE", 51.22172, 6.77616),
    ("Gdańsk", "PL", 54.35205, 18.64637), ("Genoa", "IT", 44.40478, 8.94439),
    ("Ghent", "BE", 51.05000, 3.71667), ("Gothenburg", "SE", 57.70716, 11.96679),
    ("Helsinki", "FI", 60.16952, 24.93545), ("Leeds", "GB", 53.79648, -1.54785),
    ("Leipzig", "DE", 51.33962, 12.37129), ("Lisbon", "PT", 38.71667, -9.13333),
    ("Ljubljana", "SI", 46.05108, 14.50513), ("Lyon", "FR", 45.74846, 4.84671),
    ("Madrid", "ES", 40.41650, -3.70256), ("Malmö", "SE", 55.60587, 13.00073),
    ("Milan", "IT", 45.46427, 9.18951), ("Munich", "DE", 48.13743, 11.57549),
    ("Nantes", "FR", 47.21725, -1.55336), ("Nuremberg", "DE", 49.45421, 11.07752),
    ("Oslo", "NO", 59.91273, 10.74609), ("Paris", "FR", 48.85341, 2.34880),
    ("Riga", "LV", 56.94600, 24.10589), ("Rome", "IT", 41.89193, 12.51133),
    ("Rotterdam", "NL", 51.92250, 4.47917), ("Sofia", "BG", 42.69751, 23.32415),
    ("Stockholm", "SE", 59.32938, 18.06871), ("Tampere", "FI", 61.49911, 23.78712),
    ("Thessaloniki", "GR", 40.64361, 22.93086), ("Utrecht", "NL", 52.09083, 5.12222),
    ("Vienna", "AT", 48.20849, 16.37208), ("Warsaw", "PL", 52.22977, 21.01178),
    ("Zagreb", "HR", 45.81444, 15.97798), ("Zurich", "CH", 47.36667, 8.55000),
    ("Kyiv", "UA", 50.45466, 30.52380), ("Tallinn", "EE", 59.43696, 24.75353),
    ("Birmingham", "GB", 52.48142, -1.89983), ("Mannheim", "DE", 49.48910, 8.46694),
    ("Braga", "PT", 41.55032, -8.42005), ("Bilbao", "ES", 43.26271, -2.92528),
]  # fmt: skip

PROJECTS = [
    ("INTI-Cities", "Benchmarking integration governance in Europe's cities", "INTI", 2007, 2009),
    ("DIVE", "Cities accommodating diversity", "INTI", 2008, 2010),
    ("MIXITIES", "Making integration work for cities", "European Integration Fund", 2010, 2012),
    ("ImpleMentoring", "Mentoring cities to implement the Integrating Cities Charter",
     "European Integration Fund", 2012, 2014),
    ("VALUES", "Volunteering activities to leverage urban and European social integration "
     "of migrants", "AMIF", 2019, 2021),
    ("UNITES", "Urban integration strategies through co-design", "AMIF", 2021, 2024),
    ("Inclusive Cities for All", "Social rights in my city", "EaSI", 2018, 2021),
]  # fmt: skip

PARAGRAPHS = [
    "City officials from across the network compared what they had tried, what had "
    "failed and what they would do differently next time. The conversation kept "
    "returning to one point: newcomers do best when services talk to each other.",
    "Several cities described one-stop welcome desks where a new resident can register, "
    "find a language course and get advice on work in a single visit. Others explained "
    "how they train front-line staff to work with interpreters and cultural mediators.",
    "Funding remains a challenge. Cities often carry the cost of integration long before "
    "national or European money arrives, and small programmes struggle to survive the "
    "end of a project. Participants asked for simpler access to EU funds for local "
    "authorities.",
    "Volunteers play a large part. Sports clubs, neighbourhood associations and "
    "faith groups reach people that the administration does not, and many cities now "
    "support them with small grants, training and places to meet.",
    "Data matters too. Without reliable numbers on who lives in the city and which "
    "services they use, it is hard to plan. A number of members are building shared "
    "dashboards with their statistics offices.",
    "The group agreed to continue the exchange in the coming months, with study visits "
    "and an online session open to all member cities.",
]

# title, kind, days before today, theme slugs, summary
ARTICLES = [
    ("Mentors help refugees find their first job in Utrecht", "story", 12,
     ["migration-and-integration", "employment"],
     "A buddy scheme pairs newcomers with local professionals who know how hiring works."),
    ("Working group on migration meets in Antwerp", "news", 20,
     ["migration-and-integration"],
     "Members discussed local welcome policies and how to fund them for the long term."),
    ("Call for an external evaluator of our mutual learning programme", "call", 25,
     ["social-rights"],
     "We are looking for an evaluator to assess the impact of our peer learning activities."),
    ("Cities sign up to deliver social rights for all", "news", 40,
     ["social-rights", "inclusive-cities"],
     "New pledges bring the number of cities in the initiative to more than thirty."),
    ("A museum of arrivals in a city of 170 nationalities", "story", 55,
     ["migration-and-integration", "culture"],
     "Personal stories of migration, old and new, help residents see themselves in their city."),
    ("Talent attraction in Tampere: two sides of one coin", "story", 70,
     ["migration-and-integration", "employment"],
     "Attracting skilled people and helping them stay are the same job, says the city."),
    ("Sandboxing migration in Sofia", "story", 85,
     ["migration-and-integration", "social-innovation"],
     "Engineers and newcomers build prototypes together, the way children play in a sandbox."),
    ("Volunteering for integration in Zurich", "news", 100,
     ["migration-and-integration"],
     "Migrant volunteers guide residents through the city by night, from lake to observatory."),
    ("Call for website development services", "call", 110,
     ["social-rights"],
     "We need a company to build the website of the Inclusive Cities for All initiative."),
    ("Rotterdam pledges equal opportunities and active support to employment", "news", 130,
     ["social-rights", "employment"],
     "The city commits to principles 3 and 4 of the European Pillar of Social Rights."),
    ("Cities lead the way to gender equality", "news", 150,
     ["gender-equality", "inclusive-cities"],
     "Ahead of International Women's Day, members share how they mainstream equality."),
    ("Meeting the Commissioner for Equality", "news", 170,
     ["anti-discrimination", "cooperation"],
     "Our forum chair discussed with the Commission how cities and the EU can work together."),
    ("Apply for EU grants on social innovation", "call", 190,
     ["social-innovation", "economy"],
     "A new fund brings public and private money together to improve social services."),
    ("Counter-narratives on migration: Amsterdam meeting highlights", "news", 220,
     ["migration-and-integration", "anti-discrimination"],
     "How cities tell a different story about migration, and who they work with to do it."),
    ("Purchasing power: buying for inclusion", "story", 240,
     ["anti-discrimination", "economy"],
     "Public procurement can open doors for businesses run by migrants and minorities."),
    ("Children first: protecting young migrants in cities", "news", 260,
     ["migration-and-integration", "education"],
     "City services for unaccompanied children need staff, housing and time."),
    ("Housing the newly arrived", "story", 290,
     ["migration-and-integration", "inclusive-cities"],
     "Cities share their answers to one of the hardest questions of integration."),
    ("Language cafés spread across the network", "news", 320,
     ["migration-and-integration", "culture"],
     "Informal conversation groups help newcomers practise and make friends."),
    ("Call for host cities for study visits", "call", 350,
     ["migration-and-integration"],
     "Cities can apply to host a delegation from the working group next year."),
    ("The role of cities in the new EU action plan on integration", "news", 380,
     ["migration-and-integration", "cooperation"],
     "Our response to the Commission's consultation stresses direct funding for cities."),
    ("Skills first: recognising qualifications earned abroad", "story", 420,
     ["employment", "migration-and-integration"],
     "Doctors driving taxis are a loss for everyone. Cities are trying to change that."),
    ("Anti-racism action plans at local level", "news", 460,
     ["anti-discrimination"],
     "A growing number of members adopt local plans with clear targets and budgets."),
    ("Culture as a bridge: theatre with refugees", "story", 500,
     ["culture", "migration-and-integration"],
     "Drama workshops give young refugees a stage and a voice."),
    ("Call for evaluators of city pledges", "call", 540,
     ["social-rights"],
     "Experts are invited to review pledges made under the Inclusive Cities for All initiative."),
    ("What we learned from ten years of the Integrating Cities Charter", "news", 580,
     ["migration-and-integration", "anti-discrimination"],
     "Monitoring reports show progress in services and employment, less in procurement."),
    ("Labour market integration of refugees: findings from 19 cities", "news", 640,
     ["employment", "migration-and-integration"],
     "Our research shows what cities do, and what stops them doing more."),
    ("Digital services for everyone", "story", 700,
     ["knowledge-society", "inclusive-cities"],
     "Online services must not leave behind people who do not read the official language."),
    ("Schools as the first place of welcome", "story", 760,
     ["education", "migration-and-integration"],
     "Teachers are often the first public servants a migrant family meets."),
    ("Working group meets in Gothenburg on housing and health", "news", 820,
     ["migration-and-integration"],
     "Members visited neighbourhood health centres and a housing cooperative."),
    ("European Pillar of Social Rights: what it means for cities", "news", 900,
     ["social-rights"],
     "A short guide to the twenty principles and how cities already deliver them."),
    ("Mayors write to EU leaders on World Refugee Day", "news", 980,
     ["migration-and-integration", "cooperation"],
     "Leaders of major cities ask for a fair share of responsibility and direct support."),
    ("Welcoming Ukrainians: a year on", "story", 1040,
     ["migration-and-integration"],
     "How cities scaled up reception in weeks, and what it taught them about preparedness."),
    ("Call for tenders: communication services", "call", 1100,
     ["cooperation"],
     "We invite offers for communication and design services for our social affairs work."),
    ("Entrepreneurs with a migrant background", "story", 1200,
     ["economy", "migration-and-integration"],
     "Small businesses started by newcomers create jobs for others too."),
]  # fmt: skip

# Calls that give no deadline ("we hope to hear from you soon"): title -> closed.
CALLS_WITHOUT_DEADLINE = {
    "Call for host cities for study visits": False,
    "Call for evaluators of city pledges": True,
}

# A person whose title changed: (title, project acronym or None, from, until).
ROLE_HISTORY = {
    "rossella.nicoletti": [
        ("Project Coordinator", None, date(2019, 9, 1), date(2020, 12, 31)),
        ("Senior Project Coordinator", "UNITES", date(2021, 1, 1), None),
    ],
}

# A draft and a scheduled article, so the publishing rule is visible in the demo.
UNPUBLISHED = [
    ("Draft: conference report (not public yet)", Status.DRAFT, -1),
    ("Scheduled: New year, new pledges", Status.PUBLISHED, 30),
]


def _body(index, kind):
    count = 6 if kind != "story" else 6 * 4
    paragraphs = [PARAGRAPHS[(index + n) % len(PARAGRAPHS)] for n in range(count)]
    html = "".join(f"<p>{text}</p>" for text in paragraphs)
    if kind == "story":
        html = html.replace("</p><p>", "</p><h2>What comes next</h2><p>", 1)
    return html


def load(stdout=None):
    themes = {}
    for slug, name, parent_slug, has_page, description in THEMES:
        themes[slug], _created = Theme.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": themes.get(parent_slug),
                "has_topic_page": has_page,
                "description": description,
            },
        )
    migration = themes["migration-and-integration"]
    migration.intro = MIGRATION_INTRO
    migration.save()

    people = {}
    for name, _role, email in PEOPLE:
        people[email], _created = Person.objects.update_or_create(
            email=f"{email}@eurocities.example",
            defaults={"name": name},
        )
    migration.contacts.set(list(people.values())[:5])

    cities = {}
    for name, country, lat, lon in CITIES:
        cities[name], _created = City.objects.update_or_create(
            name=name, country=country, defaults={"latitude": lat, "longitude": lon}
        )

    forum, _created = Forum.objects.update_or_create(
        slug="social-affairs-forum", defaults={"name": "Social Affairs Forum"}
    )
    group, _created = WorkingGroup.objects.update_or_create(
        slug="migration-and-integration",
        defaults={
            "name": "Working group on migration and integration",
            "forum": forum,
            "chair_city": cities["Amsterdam"],
            "summary": (
                "Cities share knowledge and ideas on welcoming migrants, and make the "
                "case for the role of local government in integration."
            ),
            "description": (
                "<p>Since 2007 the group has led European projects on integration and "
                "runs the Integrating Cities conferences, a meeting place for cities, "
                "national governments and the EU institutions since 2006.</p>"
                "<p>In 2010 it launched the Integrating Cities Charter, which commits "
                "cities to equal opportunities as policy makers, service providers, "
                "employers and buyers of goods and services.</p>"
            ),
        },
    )
    group.themes.set([migration, themes["anti-discrimination"]])
    group.contacts.set([people["katharina.bamberg"], people["rossella.nicoletti"]])
    for year, name in enumerate(
        [
            "Amsterdam",
            "Antwerp",
            "Athens",
            "Barcelona",
            "Berlin",
            "Gothenburg",
            "Helsinki",
            "Leeds",
            "Lisbon",
            "Malmö",
            "Munich",
            "Nuremberg",
            "Rotterdam",
            "Sofia",
            "Tampere",
            "Utrecht",
            "Vienna",
            "Zurich",
        ]  # fmt: skip
    ):
        Membership.objects.update_or_create(
            working_group=group, city=cities[name], defaults={"since": 2007 + year % 12}
        )

    city_list = list(cities.values())
    projects = []
    for number, (acronym, full_name, programme, start, end) in enumerate(PROJECTS):
        project, _created = Project.objects.update_or_create(
            slug=acronym.lower().replace(" ", "-"),
            defaults={
                "acronym": acronym,
                "full_name": full_name,
                "funding_programme": programme,
                "start_year": start,
                "end_year": end,
                "working_group": group,
            },
        )
        project.themes.set([migration])
        # Partner cities: a different handful for each project.
        project.partner_cities.set(
            city_list[(number * 3 + offset) % len(city_list)] for offset in range(5)
        )
        projects.append(project)

    # Roles: one title each, held since before our records, except where the
    # history is known. Exactly these roles, so a second run changes nothing.
    for _name, role, email in PEOPLE:
        person = people[email]
        history = ROLE_HISTORY.get(email) or [(role, None, None, None)]
        kept = []
        for title, acronym, starts_on, ends_on in history:
            project = Project.objects.get(acronym=acronym) if acronym else None
            held, _created = Role.objects.update_or_create(
                person=person,
                title=title,
                defaults={"project": project, "starts_on": starts_on, "ends_on": ends_on},
            )
            kept.append(held.pk)
        person.roles.exclude(pk__in=kept).delete()

    now = timezone.now()
    for index, (title, kind, days_ago, theme_slugs, summary) in enumerate(ARTICLES):
        published_at = (now - timedelta(days=days_ago)).replace(
            hour=9, minute=30, second=0, microsecond=0
        )
        article, _created = Article.objects.update_or_create(
            slug=_slug(title),
            defaults={
                "title": title,
                "kind": kind,
                "summary": summary,
                "body": _body(index, kind),
                "status": Status.PUBLISHED,
                "published_at": published_at,
                "deadline": (
                    published_at + timedelta(days=45)
                    if kind == "call" and title not in CALLS_WITHOUT_DEADLINE
                    else None
                ),
                "closed": CALLS_WITHOUT_DEADLINE.get(title, False),
                "working_group": group if "migration-and-integration" in theme_slugs else None,
            },
        )
        article.themes.set([themes[slug] for slug in theme_slugs])
        article.contacts.set([people["katharina.bamberg"]] if index % 3 == 0 else [])
        article.cities.set([city_list[index % len(city_list)]] if index % 2 == 0 else [])
        article.projects.set([projects[index % len(projects)]] if index % 3 == 1 else [])
    for title, status, days_ahead in UNPUBLISHED:
        article, _created = Article.objects.update_or_create(
            slug=_slug(title),
            defaults={
                "title": title,
                "summary": "Not visible to the public.",
                "body": "<p>Editors can preview this article in the admin.</p>",
                "status": status,
                "published_at": now + timedelta(days=days_ahead),
            },
        )
        article.themes.set([migration])
    if stdout:
        stdout.write(
            f"Content: {Theme.objects.count()} themes, {City.objects.count()} cities, "
            f"{Article.objects.count()} articles."
        )
    return {"themes": themes, "cities": cities, "people": people, "group": group}


def _slug(title):
    return slugify(title)[:200]


def brussels(year, month, day, hour=0, minute=0):
    """An aware datetime in the organisation's time zone (for the other apps' demos)."""
    return datetime(year, month, day, hour, minute, tzinfo=BRUSSELS)
