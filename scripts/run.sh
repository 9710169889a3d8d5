#!/usr/bin/env bash
# Set up everything and serve the demo site on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh requirements.txt
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-techcampus.settings.dev}
mkdir -p var
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
# The key that signs Open Badges credentials: made once, never replaced.
.venv/bin/python manage.py generate_issuer_key --if-missing
echo
echo "TechCampus runs on http://127.0.0.1:8000 (admin: http://127.0.0.1:8000/admin/)"
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
