import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
from django.conf import settings
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": settings.DATABASES["default"]["NAME"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "secure_cookies": settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE,
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
}))
"""


def settings_with(**env):
    """The settings a fresh process builds from exactly these environment variables."""
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DEBUG", "DATABASE_URL", "REDIS_URL", "HTTPS", "SECRET_KEY"}}  # fmt: skip
    clean.update(env, DJANGO_SETTINGS_MODULE="eurocities.settings")
    command = [sys.executable, "-c", "import django; django.setup();" + PROBE]
    output = subprocess.run(command, env=clean, cwd=ROOT, capture_output=True, text=True)
    assert output.returncode == 0, output.stderr
    return json.loads(output.stdout)


def test_with_nothing_set_the_site_uses_sqlite_local_memory_and_no_debug():
    found = settings_with()
    assert found["debug"] is False
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["db_name"].endswith("db.sqlite3")
    assert found["cache"].endswith("LocMemCache")


def test_database_and_redis_urls_select_postgresql_and_the_redis_cache():
    found = settings_with(
        DATABASE_URL="postgres://user:pw@db.example:5432/eurocities",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["db_name"] == "eurocities"
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_tls_settings_are_on_in_production_trust_the_proxy_and_switch_off_for_http():
    production = settings_with()
    assert production["ssl_redirect"] and production["secure_cookies"]
    assert production["hsts"] == 31536000
    assert production["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    laptop = settings_with(HTTPS="off")
    assert not laptop["ssl_redirect"] and not laptop["secure_cookies"]
    assert laptop["hsts"] == 0


def start_with(**env):
    """Exit code and error output of `manage.py check` in a fresh process with this env."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS", "SERVE_MEDIA"}}
    clean.update(env)
    command = [sys.executable, "manage.py", "check"]
    output = subprocess.run(command, env=clean, cwd=ROOT, capture_output=True, text=True)
    return output.returncode, output.stderr


def test_a_typo_in_a_switch_stops_the_start_with_a_message_naming_it():
    code, errors = start_with(HTTPS="of")
    assert code != 0
    assert "HTTPS='of' is not a switch" in errors


def test_every_spelling_of_on_and_off_is_read():
    for word in ("on", "ON", " yes ", "1", "true"):
        assert settings_with(HTTPS=word)["ssl_redirect"] is True, word
    for word in ("off", "No", "0", "false"):
        assert settings_with(HTTPS=word)["ssl_redirect"] is False, word


def test_an_empty_switch_takes_its_default():
    assert settings_with(HTTPS="")["ssl_redirect"] is True
