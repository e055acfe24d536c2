"""A visitor's article, event and publication pages read their item and its
relations by statements compiled once per kind of page and content version
(content.detail): the same pages as a process that keeps nothing, none compiled
twice, every change on the next page, and drafts still hidden."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext

from content import versions
from content.demo import BRUSSELS
from content.models import Article, Status
from events.models import Event
from publications.models import Publication
from tests.factories import (
    ArticleFactory,
    CityFactory,
    DocumentTypeFactory,
    EventFactory,
    PersonFactory,
    ProjectFactory,
    PublicationFactory,
    PublicationFileFactory,
    RoleFactory,
    ThemeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=BRUSSELS)


@pytest.fixture
def compiled():
    """Every statement compiled (content.versions.statement), kept or not."""
    with mock.patch.object(versions, "statement", wraps=versions.statement) as spy:
        yield spy


def page(client, url):
    """The page's status and text, its CSP nonces (fresh every time) left out."""
    response = client.get(url)
    return response.status_code, re.sub(r' nonce="[^"]*"', "", response.content.decode())


@pytest.fixture
def network():
    """A conference with a public and a draft session, an article and a publication,
    each with a city or group or project to link to, a contact with a role on a
    project, themes and a related item."""
    with time_machine.travel(NOW - timedelta(days=3), tick=False):
        theme = ThemeFactory(name="Inclusion", slug="inclusion")
        ghent = CityFactory(name="Ghent")
        group = WorkingGroupFactory(name="Migration and integration")
        project = ProjectFactory(acronym="CONNECTION", website="https://example.org/connection")
        ada = PersonFactory(name="Ada Adviser", role_title="")
        RoleFactory(person=ada, title="Policy adviser", project=project)
        bert = PersonFactory(name="Bert Basic", role_title="")
        conference = EventFactory(
            title="Integrating Cities Conference",
            kind=Event.Kind.CONFERENCE,
            city=ghent,
            working_group=group,
            project=project,
            contacts=[ada, bert],
            themes=[theme],
            starts_at=NOW + timedelta(days=10),
            ends_at=NOW + timedelta(days=11),
        )
        EventFactory(
            title="Opening plenary",
            parent=conference,
            city=ghent,
            starts_at=NOW + timedelta(days=10),
            ends_at=NOW + timedelta(days=10, hours=2),
        )
        EventFactory(
            title="Closed-door session",
            parent=conference,
            status=Status.DRAFT,
            starts_at=NOW + timedelta(days=10, hours=3),
            ends_at=NOW + timedelta(days=10, hours=4),
        )
        article = ArticleFactory(
            title="Cities welcome newcomers", working_group=group, themes=[theme]
        )
        article.contacts.set([ada])
        article.projects.set([project])
        ArticleFactory(title="A related story", themes=[theme])
        publication = PublicationFactory(
            title="Integration toolkit",
            document_type=DocumentTypeFactory(
                name="Toolkit", plural_name="Toolkits", slug="toolkit"
            ),
            working_group=group,
            themes=[theme],
            files=[],
        )
        PublicationFileFactory(publication=publication, title="Toolkit in English")
        publication.contacts.set([bert])
        publication.projects.set([project])
    return {
        "conference": conference,
        "session": Event.objects.get(title="Opening plenary"),
        "article": article,
        "publication": publication,
    }


def addresses(network):
    return [item.get_absolute_url() for item in network.values()]


@time_machine.travel(NOW, tick=False)
def test_kept_detail_pages_are_those_of_a_process_that_keeps_nothing(
    client, settings, network, compiled
):
    settings.SHARED_CACHE = False
    unkept = [page(client, url) for url in addresses(network)]

    settings.SHARED_CACHE = True
    compiled.reset_mock()
    assert [page(client, url) for url in addresses(network)] == unkept
    first_compiles = compiled.call_count
    assert [page(client, url) for url in addresses(network)] == unkept
    assert compiled.call_count == first_compiles  # none compiled again

    conference, session, article, publication = (text for _status, text in unkept)
    assert "Opening plenary" in conference and "Closed-door session" not in conference
    assert "Ghent" in conference and "CONNECTION" in conference
    assert "Ada Adviser" in conference and "Policy adviser" in conference
    assert "Bert Basic" in conference
    assert "Part of" in session and "Integrating Cities Conference" in session
    assert "Migration and integration" in article and "A related story" in article
    assert "Toolkit" in publication and "Toolkit in English" in publication
    assert "Bert Basic" in publication


@time_machine.travel(NOW, tick=False)
def test_every_event_shares_the_statements_compiled_for_the_first(client, shared_cache, compiled):
    events = [EventFactory(title=f"Workshop {n}", city=CityFactory()) for n in range(3)]
    page(client, events[0].get_absolute_url())
    compiled.reset_mock()

    for event in events[1:]:
        status, text = page(client, event.get_absolute_url())
        assert status == 200 and event.title in text and event.city.name in text
    assert compiled.call_count == 0


