# The README's two commands: `make run` and `make test`. Both set everything up first.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

include frontend.mk

.PHONY: help setup run test test-js test-app test-e2e lint lint-js typecheck bench seed clean lock

help:
	@echo "make run    set up, then serve the demo on http://$(HOST):$(PORT)/ (SQLite, in-memory layer)"
	@echo "make test   set up, then run the whole test suite (set DATABASE_URL/REDIS_URL for PostgreSQL/Redis)"
	@echo "make lint   ruff, mypy and eslint;  make bench   the benchmarks (bench/)"

# The whole dependency tree, pinned with hashes in requirements.lock (`make lock` writes it
# from pyproject.toml); then the project itself, which adds nothing the lock does not hold.
$(VENV)/.installed: pyproject.toml requirements.lock
	@PYTHON_BIN=$$(sh scripts/find_python.sh) && echo "Python: $$PYTHON_BIN" && \
	  ( [ -x $(PY) ] || $$PYTHON_BIN -m venv $(VENV) )
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Regenerate requirements.lock after changing a pin in pyproject.toml (tests/unit/
# test_lock_file.py fails until then). uv resolves for every platform and Python >= 3.12.
UV_VERSION := 0.13.9
lock:
	@PYTHON_BIN=$$(sh scripts/find_python.sh) && \
	  ( [ -x $(VENV)/lock-tools/bin/uv ] || ( $$PYTHON_BIN -m venv $(VENV)/lock-tools && \
	    $(VENV)/lock-tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) ) )
	$(VENV)/lock-tools/bin/uv pip compile pyproject.toml --extra dev --universal \
	  --generate-hashes --python-version 3.12 --no-header --quiet -o requirements.lock

locale/vi/LC_MESSAGES/django.mo: locale/vi/LC_MESSAGES/django.po $(VENV)/.installed
	$(PY) manage.py compiletranslations

staticfiles/.collected: static/vendor/.built $(VENV)/.installed $(shell find static -type f -not -path 'static/vendor/*' 2>/dev/null)
	$(PY) manage.py collectstatic --noinput -v0
	touch $@

setup: $(VENV)/.installed static/vendor/.built locale/vi/LC_MESSAGES/django.mo staticfiles/.collected

run: setup
	sh scripts/ensure_pdf_tools.sh
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (health: http://$(HOST):$(PORT)/healthz)"
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile

# App, unit and live tests in one process; browser tests in their own (the sync Playwright
# loop and pytest-asyncio's loops cannot share a process).
test: setup
	sh scripts/ensure_pdf_tools.sh
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(MAKE) --no-print-directory test-js
	$(MAKE) --no-print-directory test-app
	$(MAKE) --no-print-directory test-e2e

# The browser code's own unit tests (Node's test runner, no browser): tests/js/.
test-js: static/vendor/.built
	$(NODE) --test tests/js/*.test.mjs

test-app:
	sh scripts/ensure_pdf_tools.sh
	$(PY) -m pytest tests --ignore=tests/e2e -q -p no:playwright

test-e2e:
	sh scripts/ensure_chromium.sh
	DJANGO_ALLOW_ASYNC_UNSAFE=true SQLITE_TEST_NAME=$(CURDIR)/var/e2e-test.sqlite3 \
	  $(PY) -m pytest tests/e2e -q

lint: $(VENV)/.installed lint-js
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# ESLint (pinned in package.json, config in eslint.config.mjs) on static/js, tests/js, scripts.
lint-js: static/vendor/.built
	npx --no-install eslint --max-warnings 0 .

bench: setup
	$(PY) -m bench
	sh scripts/ensure_pdf_tools.sh
	$(PY) -m bench.anchoring
	sh scripts/ensure_chromium.sh
	$(PY) -m bench.documents_bench
	$(PY) -m bench.followup_bench
	$(PY) -m bench.reminders_bench
	$(PY) -m bench.sealed_bench
	$(PY) -m bench.request_memory
	$(PY) -m bench.ballot_cost

seed: $(VENV)/.installed
	sh scripts/ensure_pdf_tools.sh
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles var
