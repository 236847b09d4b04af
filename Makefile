# Custodiet: the two commands are `make demo` and `make test`; both set everything up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEEDS ?= ../shared/seeds
export CUSTODIET_DATA_DIR ?= var

.PHONY: demo test test-sqlite test-postgres test-future bench bench-load lint install browser serve demo-data clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip uv

# Reinstall when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/uv pip install --python $(BIN)/python -q -e '.[test,lint]'
	touch $@

install: $(VENV)/.installed

demo-data: install
	$(BIN)/custodiet migrate --no-input -v 0
	$(BIN)/custodiet keys ensure
	$(BIN)/custodiet treaty load-reference
	$(BIN)/custodiet standards load
	$(BIN)/custodiet places import custodiet/places/data/demo_places.csv
	$(BIN)/custodiet reports load-reference
	@if [ -d "$(SEEDS)" ]; then $(BIN)/custodiet intake add "$(SEEDS)"; \
	  else echo "No seed articles at $(SEEDS); the timeline starts empty (set SEEDS=dir)."; fi
	$(BIN)/custodiet demo_admin

# The demo runs without the two-factor requirement so that it can be tried without an
# authenticator app; `make demo DEMO_2FA=true` turns it on, as it always is in production.
DEMO_2FA ?= false
serve: install
	@echo "Two-factor authentication required in this demo: $(DEMO_2FA) (production: always)."
	@# The background worker runs beside the server (imports started from a page), and stops with it.
	CUSTODIET_REQUIRE_2FA=$(DEMO_2FA) $(BIN)/custodiet worker & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	  CUSTODIET_REQUIRE_2FA=$(DEMO_2FA) $(BIN)/custodiet runserver 127.0.0.1:8000

demo: demo-data serve

# Browser tests drive Debian's Chromium; the rendering tests read PDFs back with pdftotext.
# Install what is missing when we can (as root, with apt-get).
browser:
	@missing=""; [ -x /usr/bin/chromium ] || missing="chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's $$missing for the tests..."; \
	    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing $$missing and no way to install it: the tests that need it will be skipped."; fi; \
	fi

test: install browser
	$(BIN)/custodiet makemigrations --check --dry-run -v 1
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install
	@echo "== test suite on SQLite =="
	CUSTODIET_DATA_DIR=$$(mktemp -d) DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -q -p no:cacheprovider

test-postgres: install
	@echo "== test suite on PostgreSQL (throwaway server) =="
	CUSTODIET_DATA_DIR=$$(mktemp -d) DJANGO_ALLOW_ASYNC_UNSAFE=true \
	  $(BIN)/python tools/with_postgres.py -- $(BIN)/pytest -q -p no:cacheprovider

bench: install
	$(BIN)/python bench/run.py

# The load test alone: custodiet serve on loopback, 50/100/200 clients, SQLite then PostgreSQL (BENCHMARKS.md).
bench-load: install
	$(BIN)/python bench/bench_load.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy custodiet

# The suite with the system clock years ahead (Debian's faketime): it must pass on any date, because
# every test runs on the frozen clock of custodiet/conftest.py, never on the real one.
FUTURE ?= +5y
test-future: install browser
	@command -v faketime >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq faketime >/dev/null; } || \
	  { echo "faketime is needed (Debian package faketime)"; exit 1; }
	@echo "== test suite on SQLite, system clock $(FUTURE) =="
	CUSTODIET_DATA_DIR=$$(mktemp -d) DJANGO_ALLOW_ASYNC_UNSAFE=true \
	  faketime -f "$(FUTURE)" $(BIN)/pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