@time_machine.travel(NOW, tick=False)
def test_a_kept_detail_page_reads_no_table_again(client, shared_cache, network):
    url = network["conference"].get_absolute_url()
    client.get("/events/no-such-event/")  # the version's horizon is learnt once for all pages
    with CaptureQueriesContext(connection) as first:
        page(client, url)
    with CaptureQueriesContext(connection) as second:
        page(client, url)

    cities = [q for q in second.captured_queries if 'FROM "content_city"' in q["sql"]]
    assert len(first.captured_queries) <= 10
    assert len(second.captured_queries) < len(first.captured_queries)
    assert not cities  # the city of the event and of its session come from the kept table


@time_machine.travel(NOW, tick=False)
def test_changes_are_on_a_kept_detail_page_at_once(client, shared_cache, network):
    conference = network["conference"]
    url = conference.get_absolute_url()
    assert "Opening plenary" in page(client, url)[1]

    conference.city.name = "Gent"
    conference.city.save()
    EventFactory(
        title="Closing debate",
        parent=conference,
        starts_at=NOW + timedelta(days=11),
        ends_at=NOW + timedelta(days=11, hours=1),
    )
    RoleFactory(person=conference.contacts.get(name="Bert Basic"), title="Speaker liaison")
    conference.contacts.remove(conference.contacts.get(name="Ada Adviser"))
    text = page(client, url)[1]

    assert ">Gent<" in text and "Closing debate" in text and "Speaker liaison" in text
    assert "Ada Adviser" not in text


@time_machine.travel(NOW, tick=False)
def test_a_slug_that_is_also_a_parameter_of_the_statement_reads_its_own_item(client, shared_cache):
    """`published` is also the status the statement filters on: its page and the
    next article's are each their own, whichever is read first."""
    odd = ArticleFactory(title="An article at published", slug="published")
    plain = ArticleFactory(title="A plain article", slug="a-plain-article")

    for _round in range(2):
        for article in (odd, plain, odd):
            status, text = page(client, article.get_absolute_url())
            assert status == 200 and f'<h1 dir="auto">{article.title}</h1>' in text


@time_machine.travel(NOW, tick=False)
def test_drafts_stay_hidden_from_visitors_and_shown_to_editors(shared_cache, staff_client, network):
    visitor = Client()
    draft = ArticleFactory(title="Not yet", status=Status.DRAFT)
    network["publication"].status = Status.DRAFT
    network["publication"].save()

    for url in (draft.get_absolute_url(), network["publication"].get_absolute_url()):
        assert visitor.get(url).status_code == 404
        assert staff_client.get(url).status_code == 200
    assert visitor.get("/news/no-such-article/").status_code == 404
    assert visitor.get("/events/no-such-event/").status_code == 404


def test_every_demo_page_is_the_same_kept_or_not(client, settings, demo):
    items = [
        item
        for model in (Article, Event, Publication)
        for item in model.objects.published().order_by("pk")
    ]
    settings.SHARED_CACHE = False
    unkept = [page(client, item.get_absolute_url()) for item in items]
    settings.SHARED_CACHE = True

    assert [page(client, item.get_absolute_url()) for item in items] == unkept
    assert all(status == 200 for status, _text in unkept)


def test_a_value_found_in_several_parameters_is_compiled_for_itself_alone(shared_cache, compiled):
    """Which parameter to swap is known only when the value is found in exactly one:
    a statement where it is in two is compiled for each value, never kept."""
    for word in ("housing", "rents"):
        ArticleFactory(title=word, slug=word)

    def build(word):
        return Article.objects.filter(Q(slug=word) | Q(title=word))

    for word in ("housing", "rents", "housing"):
        sql, params = versions.compiled_for(("a test",), build, word)
        assert [article.slug for article in Article.objects.raw(sql, params)] == [word]
    assert compiled.call_count == 3


@time_machine.travel(NOW, tick=False)
def test_an_event_without_programme_or_contacts_reads_neither_until_it_has_them(
    client, shared_cache
):
    """The event's own row says whether it has sessions or contacts: most have none."""
    workshop = EventFactory(title="Workshop on housing", kind=Event.Kind.CONFERENCE)
    url = workshop.get_absolute_url()
    page(client, url)
    with CaptureQueriesContext(connection) as queries:
        page(client, url)
    statements = [q["sql"] for q in queries.captured_queries]

    EventFactory(title="Site visit", parent=workshop, starts_at=workshop.starts_at)
    workshop.contacts.add(PersonFactory(name="Carla Contact"))
    text = page(client, url)[1]

    assert len(statements) == 2  # the event, with whether it has either, and its themes
    assert statements[0].startswith('SELECT "events_event"."id"')
    assert '"content_themeditem"' in statements[1]
    assert "Site visit" in text and "Carla Contact" in text


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("factory", [ArticleFactory, PublicationFactory])
def test_a_kept_page_reads_its_own_themes_once_and_a_new_one_at_once(client, shared_cache, factory):
    item = factory(published_at=NOW - timedelta(days=1))
    item.themes.add(ThemeFactory(name="Inclusion"))
    url = item.get_absolute_url()
    page(client, url)
    page(client, url)  # its related items' cards are kept by now
    with CaptureQueriesContext(connection) as again:
        assert "Inclusion" in page(client, url)[1]
    assert not [q for q in again.captured_queries if "content_themeditem" in q["sql"]]

    item.themes.add(ThemeFactory(name="Schools for all"))
    assert "Schools for all" in page(client, url)[1]
