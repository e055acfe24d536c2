#!/usr/bin/env bash
# Run the whole test suite (browser tests included where Chromium is installed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
if ! command -v chromium >/dev/null 2>&1; then
  echo "NOTE: chromium is not installed: the browser tests (tests/browser/) will be SKIPPED." \
       "scripts/install-browser.sh installs it (as root)." >&2
fi
# Two workers (the machine has two cores), one test file per worker at a time so a
# module's shared fixtures load once. TEST_WORKERS=0 runs in this process.
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-2}" --dist loadfile "$@"
