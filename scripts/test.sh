#!/usr/bin/env bash
# Run the whole test suite (browser tests included where Chromium is installed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
