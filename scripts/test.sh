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
exec .venv/bin/python -m pytest "$@"
