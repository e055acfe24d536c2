"""One factory per model; defaults build a valid, published object."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from charter.models import MonitoringReport, PillarPrinciple, Pledge, Signatory
from content.models import (
    Article,
    City,
    Forum,
    Person,
    Project,
    Role,
    Status,
    Theme,
    WorkingGroup,
)
from events.models import Event
from publications.models import DocumentType, Publication, PublicationFile


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    has_topic_page = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")

    @factory.post_generation
    def role_title(self, create, extracted, **kwargs):
        """A role held since before our records ('' for none)."""
        title = "Project Officer" if extracted is None else extracted
        if create and title:
            Role.objects.create(person=self, title=title)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(PersonFactory, role_title="")
    title = "Project Coordinator"


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"City {n}")
    country = "BE"
    latitude = 50.85
    longitude = 4.35


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum
        django_get_or_create = ["slug"]

    name = "Social Affairs Forum"
    slug = "social-affairs-forum"


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Working group {n}")
    forum = factory.SubFactory(ForumFactory)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    acronym = factory.Sequence(lambda n: f"PRJ{n}")
    slug = factory.Sequence(lambda n: f"prj-{n}")
    full_name = "A European project"
    start_year = 2020
    end_year = 2022


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article {n}")
    kind = Article.Kind.NEWS
    summary = "A short summary."
    body = "<p>Some text.</p>"
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    deadline = factory.Maybe(
        factory.LazyAttribute(lambda o: o.kind == Article.Kind.CALL),
        yes_declaration=factory.LazyFunction(lambda: timezone.now() + timedelta(days=30)),
        no_declaration=None,
    )

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class EventFactory(factory.django.DjangoModelFactory):
    """A published, in-person event next week, 10:00-11:30 (UTC), unless told otherwise."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Event {n}")
    kind = Event.Kind.WORKSHOP
    summary = "A short summary."
    body = "<p>What the event is about.</p>"
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=90))
    attendance = Event.Attendance.IN_PERSON

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.set(extracted)


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType
        django_get_or_create = ["slug"]

    name = "Report"
    plural_name = "Reports"
    slug = "report"


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Publication {n}")
    document_type = factory.SubFactory(DocumentTypeFactory)
    summary = "What the document is about."
    body = "<p>Some text.</p>"
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def files(self, create, extracted, **kwargs):
        """A published publication has something to read: one PDF unless files=[]."""
        if create and extracted is None:
            PublicationFileFactory(publication=self)


class PublicationFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicationFile

    publication = factory.SubFactory(PublicationFactory, files=[])
    file = factory.django.FileField(
        filename="report.pdf",
        data=b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
    )
    language = "en"


class SignatoryFactory(factory.django.DjangoModelFactory):
    """A city that signed the charter in 2015."""

    class Meta:
        model = Signatory
        skip_postgeneration_save = True

    city = factory.SubFactory(CityFactory)
    status = Signatory.Status.SIGNED
    pipeline_since = date(2014, 9, 1)
    signed_on = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status in ("signed", "withdrawn")),
        yes_declaration=date(2015, 3, 12),
        no_declaration=None,
    )
    withdrawn_on = factory.Maybe(
        factory.LazyAttribute(lambda o: o.status == "withdrawn"),
        yes_declaration=date(2020, 6, 1),
        no_declaration=None,
    )
    signed_by_name = "Anna Example"
    signed_by_title = "Mayor"


class MonitoringReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringReport

    signatory = factory.SubFactory(SignatoryFactory)
    year = factory.Sequence(lambda n: 2016 + n % 80)
    assessment_policy_maker = "A diversity strategy was adopted."


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge
        skip_postgeneration_save = True

    city = factory.SubFactory(CityFactory)
    amount_eur = 1_000_000
    pledged_on = date(2019, 2, 20)
    summary = "Language courses and job coaching for newcomers."

    @factory.post_generation
    def principles(self, create, extracted, **kwargs):
        if create:
            numbers = extracted if extracted is not None else [3]
            self.principles.set(PillarPrinciple.objects.filter(number__in=numbers))


class PillarPrincipleFactory(factory.django.DjangoModelFactory):
    """The 20 principles come with a migration; this returns the existing one."""

    class Meta:
        model = PillarPrinciple
        django_get_or_create = ["number"]

    number = 3
    title = "Equal opportunities"
    chapter = PillarPrinciple.Chapter.EQUAL_OPPORTUNITIES
