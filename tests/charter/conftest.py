import pytest
from django.contrib.auth.models import Group

from charter.roles import COMMUNICATIONS, COORDINATORS


def _member_client(client, django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def coordinator_client(client, django_user_model):
    """A staff client in the 'Charter coordinators' group (made by a migration)."""
    return _member_client(client, django_user_model, "coordinator", COORDINATORS)


@pytest.fixture
def communications_client(client, django_user_model):
    """A staff client in the 'Communications' group (made by a migration)."""
    return _member_client(client, django_user_model, "comms", COMMUNICATIONS)
