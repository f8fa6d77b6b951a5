# Two commands on a fresh machine with Python 3.11 and make: `make run`, `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000

.PHONY: run test bench lint format migrate seed messages clean-venv

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

migrate: $(VENV)/.installed-run
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo --if-empty

## Serve the demo school with its task worker on http://127.0.0.1:8000
run: seed
	$(PY) manage.py devserver $(ADDR)

## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set),
## on every core (pytest-xdist); `make test PYTEST_ARGS=news/tests/test_timeline.py` runs one file.
PYTEST_ARGS ?= -n auto
test: $(VENV)/.installed-dev
	$(PY) -m pytest $(PYTEST_ARGS)

## The checks CI runs before the tests: ruff (lint and format), the import
## layers (import-linter, pyproject.toml), Django's checks and missing migrations.
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

## Rewrite the code as ruff formats it (and fix what ruff fixes by itself).
format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Benchmarks (not part of the test suite)
bench: $(VENV)/.installed-dev
	$(PY) -m pytest bench $(BENCH_ARGS)

## Rebuild the Dutch catalogues (locale/nl, and an app's own locale/ such as
## privatemedia's) after changing user-facing text, then translate the new
## entries: school_site/tests/test_translations.py fails until every one is. Message ids
## are English, so English needs no catalogue.
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages --locale nl --no-obsolete --ignore '.venv/*' --ignore '*/tests/*' --ignore 'testing/*' --ignore 'bench/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean-venv:
	rm -rf $(VENV)
