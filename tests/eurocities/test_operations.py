import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

pytestmark = pytest.mark.django_db


def test_health_endpoint_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "up"


def test_health_endpoint_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_ensure_admin_creates_a_superuser_once_with_a_generated_password(
    django_user_model, capsys, monkeypatch
):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    first = capsys.readouterr().out
    assert "password" in first
    call_command("ensure_admin")
    assert "already exists" in capsys.readouterr().out
    assert django_user_model.objects.filter(username="admin", is_superuser=True).count() == 1


def test_security_headers_are_set_on_html_pages(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    for directive in ["default-src 'self'", "object-src 'none'", "base-uri 'none'",
                      "frame-ancestors 'none'", "form-action 'self'"]:  # fmt: skip
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert client.get("/nope/").headers["X-Frame-Options"] == "DENY"


def test_disallowed_host_is_refused(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_admin_login_never_redirects_off_site(client, django_user_model):
    django_user_model.objects.create_superuser("boss", "b@example.org", "pw-long-enough")
    for target in ["https://evil.example/", "//evil.example", "/\\evil.example"]:
        response = client.post(
            f"/admin/login/?next={target}",
            {"username": "boss", "password": "pw-long-enough", "next": target},
        )
        assert response.status_code == 302
        assert response.headers["Location"] == "/admin/"
        client.logout()
