#!/usr/bin/env bash
# Check the deployment files without a container engine: docker-compose.yml with
# `docker compose config` (or Debian's docker-compose), deploy/Caddyfile with `caddy adapt`.
# As root on Debian, installs the missing tools with apt-get; otherwise says what it skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

install() {
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "$@" >/dev/null 2>&1 || {
      apt-get update -q >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o DPkg::Lock::Timeout=300 "$@" >/dev/null 2>&1; }
}

# Values the compose file requires (${VAR:?}); nothing is started.
export SECRET_KEY="${SECRET_KEY:-compose-config-check-only}"
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1 || install docker-compose; then
  compose=(docker-compose)
else
  echo "No compose binary (docker compose, docker-compose) could be had:" \
       "tests/ops/test_compose.py still checks the file's structure." >&2
  compose=()
fi
if [ ${#compose[@]} -gt 0 ]; then
  echo "docker-compose.yml: ${compose[*]} config ($("${compose[@]}" version --short 2>/dev/null || true))"
  "${compose[@]}" config --quiet
fi

if command -v caddy >/dev/null 2>&1 || install caddy; then
  version=$(caddy version | cut -d' ' -f1)
  file=deploy/Caddyfile
  # request_buffers/response_buffers are Caddy 2.7+; Debian bookworm has 2.6.
  if [ "$(printf '%s\n' v2.7 "$version" | sort -V | head -1)" != v2.7 ]; then
    file=$(mktemp)
    grep -v '_buffers ' deploy/Caddyfile > "$file"
    echo "deploy/Caddyfile: caddy $version adapt (without the 2.7+ *_buffers lines)"
  else
    echo "deploy/Caddyfile: caddy $version adapt"
  fi
  caddy adapt --config "$file" --adapter caddyfile >/dev/null
else
  echo "caddy is not installed: deploy/Caddyfile was not parsed." >&2
fi
echo "Deployment files OK"
