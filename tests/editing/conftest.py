import pytest
from django.contrib.auth.models import Group

from charter.roles import COMMUNICATIONS, COORDINATORS


def _member(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def comms_user(django_user_model):
    """A staff user in the 'Communications' group (made by a migration)."""
    return _member(django_user_model, "comms", COMMUNICATIONS)


@pytest.fixture
def comms_client(client, comms_user):
    client.force_login(comms_user)
    client.user = comms_user
    return client


@pytest.fixture
def coordinator_client(client, django_user_model):
    """A staff client in the 'Charter coordinators' group."""
    user = _member(django_user_model, "coordinator", COORDINATORS)
    client.force_login(user)
    client.user = user
    return client
