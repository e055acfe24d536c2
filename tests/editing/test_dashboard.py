"""The dashboard on the admin index: counts, links that filter, permissions, cost."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from content.models import Article, Status
from eurocities.dashboard import dashboard_lines
from events.models import Event
from tests.factories import (
    ArticleFactory,
    EventFactory,
    PersonFactory,
    PublicationFactory,
    PublicationFileFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def make_fixtures(comms_user, other_user, copies=1):
    """A known amount of everything the dashboard counts (times `copies`)."""
    day = timedelta(days=1)
    for _ in range(copies):
        # Drafts: 2 articles and 1 event by comms; 1 article by someone else.
        ArticleFactory.create_batch(2, status=Status.DRAFT, created_by=comms_user)
        ArticleFactory(status=Status.DRAFT, created_by=other_user)
        EventFactory(status=Status.DRAFT, created_by=comms_user)
        # Scheduled: 1 article in 3 days, 1 article in 10 days, 1 publication in 6 days.
        ArticleFactory(published_at=NOW + 3 * day)
        ArticleFactory(published_at=NOW + 10 * day)
        PublicationFactory(published_at=NOW + 6 * day, files=[])
        # Calls: closing in 5 days and in 20 days, one closed yesterday.
        ArticleFactory(kind=Article.Kind.CALL, deadline=NOW + 5 * day)
        ArticleFactory(kind=Article.Kind.CALL, deadline=NOW + 20 * day)
        ArticleFactory(kind=Article.Kind.CALL, deadline=NOW - day)
        # Events: an upcoming one without a body, a past one without a body, and a
        # published conference with one draft session and one published session.
        EventFactory(body="")
        EventFactory(body="  ", starts_at=NOW - 9 * day, ends_at=NOW - 8 * day)
        conference = EventFactory(kind=Event.Kind.CONFERENCE)
        EventFactory(parent=conference, status=Status.DRAFT)
        EventFactory(parent=conference)
        # Publications: one with a file, the rest (incl. the scheduled one) without.
        PublicationFileFactory()
        # Images: a photo whose description is only spaces.
        PersonFactory(photo=ContentFile(b"x", name="p.jpg"), photo_alt_text="   ")


def as_dict(lines):
    return {line.label: line for _group, group_lines in lines for line in group_lines}


def test_dashboard_counts_match_the_fixtures(comms_client, comms_user, django_user_model, frozen):
    make_fixtures(comms_user, django_user_model.objects.create_user("other"))
    lines = as_dict(dashboard_lines(comms_user))
    counts = {label: line.count for label, line in lines.items()}
    assert counts == {
        "Draft articles you created": 2,
        "Draft events you created": 1,
        "Draft publications you created": 0,
        "articles scheduled in the next 7 days": 1,
        "events scheduled in the next 7 days": 0,
        "publications scheduled in the next 7 days": 1,
        "Calls closing within 14 days": 1,
        # Everything was made "now": 8 articles, 6 events, 2 publications.
        "articles changed in the last 7 days": 8,
        "events changed in the last 7 days": 6,
        "publications changed in the last 7 days": 2,
        "Upcoming events without a description": 1,
        "Upcoming events with programme sessions still in draft": 1,
        "Publications without a file": 1,
        "Article lead images without a description": 0,
        "Publication covers without a description": 0,
        "Photos of people without a description": 1,
    }


def test_each_line_links_to_a_list_filtered_to_exactly_its_items(
    comms_client, comms_user, django_user_model, frozen
):
    make_fixtures(comms_user, django_user_model.objects.create_user("other"))
    for label, line in as_dict(dashboard_lines(comms_user)).items():
        response = comms_client.get(line.url)
        assert response.status_code == 200, label
        assert response.context["cl"].result_count == line.count, label


def test_the_admin_index_shows_the_dashboard(comms_client, comms_user, frozen):
    ArticleFactory.create_batch(3, status=Status.DRAFT, created_by=comms_user)
    response = comms_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "Your workspace" in response.text
    url = reverse("admin:content_article_changelist") + "?state=draft&amp;mine=yes"
    assert f'<a href="{url}"><span class="workspace__count">3</span>' in response.text


def test_a_coordinator_sees_only_lines_about_what_they_may_see(coordinator_client, frozen):
    ArticleFactory(status=Status.DRAFT)
    lines = as_dict(dashboard_lines(coordinator_client.user))
    assert set(lines) == {"Photos of people without a description"}
    response = coordinator_client.get(reverse("admin:index"))
    assert "Draft articles" not in response.text
    assert "Calls closing" not in response.text


@pytest.mark.parametrize("copies", [1, 3])
def test_the_admin_index_costs_the_same_queries_whatever_the_content(
    comms_client, comms_user, django_user_model, django_assert_num_queries, frozen, copies
):
    make_fixtures(comms_user, django_user_model.objects.create_user("other"), copies=copies)
    # Session, user, the user's and the groups' permissions, the dashboard (one
    # query per model: articles, events, publications, people), recent actions.
    with django_assert_num_queries(9):
        assert comms_client.get(reverse("admin:index")).status_code == 200
