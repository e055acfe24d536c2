#!/usr/bin/env bash
# Install, migrate, load the demo content and serve the site at http://127.0.0.1:${PORT:-8000}/.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-8000}"
case "$port" in
  ''|*[!0-9]*) echo "PORT must be a number, not '$port'." >&2; exit 2 ;;
esac
scripts/bootstrap.sh --serve
export DEBUG="${DEBUG:-on}" HTTPS="${HTTPS:-off}"
echo "== Applying database migrations"
.venv/bin/python manage.py migrate --no-input -v1
echo "== Loading the demo content (nothing is duplicated on a second run)"
.venv/bin/python manage.py load_demo
.venv/bin/python manage.py ensure_admin
echo "== Serving http://127.0.0.1:$port/ (admin: http://127.0.0.1:$port/admin/)"
exec .venv/bin/python manage.py runserver "127.0.0.1:$port"
