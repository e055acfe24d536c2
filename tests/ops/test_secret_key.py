"""The production start refuses to run without SECRET_KEY (a fresh process each)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "HTTPS"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], env=clean, cwd=ROOT, capture_output=True, text=True
    )


def test_without_secret_key_and_without_debug_the_site_refuses_to_start():
    result = manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    example = manage("check", SECRET_KEY="django-insecure-change-me")  # .env.example's
    assert example.returncode != 0 and "SECRET_KEY must be set" in example.stderr


def test_building_migrations_and_static_files_needs_no_key(tmp_path):
    migrations = manage("makemigrations", "--check", "--dry-run")
    assert migrations.returncode == 0, migrations.stderr
    assert "No changes detected" in migrations.stdout
    static = manage("collectstatic", "--no-input", "-v0", STATIC_ROOT=str(tmp_path))
    assert static.returncode == 0, static.stderr
    # Anything else still refuses (the test above: check, migrate, runserver, the site).
    migrate = manage("migrate", "--plan")
    assert migrate.returncode != 0 and "SECRET_KEY must be set" in migrate.stderr


def test_with_a_secret_key_or_with_debug_it_starts():
    assert manage("check", SECRET_KEY="a-real-production-secret-key").returncode == 0
    assert manage("check", DEBUG="on").returncode == 0


def test_hsts_preload_is_a_switch_that_defaults_to_off():
    probe = "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)"
    off = manage("shell", "-c", probe, SECRET_KEY="k" * 50)
    on = manage("shell", "-c", probe, SECRET_KEY="k" * 50, HSTS_PRELOAD="on")
    assert off.stdout.splitlines()[-1] == "False"
    assert on.stdout.splitlines()[-1] == "True"
