import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def staff_client(client, django_user_model):
    """A client logged in as a superuser (every admin page allowed)."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo content loaded once for a test module, inside a transaction rolled back
    after the module: each test runs in a savepoint of its own, as with `db`."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            call_command("load_demo", stdout=io.StringIO())
            yield media
            transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_for_module, db, settings):
    """The demo content (what `make run` shows), shared by the tests of one module."""
    settings.MEDIA_ROOT = _demo_for_module


@pytest.fixture(autouse=True)
def _rows_from_data_migrations(request, django_db_blocker):
    """Put back what the data migrations add (document types, Pillar principles, the
    editors' groups) when a transactional test earlier on this worker flushed them.

    A flush empties every table; tests that run after it on the same worker would
    otherwise miss rows every installation has.
    """
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        return
    request.getfixturevalue("django_db_setup")  # the test database, never the real one
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from charter.models import PillarPrinciple
    from charter.roles import sync_roles
    from publications.models import DocumentType

    with django_db_blocker.unblock():
        if DocumentType.objects.exists() and PillarPrinciple.objects.exists():
            return
        editor = SimpleNamespace(connection=connection)
        importlib.import_module("publications.migrations.0002_document_types").add_document_types(
            apps, editor
        )
        importlib.import_module("charter.migrations.0002_pillar_principles").load(apps, editor)
        sync_roles(apps)
