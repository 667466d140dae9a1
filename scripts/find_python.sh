#!/bin/sh
# Print a Python >= 3.12 interpreter (Django 6 needs it), or explain what is missing.
# A pyenv shim may exist and still fail ("command not found"), so each candidate is run.
for candidate in "${PYTHON:-}" python3.13 python3.12 python3 \
    "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3 \
    /usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12; do
  [ -n "$candidate" ] || continue
  if "$candidate" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    command -v "$candidate" 2>/dev/null || echo "$candidate"
    exit 0
  fi
done
echo "Paperless Council needs Python 3.12 or newer (Django 6). Install it, or set PYTHON=/path/to/python3.12." >&2
exit 1
