import pytest
from django.contrib.auth.models import Group
from django.test import Client

from charter.roles import COMMUNICATIONS, COORDINATORS


def _member_client(django_user_model, username, group_name):
    client = Client()  # its own cookies, so two roles can be used in one test
    user = django_user_model.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def comms_client(django_user_model):
    """A staff client in the 'Communications' group, not a superuser."""
    return _member_client(django_user_model, "comms", COMMUNICATIONS)


@pytest.fixture
def coordinator_client(django_user_model):
    """A staff client in the 'Charter coordinators' group."""
    return _member_client(django_user_model, "coordinator", COORDINATORS)
