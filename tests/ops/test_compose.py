"""The deployment files: what docker-compose.yml promises, and the real stack where a
container engine can run (not on the development machines: see the README)."""

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from eurocities.healthcheck import host_header

from .conftest import get

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
CADDYFILE = (ROOT / "deploy" / "Caddyfile").read_text()


def test_every_image_tag_is_pinned_to_a_version():
    for name, service in SERVICES.items():
        if "image" in service and "build" not in service:
            image, _, tag = service["image"].partition(":")
            assert re.match(r"^\d+\.\d+", tag), f"{name}: {service['image']}"  # not 15, not latest


def test_the_web_waits_for_a_one_off_migration_service():
    assert SERVICES["migrate"]["command"][-2:] == ["migrate", "--no-input"]
    assert SERVICES["migrate"]["restart"] == "no"
    needs = SERVICES["web"]["depends_on"]
    assert needs["migrate"]["condition"] == "service_completed_successfully"
    assert "migrate" not in " ".join(map(str, SERVICES["web"].get("command", [])))


def test_only_the_proxy_is_published_and_the_site_trusts_it():
    assert "ports" not in SERVICES["web"]
    assert {"80:80", "443:443"} <= set(SERVICES["proxy"]["ports"])
    environment = SERVICES["web"]["environment"]
    assert environment["BEHIND_PROXY"] == "on" and environment["HTTPS"] == "on"
    assert "reverse_proxy web:8000" in CADDYFILE
    assert "X-Request-ID" in CADDYFILE


def test_long_running_services_restart_and_have_health_checks():
    for name in ["db", "redis", "web", "proxy"]:
        assert SERVICES[name]["restart"] == "unless-stopped", name
        assert SERVICES[name]["healthcheck"]["test"], name
    assert SERVICES["web"]["healthcheck"]["test"][-2:] == ["eurocities.healthcheck", "/readyz"]


def test_the_proxy_body_limit_matches_the_upload_limit():
    upload = int(re.search(r"MAX_UPLOAD_SIZE:-(\d+)", (ROOT / "docker-compose.yml").read_text())[1])
    proxy = int(
        re.search(r"REQUEST_BODY_LIMIT:-(\d+)", (ROOT / "docker-compose.yml").read_text())[1]
    )
    assert upload == 25 * 1024 * 1024
    assert proxy == upload + 1024 * 1024  # the form around one upload
    assert f"max_size {{$REQUEST_BODY_LIMIT:{proxy}}}" in CADDYFILE


def test_the_health_check_sends_the_real_host_so_allowed_hosts_accepts_it():
    assert host_header("eurocities.eu,www.eurocities.eu") == "eurocities.eu"
    assert host_header(".eurocities.eu") == "eurocities.eu"
    assert host_header("") == "localhost"


def test_the_image_leaves_out_environments_databases_media_and_history():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in [".git", ".venv", "db.sqlite3", "media", ".env"]:
        assert entry in ignored


def engine_that_runs_containers():
    """'docker' when a Docker engine answers; None (with the reason) otherwise."""
    if not shutil.which("docker"):
        return None, "no docker client"
    info = subprocess.run(["docker", "info"], capture_output=True, text=True)
    if info.returncode != 0:
        reason = (info.stderr.strip().splitlines() or ["docker info failed"])[-1]
        return None, f"no container engine runs here ({reason})"
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode:
        return None, "docker compose (v2) is not installed"
    return "docker", ""


def test_the_real_stack_serves_https_localhost():
    engine, reason = engine_that_runs_containers()
    if engine is None:
        pytest.skip(reason)
    env = {**os.environ, "SECRET_KEY": "compose-stack-test-" + "x" * 40}
    compose = ["docker", "compose", "--project-name", "eurocities-stack-test"]
    subprocess.run([*compose, "up", "--detach", "--build", "--wait"], cwd=ROOT, env=env, check=True)
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            result = subprocess.run(
                ["curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", "https://localhost/"],
                capture_output=True, text=True,
            )  # fmt: skip
            status = result.stdout
            if status == "200":
                break
            time.sleep(2)
        assert status == "200"
        assert get("http://localhost/")[0] in {200, 308}  # redirected to https by Caddy
    finally:
        subprocess.run([*compose, "down", "--volumes"], cwd=ROOT, env=env)
