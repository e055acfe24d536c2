"""A database that stops answering: the 503 page within 3 s, and recovery without a restart.

gunicorn (gunicorn.conf.py, production settings) talks to PostgreSQL through a TCP
proxy this test starts; blackholed, the proxy accepts connections and never replies.
"""

import time

import pytest
from django.conf import settings
from django.db import connection

from .conftest import Gunicorn, get, port
from .tcpproxy import TcpProxy

PROXY_PORT, WEB_PORT = port(10), port(11)

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "eurocities.db.postgresql",
    reason="the outage test needs PostgreSQL (run the suite with DATABASE_URL=postgres://...)",
)


@pytest.fixture
def site_through_proxy(db, collected_static, tmp_path):
    database = connection.settings_dict  # the test database (the db fixture made it)
    url = f"postgres://{database['USER']}@127.0.0.1:{PROXY_PORT}/{database['NAME']}"
    with TcpProxy(
        int(database["PORT"] or 5432), PROXY_PORT, database["HOST"] or "127.0.0.1"
    ) as proxy:
        server = Gunicorn(
            WEB_PORT,
            {"DATABASE_URL": url, "STATIC_ROOT": str(collected_static), "CONN_MAX_AGE": "60"},
            tmp_path,
        )
        try:
            server.wait_until_live()
            yield proxy, server
        finally:
            server.stop()


def test_pages_answer_503_within_3_seconds_while_the_database_is_blackholed_then_recover(
    site_through_proxy,
):
    proxy, server = site_through_proxy
    status, _, _ = get(server.url + "/")
    assert status == 200  # a kept connection now exists, and goes silent below

    proxy.blackhole()
    for path in ["/", "/news/", "/", "/events/"]:
        status, body, seconds = get(server.url + path)
        assert status == 503, path
        assert "temporarily unavailable" in body
        assert seconds < 3, (path, seconds)
    time.sleep(2.5)  # past DB_RETRY_AFTER: a new connection is tried, and times out
    status, body, seconds = get(server.url + "/")
    assert status == 503 and seconds < 3, seconds
    status, body, seconds = get(server.url + "/readyz")
    assert status == 503 and '"database": "down"' in body and seconds < 3
    status, _, seconds = get(server.url + "/healthz")
    assert status == 200 and seconds < 1  # alive: no restart wanted

    proxy.restore()
    deadline = time.monotonic() + 10
    while (status := get(server.url + "/")[0]) != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert status == 200
    assert get(server.url + "/readyz")[0] == 200
    assert server.process.poll() is None  # the same gunicorn, never restarted


def test_with_the_database_down_pages_answer_503_at_once(site_through_proxy):
    proxy, server = site_through_proxy
    proxy.__exit__(None, None, None)  # nothing listens: connections are refused
    status, body, seconds = get(server.url + "/")
    assert status == 503 and "temporarily unavailable" in body
    assert seconds < 3
