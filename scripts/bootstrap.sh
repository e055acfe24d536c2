#!/usr/bin/env bash
# Create .venv with a Python 3.12+ and install exactly what uv.lock pins.
#   scripts/bootstrap.sh          everything: the site, the tests and the linters
#   scripts/bootstrap.sh --serve  only what serving the site needs (make run)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --serve ]; then
  echo "== Installing what the site needs (uv sync --locked --no-dev)"
  # --inexact: keep the test tools if an earlier `make test` installed them.
  scripts/uv.sh sync --locked --no-dev --inexact
else
  echo "== Installing the site, test and lint tools (uv sync --locked)"
  scripts/uv.sh sync --locked
fi
