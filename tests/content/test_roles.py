"""People's roles over time, and the contacts' order editors choose."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse
from django.utils.html import strip_tags

from content.models import Person, Role, ThemeContact, WorkingGroupContact
from events.models import Event
from tests.factories import (
    ArticleFactory,
    EventFactory,
    PersonFactory,
    ProjectFactory,
    PublicationFactory,
    RoleFactory,
    ThemeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 3, 10, 12, tzinfo=UTC)


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


@pytest.fixture
def coordinator():
    """A project coordinator whose title changed at the start of 2021."""
    person = PersonFactory(name="Katharina Bamberg", role_title="")
    RoleFactory(
        person=person,
        title="Project Coordinator",
        starts_on=date(2019, 5, 1),
        ends_on=date(2020, 12, 31),
    )
    RoleFactory(
        person=person,
        title="Senior Project Coordinator",
        project=ProjectFactory(acronym="UNITES"),
        starts_on=date(2021, 1, 1),
    )
    return Person.objects.with_roles().get(pk=person.pk)


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2019, 4, 30), None),
        (date(2019, 5, 1), "Project Coordinator"),
        (date(2020, 12, 31), "Project Coordinator"),
        (date(2021, 1, 1), "Senior Project Coordinator – UNITES"),
        (date(2035, 1, 1), "Senior Project Coordinator – UNITES"),
    ],
)
def test_the_role_held_on_a_date(coordinator, day, label):
    role = coordinator.role_at(day)
    assert (role.label if role else None) == label


def test_the_most_recent_of_overlapping_roles_counts(coordinator):
    RoleFactory(person=coordinator, title="Acting Head of Unit", starts_on=date(2022, 6, 1))
    person = Person.objects.with_roles().get(pk=coordinator.pk)
    assert person.role_at(date(2022, 7, 1)).title == "Acting Head of Unit"
    assert person.role_at(date(2022, 5, 1)).title == "Senior Project Coordinator"


def test_a_role_without_dates_is_held_always():
    person = PersonFactory(role_title="Policy Advisor")
    assert Person.objects.with_roles().get(pk=person.pk).role_at(date(1990, 1, 1)).title == (
        "Policy Advisor"
    )


def test_the_label_does_not_repeat_the_project_already_in_the_title():
    role = RoleFactory(
        title="Senior Project Coordinator - UNITES", project=ProjectFactory(acronym="UNITES")
    )
    assert role.label == "Senior Project Coordinator - UNITES"


@time_machine.travel(TODAY, tick=False)
def test_the_2020_conference_shows_the_2020_title(client, coordinator):
    event = EventFactory(
        kind=Event.Kind.CONFERENCE,
        starts_at=datetime(2020, 12, 2, 9, tzinfo=UTC),
        ends_at=datetime(2020, 12, 3, 12, tzinfo=UTC),
        contacts=[coordinator],
    )
    text = page_text(client, event.get_absolute_url())
    assert "Katharina Bamberg Project Coordinator" in text
    assert "Senior" not in text


@time_machine.travel(TODAY, tick=False)
def test_articles_and_publications_show_the_title_of_their_date(client, coordinator):
    article = ArticleFactory(published_at=datetime(2020, 3, 23, 9, tzinfo=UTC))
    article.contacts.add(coordinator)
    publication = PublicationFactory(published_at=datetime(2022, 1, 3, 9, tzinfo=UTC))
    publication.contacts.add(coordinator)
    assert "Katharina Bamberg Project Coordinator" in page_text(client, article.get_absolute_url())
    assert "Senior Project Coordinator – UNITES" in page_text(
        client, publication.get_absolute_url()
    )


@time_machine.travel(TODAY, tick=False)
def test_topic_and_working_group_pages_show_the_current_title(client, coordinator):
    topic = ThemeFactory(slug="migration", name="Migration")
    topic.contacts.add(coordinator)
    group = WorkingGroupFactory()
    group.contacts.add(coordinator)
    for url in (topic.get_absolute_url(), group.get_absolute_url()):
        assert "Katharina Bamberg Senior Project Coordinator – UNITES" in page_text(client, url)


@time_machine.travel(TODAY, tick=False)
def test_a_person_whose_role_ended_shows_no_title_today(client):
    person = PersonFactory(name="Former Colleague", role_title="")
    RoleFactory(person=person, title="Policy Officer", ends_on=date(2024, 1, 1))
    topic = ThemeFactory(slug="migration", name="Migration")
    topic.contacts.add(person)
    text = page_text(client, topic.get_absolute_url())
    assert "Former Colleague" in text
    assert "Policy Officer" not in text


def test_roles_cost_no_query_per_contact(client, django_assert_num_queries):
    event = EventFactory(contacts=[PersonFactory() for _ in range(5)])
    for person in event.contacts.all():
        RoleFactory(person=person, project=ProjectFactory())
    client.get(event.get_absolute_url())  # warm renditions and caches
    # event, themes, contacts, their roles (with projects), programme, signings:
    # the same with one contact or fifty.
    with django_assert_num_queries(6):
        client.get(event.get_absolute_url())


def test_a_role_cannot_end_before_it_starts_in_the_database():
    with pytest.raises(IntegrityError):
        RoleFactory(starts_on=date(2021, 1, 1), ends_on=date(2020, 1, 1))


def person_form(name="Katharina Bamberg", roles=()):
    data = {
        "name": name,
        "email": "",
        "photo_alt_text": "",
        "roles-TOTAL_FORMS": str(len(roles)),
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }
    for index, role in enumerate(roles):
        for key, value in role.items():
            data[f"roles-{index}-{key}"] = value
    return data


def test_the_admin_records_a_title_change_as_two_roles(staff_client):
    project = ProjectFactory(acronym="UNITES")
    response = staff_client.post(
        reverse("admin:content_person_add"),
        person_form(
            roles=[
                {"title": "Project Coordinator", "starts_on": "2019-05-01"}
                | {"ends_on": "2020-12-31"},
                {"title": "Senior Project Coordinator", "project": project.pk}
                | {"starts_on": "2021-01-01"},
            ]
        ),
    )
    assert response.status_code == 302, response.context["errors"]
    person = Person.objects.with_roles().get()
    assert [r.title for r in person.roles.all()] == [
        "Senior Project Coordinator",
        "Project Coordinator",
    ]
    changelist = staff_client.get(reverse("admin:content_person_changelist")).text
    assert "Senior Project Coordinator – UNITES" in changelist


def test_the_admin_refuses_a_role_ending_before_it_starts(staff_client):
    response = staff_client.post(
        reverse("admin:content_person_add"),
        person_form(
            roles=[{"title": "Officer", "starts_on": "2021-01-01"} | {"ends_on": "2020-01-01"}]
        ),
    )
    assert response.status_code == 200
    assert "A role cannot end before it starts." in response.text
    assert not Person.objects.exists()
    assert not Role.objects.exists()


def contacts_form(prefix, people_and_order, **extra):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(people_and_order)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        **extra,
    }
    for index, (person, order) in enumerate(people_and_order):
        data[f"{prefix}-{index}-person"] = person.pk
        data[f"{prefix}-{index}-order"] = order
    return data


def test_editors_choose_the_order_of_a_topics_contacts(staff_client, client):
    zoe, adam = PersonFactory(name="Zoe Zimmer"), PersonFactory(name="Adam Abel")
    topic = ThemeFactory(slug="migration", name="Migration")
    response = staff_client.post(
        reverse("admin:content_theme_change", args=[topic.pk]),
        contacts_form(
            "contact_links",
            [(zoe, 10), (adam, 20)],
            name="Migration",
            slug="migration",
            has_topic_page="on",
            description="",
            intro="",
        ),
    )
    assert response.status_code == 302, response.context["errors"]
    text = page_text(client, topic.get_absolute_url())
    assert text.index("Zoe Zimmer") < text.index("Adam Abel")
    ThemeContact.objects.filter(person=adam).update(order=1)
    text = page_text(client, topic.get_absolute_url())
    assert text.index("Adam Abel") < text.index("Zoe Zimmer")


def test_editors_choose_the_order_of_a_working_groups_contacts(client):
    group = WorkingGroupFactory()
    zoe, adam = PersonFactory(name="Zoe Zimmer"), PersonFactory(name="Adam Abel")
    WorkingGroupContact.objects.create(working_group=group, person=zoe, order=1)
    WorkingGroupContact.objects.create(working_group=group, person=adam, order=2)
    text = page_text(client, group.get_absolute_url())
    assert text.index("Zoe Zimmer") < text.index("Adam Abel")


def test_a_person_is_a_contact_of_a_topic_once(staff_client):
    person = PersonFactory()
    topic = ThemeFactory(slug="migration", name="Migration")
    response = staff_client.post(
        reverse("admin:content_theme_change", args=[topic.pk]),
        contacts_form(
            "contact_links",
            [(person, 1), (person, 2)],
            name="Migration",
            slug="migration",
            has_topic_page="on",
        ),
    )
    assert response.status_code == 200
    assert not ThemeContact.objects.exists()
