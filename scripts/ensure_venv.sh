#!/usr/bin/env bash
# Creates .venv and installs the pinned requirements; reinstalls only when they change.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "Safe Contact needs Python 3.11 or newer (found: $("$PYTHON" --version 2>&1))." >&2; exit 1
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating .venv"
  "$PYTHON" -m venv .venv
fi
hash=$(cat requirements/*.txt | sha256sum | cut -c1-16)
if [ "$(cat .venv/.requirements-hash 2>/dev/null)" != "$hash" ]; then
  echo "==> Installing Python packages (requirements/dev.txt)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip 2> >(grep -v "is ignored: it is neither" >&2)
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt 2> >(grep -v "is ignored: it is neither" >&2)
  echo "$hash" > .venv/.requirements-hash
fi
