"""Generated content at any size, for benchmarks: `manage.py seed_scale`.

Rows are built in memory and written with bulk_create in batches, so 100,000
articles take seconds, not the hours that saving them one by one would. Titles,
summaries and bodies are put together from themed phrases, so pages look like
the real site and full-text work has real words to chew on.
"""

import random
import time
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from content import demo as content_demo
from content import names, search
from content.models import Article, City, Status, Theme, ThemedItem, WorkingGroup, reading_minutes
from events.models import Event
from publications.models import DocumentType, Publication

from .management.commands.load_demo import DEMO_MODULES
from .pagecache import invalidate

BATCH = 2000

# theme slug -> subjects a title can be about
SUBJECTS = {
    "inclusive-cities": ["neighbourhood councils", "accessible services", "city life for all"],
    "migration-and-integration": [
        "welcome desks for newcomers",
        "language courses for refugees",
        "housing for asylum seekers",
        "mentoring for migrant youth",
    ],
    "social-rights": ["affordable housing", "the minimum income", "child guarantee plans"],
    "anti-discrimination": ["anti-racism action plans", "equal treatment offices"],
    "gender-equality": ["women in city leadership", "safe public spaces"],
    "economy": ["local jobs", "social enterprises", "public procurement"],
    "employment": ["skills for the green transition", "job centres", "apprenticeships"],
    "social-innovation": ["co-designed services", "urban living labs"],
    "culture": ["libraries as meeting places", "neighbourhood festivals", "city museums"],
    "cooperation": ["city partnerships", "peer reviews between cities"],
    "knowledge-society": ["open data", "digital skills for older people"],
    "education": ["early childhood education", "school desegregation"],
}
VERBS = [
    "opens",
    "rethinks",
    "expands",
    "tests",
    "invests in",
    "reports on",
    "shares lessons on",
    "launches a plan for",
]
EVENT_FORMATS = [
    ("webinar", "Webinar"),
    ("workshop", "Workshop"),
    ("conference", "Conference"),
    ("working_group_meeting", "Working group meeting"),
    ("study_visit", "Study visit"),
]
PUBLICATION_FORMS = ["Report", "Policy brief", "Toolkit", "Statement", "Guide"]
CITY_STEMS = ["Alden", "Bram", "Cors", "Dalen", "Elm", "Fen", "Gar", "Holm", "Ister", "Jor"]
CITY_ENDS = ["burg", "stad", "ville", "holm", "ford", "mouth", "dorf", "ova", "grad", "ia"]
COUNTRIES = ["AT", "BE", "DE", "DK", "ES", "FI", "FR", "IT", "NL", "PL", "PT", "SE"]


def content_counts():
    return {
        "articles": Article.objects.count(),
        "events": Event.objects.count(),
        "publications": Publication.objects.count(),
    }


