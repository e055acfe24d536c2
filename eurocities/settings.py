"""Settings for the Eurocities site, read from the environment.

With nothing set, the site runs on a SQLite file with a local-memory cache; every
variable we read is listed in .env.example.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.forms.widgets import Script
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name, default=False):
    """A switch from the environment; a value that is neither on nor off stops the start.

    Silently reading a typo ("HTTPS=of") as False would switch TLS settings off.
    """
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a switch: use one of "
        f"{', '.join(sorted(TRUE_WORDS))} or {', '.join(sorted(FALSE_WORDS))}."
    )


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get(
    "SECRET_KEY", "django-insecure-local-development-key-change-me-in-production"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django.contrib.redirects",
    "django.contrib.postgres",
    "django_filters",
    "taggit",
    "import_export",
    "django_prose_editor",
    "reversion",
    "content",
    "events",
    "publications",
    "charter",
    "opendata",
    "eurocities",
    "axes",  # login lockout (issue 15); its middleware comes last
]

MIDDLEWARE = [
    # Outermost, so every response gets these headers, error pages included.
    "eurocities.middleware.SecurityHeadersMiddleware",
    # Before anything reads the client address or the scheme (BEHIND_PROXY only).
    "eurocities.proxy.ForwardedClientMiddleware",
    "eurocities.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Inside the CSP middleware, which puts each hit's fresh nonce in the header, and
    # before everything a visitor without cookies does not need (sessions, CSRF,
    # messages, ...): a hit skips them. What they add to a response is stored with it.
    "eurocities.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "eurocities.middleware.AdminQueryGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "eurocities.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
    # Addresses of the old site (and renamed slugs) answer 301 instead of 404.
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
]
SITE_ID = 1

ROOT_URLCONF = "eurocities.urls"
WSGI_APPLICATION = "eurocities.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eurocities.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, reusing its redis-py client (eurocities/cache.py).
            "BACKEND": "eurocities.cache.PooledRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whether every web process shares the cache (Redis): only then may a process keep
# what others must see invalidated (eurocities/pagecache.py).
SHARED_CACHE = env_bool("SHARED_CACHE", default=bool(REDIS_URL))
# Anonymous visitors' pages are cached until content changes.
PAGE_CACHE = env_bool("PAGE_CACHE", default=SHARED_CACHE)
# Over Redis, each web process also keeps up to this much of the pages it served, in
# its own memory, while Redis reports no change: a hit then asks Redis nothing.
PAGE_CACHE_PROCESS_BYTES = int(os.environ.get("PAGE_CACHE_PROCESS_MB", "32")) * 1024 * 1024
# What names this build of the site (a commit or image tag): a page cached by
# another build is never served. Unset, a fingerprint of the code, templates and
# static files stands for it (eurocities.pagecache.release).
RELEASE = os.environ.get("RELEASE", "")
# What is derived from public content (facet counts, the theme tree) is kept while
# content stays at the same version (content.versions), with the page cache on or
# off: logged-in editors and previews use it too.
CONTENT_VERSION = "eurocities.pagecache.content_version"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The admin's login form falls back here; Django's default (/accounts/profile/) 404s.
LOGIN_REDIRECT_URL = "/admin/"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
# The organisation's time zone, named only here (content.timezones reads it).
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Media in S3-compatible object storage when a bucket is named, else on local disk.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
# Documents (publications' files): outside MEDIA_ROOT and never served directly, so
# a draft's file has no public address; the download view applies the publishing rule.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Never replace an object: upload names are unique, renditions are made once.
            "file_overwrite": False,
            # Private bucket: page URLs are signed; a day outlives any cached page.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", default=True),
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "86400")),
        },
    }
    # Documents: the same bucket under private/, never given an address (content.uploads).
    STORAGES["private"] = {
        "BACKEND": "content.object_storage.PrivateS3Storage",
        "OPTIONS": {**STORAGES["default"]["OPTIONS"], "location": "private"},
    }
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=not AWS_STORAGE_BUCKET_NAME)
# Uploaded documents larger than this are refused with a form error.
MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_SIZE", str(25 * 1024 * 1024)))
FILE_UPLOAD_PERMISSIONS = 0o644

# Security. The TLS-only settings are on unless HTTPS=off (plain HTTP on a laptop).
HTTPS = env_bool("HTTPS", default=not DEBUG)
# Forwarded headers (scheme, client address, request id) are believed only from the
# one reverse proxy in front of us; without it a client could forge them.
BEHIND_PROXY = env_bool("BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading is hard to undo (browsers ship the list), so it is switched on explicitly.
SECURE_HSTS_PRELOAD = HTTPS and env_bool("HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# The rich-text editor's toolbar (content/fields.py) is built by our own preset,
# which creates the editor without inline <style> tags (the CSP forbids them).
DJANGO_PROSE_EDITOR_PRESETS = {
    "eurocities": [
        Script("django_prose_editor/editor.js", type="module"),
        Script("js/rich_text.js", type="module"),
    ]
}

# Logs on stdout: time, level, logger and request id; LOG_FORMAT=json for one JSON
# object a line. Errors go to Sentry when SENTRY_DSN is set, else by mail to ADMINS.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "eurocities.logs.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "eurocities.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's default (console only with DEBUG); propagates to root.
        "django": {"handlers": [] if SENTRY_DSN else ["mail_admins"], "level": "INFO"},
    },
}

SITE_NAME = "Eurocities"


# ---------------------------------------------------------------------------------
# Production operations (issue 15): secret key, database timeouts, login lockout,
# mail, error reports. The variables are listed in .env.example.

# A production start without a real key refuses to run, rather than signing sessions
# and password-reset links with the key published in this file. Tests (pytest) and
# DEBUG runs keep the throwaway development key.
# Commands that only read the code and write files (migrations, static files) sign
# nothing and serve nothing, so a build or a `makemigrations --check` needs no key.
KEYLESS_COMMANDS = {"makemigrations", "collectstatic"}
_key = os.environ.get("SECRET_KEY", "")
_command = sys.argv[1] if Path(sys.argv[0]).name == "manage.py" and len(sys.argv) > 1 else ""
_weak_key = not _key or _key.startswith("django-insecure-")
if _weak_key and not DEBUG and "pytest" not in sys.modules and _command not in KEYLESS_COMMANDS:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (not the example key).")

# PostgreSQL must not make a page wait for a database that does not answer: a connect
# timeout, a statement timeout on the server, and deadlines on the client side
# (eurocities/db/postgresql), so an outage gives the 503 page within 3 seconds.
DB_CONNECT_TIMEOUT = int(os.environ.get("DB_CONNECT_TIMEOUT", "2"))  # psycopg's minimum
DB_STATEMENT_TIMEOUT = float(os.environ.get("DB_STATEMENT_TIMEOUT", "10"))  # 0: none
DB_HEALTH_CHECK_TIMEOUT = float(os.environ.get("DB_HEALTH_CHECK_TIMEOUT", "1"))
DB_RETRY_AFTER = float(os.environ.get("DB_RETRY_AFTER", "2"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "eurocities.db.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DB_CONNECT_TIMEOUT,
        options=f"-c statement_timeout={int(DB_STATEMENT_TIMEOUT * 1000)}",
    )

# django-axes: 5 wrong passwords for one user from one address lock that pair out for
# a cool-off; `manage.py unlock_login USER` lifts it. The address is REMOTE_ADDR, which
# eurocities.proxy sets from X-Forwarded-For only when BEHIND_PROXY is on.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Lockouts are handled with `manage.py unlock_login`, not in the editors' admin.
AXES_ENABLE_ADMIN = False
AXES_CLIENT_IP_CALLABLE = "eurocities.proxy.client_address"
AXES_LOCKOUT_CALLABLE = "eurocities.auth.lockout_response"

# Mail (password reset, error reports): the console unless EMAIL_BACKEND says otherwise
# (Django 6.1's MAILERS; EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend).
_email_backend = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {"default": {"BACKEND": _email_backend}}
if _email_backend.endswith(".smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "587")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", default=True),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = env_list("ADMINS")
PASSWORD_RESET_TIMEOUT = 3 * 60 * 60  # a reset link works for three hours

if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )

if AWS_STORAGE_BUCKET_NAME:
    # Pages show renditions straight from the bucket: let the CSP allow its origin.
    _endpoint = STORAGES["default"]["OPTIONS"]["endpoint_url"]
    _domain = STORAGES["default"]["OPTIONS"]["custom_domain"]
    if _endpoint and not _domain:
        for _alias in ("default", "private"):  # the bucket in the path
            STORAGES[_alias]["OPTIONS"]["addressing_style"] = "path"
    SECURE_CSP["img-src"].append(
        f"https://{_domain}" if _domain else _endpoint or "https://*.amazonaws.com"
    )

# An admin CSV import waits for its confirmation in the database, so any web
# process may confirm it (the default, a process's temp folder, breaks that).
IMPORT_EXPORT_TMP_STORAGE_CLASS = "charter.imports.DatabaseStorage"
