"""Django's PostgreSQL backend with deadlines, for a database that stops answering.

The server's statement_timeout only helps while the server can still reply. When the
network goes silent (the database host gone, a firewall dropping packets) psycopg
waits for ever, and every page hangs until gunicorn kills its worker. So:

- every wait for the server has a deadline (the statement timeout plus a second), and
  the per-request health check of a kept connection a short one (1 s);
- a connection that missed a deadline is closed (its state is unknown), and for
  DB_RETRY_AFTER seconds no new connection is tried: pages fail at once with the
  site's 503 page instead of each waiting the connect timeout;
- after that, the next request tries again, so the site recovers on its own.
"""

import threading
import time

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base

# (host, port, dbname) -> monotonic time before which no connection is tried.
_unreachable_until = {}
_lock = threading.Lock()


def _server_key(params):
    return (params.get("host"), params.get("port"), params.get("dbname"))


class DeadlineConnection(psycopg.Connection):
    deadline = None  # seconds; None waits as long as psycopg would
    server_key = None

    def wait(self, gen, *args, timeout=None, **kwargs):
        timeout = self.deadline if timeout is None else timeout
        try:
            return super().wait(gen, *args, timeout=timeout, **kwargs)
        except psycopg.errors._WaitTimeout as error:
            # Half a conversation is lost: nothing more can be said on this connection.
            self.pgconn.finish()
            mark_unreachable(self.server_key)
            raise psycopg.OperationalError(
                f"The database did not answer within {timeout:g} s."
            ) from error


def mark_unreachable(key):
    with _lock:
        _unreachable_until[key] = time.monotonic() + settings.DB_RETRY_AFTER


class _Driver:
    """The psycopg module, except that connect() makes DeadlineConnections."""

    def __getattr__(self, name):
        return getattr(psycopg, name)

    @staticmethod
    def connect(*args, **kwargs):
        return DeadlineConnection.connect(*args, **kwargs)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = _Driver()

    def query_deadline(self):
        timeout = settings.DB_STATEMENT_TIMEOUT
        return timeout + 1 if timeout else None

    def get_new_connection(self, conn_params):
        key = _server_key(conn_params)
        if time.monotonic() < _unreachable_until.get(key, 0):
            raise psycopg.OperationalError(
                "The database did not answer a moment ago; not trying again yet."
            )
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.errors.ConnectionTimeout:
            mark_unreachable(key)
            raise
        connection.server_key = key
        connection.deadline = self.query_deadline()
        return connection

    def is_usable(self):
        if self.connection is None:
            return False
        self.connection.deadline = settings.DB_HEALTH_CHECK_TIMEOUT
        try:
            return super().is_usable()
        finally:
            self.connection.deadline = self.query_deadline()
