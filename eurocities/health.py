"""Liveness, readiness and the page visitors get while the database is away.

/healthz: the process answers (no database): a container is restarted only when this
fails. /readyz: the database, the cache and the storage answer and every migration is
applied: a proxy or load balancer sends traffic only while this is 200.
"""

import logging
import sys
import uuid

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def service_unavailable(request, exception=None):
    """The 503 page, rendered without the database (no context processors, no session)."""
    logger.warning("Database unavailable for %s: %s", request.path, exception)
    html = loader.get_template("503.html").render({})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # logged above, as a warning: no mail per request
    return response


def server_error(request, template_name="500.html"):
    """handler500: a database outage met outside a view still gets the 503 page."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return service_unavailable(request, error)
    try:
        return django_server_error(request, template_name)
    except Exception:  # the 500 template itself failed
        return HttpResponseServerError("Server error", content_type="text/plain")


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


_migrations_applied = False  # once true, stays true for this process


def _check_database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_migrations():
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            raise RuntimeError(f"{len(plan)} migrations not applied")
        _migrations_applied = True


def _check_cache():
    key, value = "readyz-probe", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("cache did not keep a value")


def _check_storage():
    default_storage.exists("readyz-probe")  # a HEAD on S3; a stat on disk


CHECKS = {
    "database": _check_database,
    "migrations": _check_migrations,
    "cache": _check_cache,
    "storage": _check_storage,
}


@never_cache
@require_safe
def readyz(request):
    results = {}
    for name, check in CHECKS.items():
        if name == "migrations" and results.get("database") != "ok":
            results[name] = "unknown"
            continue
        try:
            check()
        except Exception as error:  # any failure means "down"
            logger.warning("Readiness check %s failed: %s", name, error)
            results[name] = "down"
        else:
            results[name] = "ok"
    ready = all(value == "ok" for value in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", **results}, status=200 if ready else 503
    )
