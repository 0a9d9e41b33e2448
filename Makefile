# citycert: `make demo` to try it, `make test` to check it. Both install what they need into .venv:
# `make demo` only what running needs (`make install-run`); `make test` adds the development set (`make install`:
# ruff, mypy, pytest, Playwright, a browser and PostgreSQL's programs), as a developer's checkout wants.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: demo test test-sqlite test-postgres checks install install-run lint clean

install: $(DEV_STAMP)
install-run: $(RUN_STAMP)

$(RUN_STAMP): pyproject.toml scripts/system-packages.sh
	@sh scripts/system-packages.sh run
	$(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	@touch $@

$(DEV_STAMP): $(RUN_STAMP)
	@sh scripts/system-packages.sh test
	$(PIP) -e '.[dev]'
	@touch $@

# The server and, beside it, one worker (round archives, emails, imports' follow-ups, the hourly and daily jobs);
# the worker stops when the server does (Ctrl-C).
DEMO_ADDRESS ?= 127.0.0.1:8000
demo: $(RUN_STAMP)
	$(BIN)/citycert migrate --no-input
	$(BIN)/citycert demo
	$(BIN)/citycert worker --no-startup-delay & worker=$$!; \
		trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
		$(BIN)/citycert runserver --insecure $(DEMO_ADDRESS)

# lint-imports keeps the layers of docs/architecture.md (contracts in pyproject.toml).
lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy citycert tests bench
	$(BIN)/lint-imports --no-logo

# The whole suite twice: on SQLite (the default database) and on a PostgreSQL server the test run starts
# for itself in a temporary directory and removes afterwards (installed first when run as root). Where
# PostgreSQL cannot be had, a warning says so and the SQLite run alone decides.
test: lint checks test-sqlite test-postgres

# The deploy check runs with production settings and throwaway values (a secret key, a signing key made for the
# check and thrown away): any warning fails the build.
checks: $(RUN_STAMP)
	$(BIN)/citycert check --fail-level WARNING
	env -u DEBUG CITYCERT_PRODUCTION=1 ALLOWED_HOSTS=citycert.example CITYCERT_PUBLIC_URL=https://citycert.example \
		SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		CITYCERT_SIGNING_KEY_PEM="$$($(BIN)/python -m citycert.signing)" \
		$(BIN)/citycert check --deploy --fail-level WARNING
	$(BIN)/citycert makemigrations --check --dry-run

test-sqlite: $(DEV_STAMP)
	env -u DATABASE_URL $(BIN)/pytest

test-postgres: $(DEV_STAMP)
	scripts/throwaway-postgres.sh $(BIN)/pytest

clean:
	rm -rf $(VENV) var
