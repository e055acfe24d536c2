"""The site's own 503 page for database errors, wherever they are met; no mail storm."""

import pytest
from django.core import mail
from django.db import OperationalError
from django.test import Client

from eurocities.middleware import AdminQueryGuardMiddleware

from .test_security_headers import assert_policy_headers

pytestmark = pytest.mark.django_db


class Unreachable:
    class objects:  # stands in for a model manager
        @staticmethod
        def published():
            raise OperationalError("connection timeout expired")


def assert_503_page(response):
    assert response.status_code == 503
    assert "The site is temporarily unavailable" in response.text
    assert response["Retry-After"] == "30"
    assert_policy_headers(response)


def test_a_database_error_in_a_view_gives_the_503_page_and_no_mail(settings, monkeypatch):
    settings.ADMINS = ["ops@example.org"]
    monkeypatch.setattr("eurocities.views.Article", Unreachable)
    assert_503_page(Client(raise_request_exception=False).get("/"))
    assert mail.outbox == []  # logged as a warning: an outage must not flood the inbox


def test_a_database_error_outside_a_view_also_gives_the_503_page(monkeypatch):
    def unreachable(self, request):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(AdminQueryGuardMiddleware, "__call__", unreachable)
    assert_503_page(Client(raise_request_exception=False).get("/"))
