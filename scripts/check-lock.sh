#!/usr/bin/env bash
# Fail when uv.lock is stale for pyproject.toml, or requirements.txt is stale for uv.lock.
# `make lock` rewrites both.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/uv.sh lock --check --quiet
scripts/uv.sh export --quiet --locked --no-dev --no-emit-project --no-header --format requirements-txt \
  | diff -u requirements.txt - \
  || { echo "requirements.txt is not what uv.lock gives: run make lock" >&2; exit 1; }
