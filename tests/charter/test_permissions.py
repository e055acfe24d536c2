import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from charter.models import Signatory
from charter.roles import COMMUNICATIONS, COORDINATORS, sync_roles
from tests.factories import (
    ArticleFactory,
    CityFactory,
    MonitoringReportFactory,
    PledgeFactory,
    SignatoryFactory,
    ThemeFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects():
    return {
        "signatory": SignatoryFactory(),
        "pledge": PledgeFactory(),
        "report": MonitoringReportFactory(),
        "article": ArticleFactory(),
        "theme": ThemeFactory(),
        "group": WorkingGroupFactory(),
        "city": CityFactory(),
    }


def test_both_groups_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {COORDINATORS, COMMUNICATIONS}


COORDINATOR_ALLOWED = [
    "/admin/",
    "/admin/charter/signatory/",
    "/admin/charter/signatory/add/",
    "/admin/charter/signatory/{signatory}/change/",
    "/admin/charter/signatory/import/",
    "/admin/charter/signatory/export/",
    "/admin/charter/pledge/",
    "/admin/charter/pledge/add/",
    "/admin/charter/pledge/{pledge}/change/",
    "/admin/charter/pledge/import/",
    "/admin/charter/monitoringreport/",
    "/admin/charter/monitoringreport/add/",
    "/admin/charter/monitoringreport/{report}/change/",
    "/admin/charter/pillarprinciple/",
    "/admin/content/city/",
    "/admin/content/city/add/",
    "/admin/content/city/{city}/change/",
]
COORDINATOR_REFUSED = [
    "/admin/content/article/",
    "/admin/content/article/add/",
    "/admin/content/article/{article}/change/",
    "/admin/content/theme/",
    "/admin/content/workinggroup/",
    "/admin/content/workinggroup/{group}/change/",
    "/admin/content/project/add/",
    "/admin/content/forum/",
    "/admin/content/person/add/",
    "/admin/charter/signatory/{signatory}/delete/",
    "/admin/charter/pledge/{pledge}/delete/",
    "/admin/charter/pillarprinciple/add/",
    "/admin/content/city/{city}/delete/",
    "/admin/auth/user/",
    "/admin/auth/group/",
    "/admin/events/event/",
    "/admin/events/event/add/",
    "/admin/publications/publication/",
    "/admin/publications/publication/add/",
    "/admin/publications/documenttype/",
]
COMMUNICATIONS_ALLOWED = [
    "/admin/content/article/",
    "/admin/content/article/add/",
    "/admin/content/article/{article}/change/",
    "/admin/content/article/{article}/delete/",
    "/admin/content/theme/add/",
    "/admin/content/theme/{theme}/change/",
    "/admin/content/person/add/",
    "/admin/content/workinggroup/add/",
    "/admin/content/workinggroup/{group}/change/",
    "/admin/content/project/add/",
    "/admin/content/forum/add/",
    "/admin/charter/signatory/",
    "/admin/charter/signatory/{signatory}/change/",
    "/admin/charter/pledge/",
    "/admin/charter/monitoringreport/",
    "/admin/events/event/",
    "/admin/events/event/add/",
    "/admin/publications/publication/",
    "/admin/publications/publication/add/",
    "/admin/publications/documenttype/add/",
]
COMMUNICATIONS_REFUSED = [
    "/admin/charter/signatory/add/",
    "/admin/charter/signatory/{signatory}/delete/",
    "/admin/charter/signatory/import/",
    "/admin/charter/pledge/add/",
    "/admin/charter/pledge/import/",
    "/admin/charter/monitoringreport/add/",
    "/admin/content/city/add/",
    "/admin/auth/user/",
]


def urls(templates, objects):
    return [t.format(**{k: o.pk for k, o in objects.items()}) for t in templates]


def test_a_coordinator_reaches_the_charter_admin_and_cities(coordinator_client, objects):
    for url in urls(COORDINATOR_ALLOWED, objects):
        assert coordinator_client.get(url).status_code == 200, url


def test_a_coordinator_is_refused_everything_else(coordinator_client, objects):
    for url in urls(COORDINATOR_REFUSED, objects):
        assert coordinator_client.get(url).status_code == 403, url


def test_communications_manage_content_and_see_the_charter(communications_client, objects):
    for url in urls(COMMUNICATIONS_ALLOWED, objects):
        assert communications_client.get(url).status_code == 200, url


def test_communications_are_refused_changes_to_the_charter(communications_client, objects):
    for url in urls(COMMUNICATIONS_REFUSED, objects):
        assert communications_client.get(url).status_code == 403, url


def test_communications_see_a_signatory_read_only_and_cannot_post_a_change(
    communications_client, objects
):
    signatory = objects["signatory"]
    url = f"/admin/charter/signatory/{signatory.pk}/change/"
    page = communications_client.get(url).content.decode()
    assert 'name="_save"' not in page
    response = communications_client.post(url, {"status": "withdrawn"})
    assert response.status_code == 403
    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.SIGNED


def test_a_coordinator_can_add_a_signatory(coordinator_client):
    city = CityFactory()
    response = coordinator_client.post(
        "/admin/charter/signatory/add/",
        {
            "city": city.pk,
            "status": "interested",
            "pipeline_since": "2024-05-01",
            "role_policy_maker": "on",
            "monitoring_reports-TOTAL_FORMS": "0",
            "monitoring_reports-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Signatory.objects.get().city == city


def test_a_coordinators_admin_index_lists_only_the_charter_and_cities(coordinator_client):
    page = coordinator_client.get("/admin/").content.decode()
    assert "/admin/charter/signatory/" in page
    assert "/admin/content/article/" not in page


def test_syncing_roles_restores_a_lost_grant_and_keeps_hand_made_ones():
    group = Group.objects.get(name=COORDINATORS)
    group.permissions.remove(Permission.objects.get(codename="add_signatory"))
    hand_made = Permission.objects.get(codename="delete_pledge")
    group.permissions.add(hand_made)

    sync_roles(apps)

    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_signatory", "delete_pledge"} <= codenames
    assert "delete_signatory" not in codenames


def test_communications_get_every_model_of_the_events_and_publications_apps():
    group = Group.objects.get(name=COMMUNICATIONS)
    for label in ("events", "publications"):
        expected = Permission.objects.filter(content_type__app_label=label)
        assert expected.count() >= 4, label  # add, change, delete, view of a model at least
        assert set(expected) <= set(group.permissions.all())


def test_communications_cannot_withdraw_a_signature_through_the_list_action(
    communications_client, django_user_model
):
    signatory = SignatoryFactory()
    withdraw = {"action": "withdraw", "_selected_action": [signatory.pk]}
    communications_client.post("/admin/charter/signatory/", withdraw)
    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.SIGNED

    # The same request from a coordinator does withdraw: the refusal above is the rule's.
    coordinator = django_user_model.objects.create_user("coordinator", is_staff=True)
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    communications_client.force_login(coordinator)
    communications_client.post("/admin/charter/signatory/", withdraw)
    signatory.refresh_from_db()
    assert signatory.status == Signatory.Status.WITHDRAWN
