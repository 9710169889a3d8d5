#!/usr/bin/env bash
# Create .venv with Python 3.11 and install a requirements file into it.
# Usage: scripts/bootstrap.sh requirements.txt
# The install is skipped when the file has not changed since the last one.
set -euo pipefail
cd "$(dirname "$0")/.."

requirements=${1:-requirements.txt}

find_python() {
    for candidate in "${PYTHON:-}" python3.11 python3; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Python 3.11 is needed; set PYTHON=/path/to/python3.11." >&2
    return 1
}

if [ ! -x .venv/bin/python ]; then
    python=$(find_python)
    "$python" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
fi

stamp=".venv/.installed-$(basename "$requirements")"
checksum=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$checksum" ]; then
    echo "Installing $requirements into .venv ..."
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
    echo "$checksum" > "$stamp"
fi
