# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# A working portal at http://127.0.0.1:8000 with demo data, background worker included.
run: $(STAMP)
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed_demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runportal 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Style, the layers contract (import-linter) and types (mypy with django-stubs).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DEBUG=1 PORTAL_VAR_DIR=$${PORTAL_VAR_DIR:-var} $(BIN)/mypy

bench: $(STAMP)
	@for f in bench/[!_]*.py; do [ -e "$$f" ] || continue; echo "== $$f"; $(BIN)/python "$$f" || exit 1; done

# Regenerate the Spanish catalogue (needs gettext); the compiled .mo is committed.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l es --no-location --ignore=.venv --ignore=var --ignore=tests --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv
