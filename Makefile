.PHONY: run test lint format messages check

run:
	scripts/run.sh

test:
	scripts/test.sh

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

check:
	.venv/bin/python manage.py check
	.venv/bin/python manage.py makemigrations --check --dry-run

# Refresh the translation catalogues and compile them.
messages:
	.venv/bin/python manage.py makemessages --locale nl --locale en --ignore '.venv/*' --ignore 'var/*'
	.venv/bin/python manage.py compilemessages --ignore '.venv/*'