class Seeder:
    def __init__(self, seed=1, write=None, batch=BATCH):
        self.random = random.Random(seed)
        self.write = write or (lambda line: None)
        self.batch = batch
        self.token = f"{self.random.randrange(36**4):04x}"
        self.now = timezone.now()

    def run(self, articles=0, events=0, publications=0, cities=0):
        with transaction.atomic():
            # The demo's vocabulary (themes, topic pages, a working group, document
            # types) first, so generated items hang off the same structure.
            for module in DEMO_MODULES:
                module.load()
            self.themes = list(Theme.objects.all())
            self.group = WorkingGroup.objects.first()
            self.make_cities(cities)
            self.cities = list(City.objects.all())
            self.document_types = list(DocumentType.objects.all()) or [
                DocumentType.objects.create(name="Report", plural_name="Reports", slug="report")
            ]
            self.bulk(Article, articles, self.article)
            self.bulk(Event, events, self.event)
            self.bulk(Publication, publications, self.publication)
            # bulk_create skips save(), which indexes each item for search.
            for model in (Article, Event, Publication):
                started = time.monotonic()
                generated = model.objects.filter(slug__contains=f"-{self.token}-")
                count = search.index_many(generated)
                self.write(
                    f"{model._meta.verbose_name_plural}: {count} indexed for search "
                    f"({time.monotonic() - started:.1f} s)"
                )
            transaction.on_commit(invalidate)

    def make_cities(self, count):
        # bulk_create skips save(), which derives name_key: set it here.
        taken = set(City.objects.values_list("name_key", "country"))
        made = []
        for n in range(count * 3):
            if len(made) == count:
                break
            name = self.random.choice(CITY_STEMS) + self.random.choice(CITY_ENDS)
            if n >= len(CITY_STEMS) * len(CITY_ENDS):
                name = f"{name} {n}"
            country = self.random.choice(COUNTRIES)
            key = names.name_key(name)
            if (key, country) in taken:
                continue
            taken.add((key, country))
            slug = f"{slugify(name)}-{country.lower()}-{self.token}-{n}"
            made.append(City(name=name, name_key=key, country=country, slug=slug))
        City.objects.bulk_create(made, batch_size=self.batch)
        self.write(f"cities: {len(made)}")

    def bulk(self, model, count, build):
        """Create `count` objects from build(n), with 1-3 themes each, in batches."""
        content_type = ContentType.objects.get_for_model(model)
        started = time.monotonic()
        for first in range(0, count, self.batch):
            items, theme_lists = [], []
            for n in range(first, min(count, first + self.batch)):
                themes = self.random.sample(self.themes, k=self.random.randint(1, 3))
                items.append(build(n, themes[0]))
                theme_lists.append(themes)
            model.objects.bulk_create(items)
            ThemedItem.objects.bulk_create(
                ThemedItem(content_type=content_type, object_id=item.pk, tag=theme)
                for item, themes in zip(items, theme_lists, strict=True)
                for theme in themes
            )
            if hasattr(model, "cities") and self.cities:
                # Most news and documents are about a city or two (the city facet).
                through = model.cities.through
                owner = f"{model._meta.model_name}_id"
                through.objects.bulk_create(
                    through(**{owner: item.pk, "city_id": city.pk})
                    for item in items
                    for city in self.random.sample(self.cities, k=self.random.choice((0, 1, 1, 2)))
                )
            done = first + len(items)
            self.write(
                f"{model._meta.verbose_name_plural}: {done}/{count} "
                f"({time.monotonic() - started:.1f} s)"
            )

    def status_and_date(self, years_back):
        """Mostly published in the past; a few drafts and a few scheduled."""
        roll = self.random.random()
        if roll < 0.02:
            return Status.PUBLISHED, self.now + timedelta(hours=self.random.randint(1, 24 * 60))
        status = Status.DRAFT if roll < 0.05 else Status.PUBLISHED
        return status, self.now - timedelta(minutes=self.random.randint(1, years_back * 525600))

    def slug(self, title, n):
        return f"{slugify(title)[:200]}-{self.token}-{n}"

    def subject(self, theme):
        return self.random.choice(SUBJECTS.get(theme.slug) or [theme.name.lower()])

    def body(self):
        paragraphs = self.random.sample(content_demo.PARAGRAPHS, k=3)
        return "".join(f"<p>{text}</p>" for text in paragraphs)

    def article(self, n, theme):
        city = self.random.choice(self.cities)
        subject = self.subject(theme)
        title = f"{city.name} {self.random.choice(VERBS)} {subject}"
        status, published_at = self.status_and_date(years_back=12)
        roll = self.random.random()
        kind = "call" if roll < 0.08 else "story" if roll < 0.28 else "news"
        body = self.body()
        return Article(
            title=title,
            slug=self.slug(title, n),
            summary=f"What {city.name} learnt about {subject}, and what other cities can take "
            f"from it.",
            body=body,
            reading_minutes=reading_minutes(body),
            kind=kind,
            deadline=published_at + timedelta(days=45) if kind == "call" else None,
            status=status,
            published_at=published_at,
            working_group=self.group if self.random.random() < 0.1 else None,
        )

    def event(self, n, theme):
        city = self.random.choice(self.cities)
        kind, label = self.random.choice(EVENT_FORMATS)
        subject = self.subject(theme)
        title = f"{label}: {subject} in {city.name}"
        # Eight years back to one ahead: about one event in nine is still to come.
        starts_at = self.now + timedelta(hours=self.random.randint(-8 * 8760, 8760))
        length = timedelta(hours=2) if kind == "webinar" else timedelta(days=1, hours=8)
        status, published_at = self.status_and_date(years_back=1)
        return Event(
            title=title,
            slug=self.slug(title, n),
            summary=f"Cities meet to compare their work on {subject}.",
            body=self.body(),
            kind=kind,
            starts_at=starts_at,
            ends_at=starts_at + length,
            attendance="online" if kind == "webinar" else "in_person",
            city=None if kind == "webinar" else city,
            status=status,
            published_at=min(published_at, starts_at),
        )

    def publication(self, n, theme):
        form = self.random.choice(PUBLICATION_FORMS)
        subject = self.subject(theme)
        title = f"{form}: {subject[0].upper()}{subject[1:]} in European cities"
        status, published_at = self.status_and_date(years_back=15)
        slug = self.slug(title, n)
        return Publication(
            title=title,
            slug=slug,
            summary=f"Evidence and recommendations on {subject} from member cities.",
            body=self.body(),
            document_type=self.random.choice(self.document_types),
            # A publication needs a file or a link to be public (Publication.complete);
            # a link is what a bulk insert can give without writing files.
            external_url=f"https://publications.example.org/{slug}",
            status=status,
            published_at=published_at,
        )
