# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install messages lock

# The exact versions CI tested, each file checked against its hash: requirements-test.lock
# (the portal and its test tools) here, requirements.lock (the portal alone) in the Dockerfile.
# Both come from pyproject.toml through `make lock`; never edit them by hand.
LOCK := requirements-test.lock
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --generate-hashes --python-version 3.11 --quiet --custom-compile-command "make lock"

$(STAMP): $(LOCK) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Regenerate the lock files after changing pyproject.toml's dependencies; pins that still fit
# are kept. To move versions on: `make lock LOCK_ARGS=--upgrade` (everything) or
# `make lock LOCK_ARGS="--upgrade-package stripe"` (one package). Then run `make test`.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv>=0.5"
	$(UV_COMPILE) --extra test $(LOCK_ARGS) -o requirements-test.lock
	$(UV_COMPILE) --constraint requirements-test.lock -o requirements.lock

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
