import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

EXPECTED = {
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


def assert_policy_headers(response):
    for name, value in EXPECTED.items():
        assert response.headers[name] == value, name
    policy = response.headers["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
    assert response.headers["X-Request-ID"]


class Broken:
    class objects:  # stands in for a model manager
        @staticmethod
        def published():
            raise RuntimeError("boom")


def test_policy_headers_are_on_a_200_a_404_and_a_500_page(client, monkeypatch):
    ok = client.get("/")
    assert ok.status_code == 200
    assert_policy_headers(ok)

    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert_policy_headers(missing)

    monkeypatch.setattr("eurocities.views.Article", Broken)
    failing = Client(raise_request_exception=False).get("/")
    assert failing.status_code == 500
    assert "Something went wrong" in failing.text
    assert_policy_headers(failing)


def test_hsts_preload_is_only_sent_when_switched_on(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = False
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    settings.SECURE_HSTS_PRELOAD = True
    response = Client().get("/", secure=True)  # a new client reads the settings again
    assert response.headers["Strict-Transport-Security"].endswith("; preload")
