#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/browser/) when it is missing.
# Playwright drives this Chromium; `playwright install` is never used (it downloads a
# browser build of its own). axe-core comes with the Python packages (requirements-dev.txt).
# Needs root for apt-get; otherwise it only says what to do, and the tests are skipped.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  echo "Chromium for the browser tests: $(command -v chromium)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is not installed and this is not root on Debian: the browser tests will be" \
       "skipped. Install it with: apt-get install chromium" >&2
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# Another apt-get may hold the lock for a while: wait for it rather than fail.
for attempt in 1 2 3 4 5; do
  if apt-get update -q && apt-get install -y -q --no-install-recommends \
       -o DPkg::Lock::Timeout=300 chromium; then
    break
  fi
  [ "$attempt" = 5 ] && { echo "Could not install chromium with apt-get" >&2; exit 1; }
  echo "apt-get failed (attempt $attempt), retrying in 10 s" >&2
  sleep 10
done
echo "Chromium for the browser tests: $(command -v chromium)"
