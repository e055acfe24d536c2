"""A topic's contacts are kept per version of content for visitors' pages
(content.models.ordered_contacts with kept_as): the same people on the next page
without a query, an edit shown at once, the role of the day chosen afresh each day,
and nothing kept from an editor's preview."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content.models import ThemeContact
from tests.factories import PersonFactory, RoleFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def contact_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        text = client.get(address).text
    return text, [q for q in queries.captured_queries if "themecontact" in q["sql"].lower()]


@pytest.fixture
def topic():
    theme = ThemeFactory(name="Housing", slug="housing", has_topic_page=True)
    zoe = PersonFactory(name="Zoe Zimmer", role_title="")
    ThemeContact.objects.create(theme=theme, person=zoe, order=1)
    return theme


def test_a_visitors_page_keeps_the_contacts_until_content_changes(client, shared_cache, topic):
    first, first_queries = contact_queries(client, topic.get_absolute_url())
    second, second_queries = contact_queries(client, topic.get_absolute_url())
    adam = PersonFactory(name="Adam Abel", role_title="")
    ThemeContact.objects.create(theme=topic, person=adam, order=0)  # moves the version
    third, _queries = contact_queries(client, topic.get_absolute_url())

    assert "Zoe Zimmer" in first and "Zoe Zimmer" in second
    assert first_queries and not second_queries
    assert third.index("Adam Abel") < third.index("Zoe Zimmer")


def test_the_role_of_the_day_is_chosen_each_day_from_kept_contacts(client, shared_cache, topic):
    """Roles change with the day, not with content: the kept contacts hold all their
    roles and the page picks the one held today."""
    today = timezone.localdate()
    zoe = topic.contact_links.get().person
    RoleFactory(person=zoe, title="Project Officer", ends_on=today)
    RoleFactory(person=zoe, title="Policy Director", starts_on=today + timedelta(days=1))
    before, _queries = contact_queries(client, topic.get_absolute_url())
    # Just after midnight: a new day, yet within the day content stays at one version.
    tomorrow = timezone.localtime().replace(hour=0, minute=1) + timedelta(days=1)
    with time_machine.travel(tomorrow):
        after, queries = contact_queries(client, topic.get_absolute_url())

    assert "Project Officer" in before and "Policy Director" not in before
    assert not queries  # the contacts were kept
    assert "Policy Director" in after and "Project Officer" not in after


def test_an_editors_preview_keeps_no_contacts(client, shared_cache, topic):
    from django.test import RequestFactory

    from eurocities.views import topic_preview

    request = RequestFactory().post("/admin/content/theme/1/preview/")
    request.editor_preview = True
    request.user = None
    topic_preview(request, topic)
    _page, queries = contact_queries(client, topic.get_absolute_url())

    assert queries  # read for the visitor: the preview kept nothing
