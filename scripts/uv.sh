#!/usr/bin/env bash
# Run the project's pinned uv with a Python 3.12+ (.venv's, then PATH, then pyenv),
# installing that uv first if needed. Never downloads a Python build.
#   scripts/uv.sh sync --locked     scripts/uv.sh lock     scripts/uv.sh add NAME
set -euo pipefail
cd "$(dirname "$0")/.."

# The installer itself, pinned; it lives outside .venv, which uv keeps exactly as locked.
UV_VERSION=0.13.9

is_new_enough() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }

find_python() {
  local candidate
  if [ -x .venv/bin/python ] && is_new_enough .venv/bin/python; then
    .venv/bin/python -c 'import sys; print(sys._base_executable)'; return
  fi
  for candidate in python3.13 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && is_new_enough "$candidate"; then
      command -v "$candidate"; return
    fi
  done
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3; do
    if [ -x "$candidate" ] && is_new_enough "$candidate"; then
      echo "$candidate"; return
    fi
  done
  return 1
}

python=$(find_python) || { echo "Python 3.12 or newer is needed (on PATH or under pyenv)." >&2; exit 1; }
tools=.cache/uv-$UV_VERSION
if [ ! -x "$tools/bin/uv" ]; then
  echo "== Installing uv $UV_VERSION (it installs what uv.lock pins) into $tools" >&2
  rm -rf "$tools"
  "$python" -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
export UV_PROJECT_ENVIRONMENT=.venv UV_PYTHON_DOWNLOADS=never UV_PYTHON="$python"
exec "$tools/bin/uv" "$@"
