"""Login lockout (django-axes) and password reset by mail, through the admin's pages.

Tests elsewhere log in with client.force_login: axes needs the request that
client.login() does not pass.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@example.org", "right-password-123", is_staff=True
    )


def attempt(client, password, address="198.51.100.7", **headers):
    return client.post(
        LOGIN,
        {"username": "editor", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        headers=headers,
    )


def fail_five_times(client, **kwargs):
    for _ in range(5):
        response = attempt(client, "wrong", **kwargs)
        assert response.status_code in {200, 429}


def test_five_wrong_passwords_lock_the_user_out_from_that_address(client, editor):
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200  # the form again
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    assert "Too many failed log-in attempts" in locked.text
    assert "Try again in 15 minutes" in locked.text
    # Even the right password is refused now.
    assert attempt(client, "right-password-123").status_code == 429


def test_the_lockout_is_per_user_and_address(client, editor, django_user_model):
    fail_five_times(client)
    assert attempt(client, "right-password-123", address="198.51.100.8").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, editor):
    fail_five_times(client)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert attempt(client, "right-password-123").status_code == 302


def test_unlock_command_lifts_the_lockout(client, editor, capsys):
    fail_five_times(client)
    assert attempt(client, "right-password-123").status_code == 429
    call_command("unlock_login", "editor")
    assert "Unlocked editor" in capsys.readouterr().out
    assert attempt(client, "right-password-123").status_code == 302


def test_a_forged_forwarded_for_does_not_dodge_the_lockout(client, editor, settings):
    settings.BEHIND_PROXY = False
    for n in range(5):
        attempt(client, "wrong", x_forwarded_for=f"203.0.113.{n}")
    assert attempt(client, "right-password-123", x_forwarded_for="203.0.113.99").status_code == 429


def test_behind_the_proxy_the_forwarded_client_address_is_what_counts(client, editor, settings):
    settings.BEHIND_PROXY = True
    proxy = "172.18.0.5"  # every request arrives from the proxy
    fail_five_times(client, address=proxy, x_forwarded_for="203.0.113.10")
    assert (
        attempt(
            client, "right-password-123", address=proxy, x_forwarded_for="203.0.113.10"
        ).status_code
        == 429
    )
    # Another visitor behind the same proxy is not locked out.
    assert (
        attempt(
            client, "right-password-123", address=proxy, x_forwarded_for="203.0.113.11"
        ).status_code
        == 302
    )


def test_admin_login_offers_a_password_reset_that_mails_the_editor(client, editor):
    login_page = client.get(LOGIN)
    assert 'href="/admin/password_reset/"' in login_page.text
    assert "Forgotten your" in login_page.text

    response = client.post("/admin/password_reset/", {"email": "editor@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor@example.org"]
    link = next(line for line in message.body.splitlines() if "/admin/reset/" in line).strip()
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "A-new-long-passphrase-9", "new_password2": "A-new-long-passphrase-9"},
    )
    assert done.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password("A-new-long-passphrase-9")


def test_password_reset_mails_only_editors(client, django_user_model):
    django_user_model.objects.create_user("reader", "reader@example.org", "pw-123456789")
    response = client.post("/admin/password_reset/", {"email": "reader@example.org"})
    assert response.status_code == 302  # the same answer, so addresses cannot be probed
    assert mail.outbox == []
