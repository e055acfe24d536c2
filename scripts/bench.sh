#!/usr/bin/env bash
# The benchmark (docs/performance.md): gunicorn + PostgreSQL + wrk, demo size and full
# scale. Installs Debian's wrk when missing (as root), like install-browser.sh does for
# Chromium. Arguments go to scripts/bench.py (--sizes, --only, --duration ...).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh >/dev/null

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "wrk is not installed and this is not root on Debian. Install it: apt-get install wrk" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 wrk >/dev/null
fi

# bench.py stops its servers on SIGTERM/SIGINT; pass ours on, then wait for it.
.venv/bin/python scripts/bench.py "$@" &
bench=$!
trap 'kill -TERM "$bench" 2>/dev/null || true; wait "$bench" 2>/dev/null || true' INT TERM
wait "$bench"
