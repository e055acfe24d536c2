import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def port(offset):
    """One of this project's test ports (8700-8799), apart for each pytest-xdist worker."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    # OPS_TEST_PORT_SLOT=2 lets a second suite (the other database) run at the same time.
    slot = (worker + int(os.environ.get("OPS_TEST_PORT_SLOT", "0"))) % 4
    return 8700 + 25 * slot + offset


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT for a production-mode server (the manifest its pages need)."""
    root = tmp_path_factory.mktemp("static")
    env = {**os.environ, "STATIC_ROOT": str(root), "SECRET_KEY": "collectstatic-only"}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return root


def get(url, timeout=10, headers=None):
    """(status, body, seconds) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), time.monotonic() - started


class Gunicorn:
    """gunicorn with gunicorn.conf.py and production settings, on one of our ports."""

    def __init__(self, port, env, tmp_path):
        self.url = f"http://127.0.0.1:{port}"
        self.log = tmp_path / f"gunicorn-{port}.log"
        full_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
            "DEBUG": "off",
            "HTTPS": "off",
            "SECRET_KEY": "outage-test-secret-key-not-for-production",
            "ALLOWED_HOSTS": "127.0.0.1",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "1",
            **env,
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "gunicorn.conf.py",
                "eurocities.wsgi:application",
            ],  # fmt: skip
            cwd=ROOT,
            env=full_env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def wait_until_live(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()}")
            try:
                if get(self.url + "/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text()}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
