#!/usr/bin/env bash
# Set up everything the test suite needs and run it. Extra arguments go to
# pytest. Set DATABASE_URL to run against PostgreSQL instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh requirements-dev.txt

# The browser tests drive Debian's Chromium; Playwright's own browser
# download does not work on every machine.
if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "Installing Chromium for the browser tests ..."
        (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium) >/dev/null
    elif command -v sudo >/dev/null 2>&1; then
        sudo sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium' >/dev/null
    else
        echo "The browser tests need /usr/bin/chromium: apt-get install chromium" >&2
        exit 1
    fi
fi

mkdir -p var test-artifacts
exec .venv/bin/python -m pytest "$@"
