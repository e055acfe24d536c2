#!/usr/bin/env bash
# Create .venv with a Python 3.12+ and install exactly what uv.lock pins.
#   scripts/bootstrap.sh          everything: the site, the tests and the linters
#   scripts/bootstrap.sh --serve  only what serving the site needs (make run)
set -euo pipefail
cd "$(dirname "$0")/.."
# Compiled once here: where PYTHONDONTWRITEBYTECODE is set (this machine, the
# image) nothing else writes the .pyc files, and every process (a test worker, a
# manage.py command, a gunicorn worker's first request) would compile Django from
# source again: 2.9 s to start manage.py, 1.2 s with them (docs/performance.md).
export UV_COMPILE_BYTECODE=1
if [ "${1:-}" = --serve ]; then
  echo "== Installing what the site needs (uv sync --locked --no-dev)"
  # --inexact: keep the test tools if an earlier `make test` installed them.
  scripts/uv.sh sync --locked --no-dev --inexact
else
  echo "== Installing the site, test and lint tools (uv sync --locked)"
  scripts/uv.sh sync --locked
fi
