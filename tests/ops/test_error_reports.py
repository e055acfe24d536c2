"""Errors reach someone (mail to ADMINS, or Sentry), and logs carry a request id."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

from eurocities import health
from eurocities.logs import RequestIdFilter

from .test_security_headers import Broken

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def run_python(code, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SENTRY_DSN", "LOG_FORMAT"}}
    clean.update(
        {"SECRET_KEY": "error-report-tests", "DJANGO_SETTINGS_MODULE": "eurocities.settings"}, **env
    )
    command = [sys.executable, "-c", "import django; django.setup();" + code]
    return subprocess.run(command, env=clean, cwd=ROOT, capture_output=True, text=True)


def test_a_server_error_is_mailed_to_admins(settings, monkeypatch):
    settings.ADMINS = ["ops@example.org"]
    monkeypatch.setattr("eurocities.views.Article", Broken)
    assert Client(raise_request_exception=False).get("/").status_code == 500
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ops@example.org"]
    assert "Internal Server Error: /" in mail.outbox[0].subject


def test_with_sentry_configured_errors_go_to_sentry_not_to_the_inbox():
    result = run_python(
        "import logging, sentry_sdk;"
        "print(sentry_sdk.get_client().is_active(),"
        " [type(h).__name__ for h in logging.getLogger('django').handlers])",
        SENTRY_DSN="https://public@127.0.0.1:8730/1",
    )
    assert result.stdout.split()[0] == "True", result.stderr
    assert "AdminEmailHandler" not in result.stdout
    without = run_python(
        "import logging, sentry_sdk;"
        "print(sentry_sdk.get_client().is_active(),"
        " [type(h).__name__ for h in logging.getLogger('django').handlers])"
    )
    assert without.stdout.split()[0] == "False" and "AdminEmailHandler" in without.stdout


def test_logs_are_json_lines_on_stdout_when_asked():
    result = run_python(
        "import logging; logging.getLogger('eurocities.test').warning('hello %s', 'there')",
        LOG_FORMAT="json",
    )
    entry = json.loads(result.stdout.strip().splitlines()[-1])
    assert entry["level"] == "WARNING" and entry["logger"] == "eurocities.test"
    assert entry["message"] == "hello there" and entry["request_id"] == "-"
    assert entry["time"].endswith("+00:00")
    text = run_python("import logging; logging.getLogger('eurocities.test').warning('plain')")
    assert text.stdout.strip().endswith("WARNING eurocities.test [-] plain")


def test_log_lines_written_during_a_request_carry_its_id(client, monkeypatch, settings):
    records = []
    handler = logging.Handler()
    handler.addFilter(RequestIdFilter())
    handler.emit = records.append
    logging.getLogger("eurocities.health").addHandler(handler)

    def broken_storage():
        raise OSError("bucket unreachable")

    monkeypatch.setitem(health.CHECKS, "storage", broken_storage)
    try:
        response = client.get("/readyz", headers={"x-request-id": "from-the-client"})
        settings.BEHIND_PROXY = True
        proxied = client.get("/readyz", headers={"x-request-id": "caddy-1234"})
    finally:
        logging.getLogger("eurocities.health").removeHandler(handler)
    assert response.status_code == 503 and response.json()["storage"] == "down"
    # Not behind the proxy: the client's id is not believed, a new one is made.
    assert response["X-Request-ID"] != "from-the-client"
    assert proxied["X-Request-ID"] == "caddy-1234"
    assert [r.request_id for r in records] == [response["X-Request-ID"], "caddy-1234"]
