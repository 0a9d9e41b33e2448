# citycert: `make demo` to try it, `make test` to check it. Both install what they need into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-sqlite test-postgres checks install system-packages lint clean

install: $(STAMP)

$(STAMP): pyproject.toml scripts/system-packages.sh
	@sh scripts/system-packages.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/citycert migrate --no-input
	$(BIN)/citycert demo
	$(BIN)/citycert runserver --insecure 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy citycert tests bench

# The whole suite twice: on SQLite (the default database) and on a PostgreSQL server the test run starts
# for itself in a temporary directory and removes afterwards (installed first when run as root). Where
# PostgreSQL cannot be had, a warning says so and the SQLite run alone decides.
test: lint checks test-sqlite test-postgres

# The deploy check runs with production settings and throwaway values: any warning fails the build.
checks: $(STAMP)
	$(BIN)/citycert check --fail-level WARNING
	env -u DEBUG CITYCERT_PRODUCTION=1 ALLOWED_HOSTS=citycert.example CITYCERT_PUBLIC_URL=https://citycert.example \
		SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(BIN)/citycert check --deploy --fail-level WARNING
	$(BIN)/citycert makemigrations --check --dry-run

test-sqlite: $(STAMP)
	env -u DATABASE_URL $(BIN)/pytest

test-postgres: $(STAMP)
	scripts/throwaway-postgres.sh $(BIN)/pytest

clean:
	rm -rf $(VENV) var
