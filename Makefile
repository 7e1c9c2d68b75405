# Set-up and everyday commands. Every target installs what it needs into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/railguard: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt -e '.[test]'
	touch $@

.PHONY: install serve test typecheck bench postgres wrk lock
install: $(BIN)/railguard postgres

postgres:  ## a PostgreSQL server for the audit tests (they start their own on 127.0.0.1); needs root to install
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || \
		echo "PostgreSQL server not installed: the PostgreSQL audit tests will skip"; }

serve: $(BIN)/railguard  ## the webhook on https://127.0.0.1:8443 with dev certs, bundled policies, SQLite audit
	$(BIN)/railguard serve --dev

typecheck: $(BIN)/railguard
	$(BIN)/mypy

test: install  ## type check + the whole test suite
	$(BIN)/mypy
	$(BIN)/pytest

wrk:  ## the HTTP load generator of bench/server_bench.py (it falls back to a Python one without it); needs root
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) || \
		echo "wrk not installed: bench/server_bench.py uses its Python load generator"; }

bench: $(BIN)/railguard wrk
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

lock:  ## constraints.txt anew: the newest versions pyproject.toml allows, resolved in a fresh virtualenv
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv && .lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -e '.[test]'
	{ sed -n '/^#/p' constraints.txt; .lock-venv/bin/pip freeze --exclude-editable | grep -v '^railguard'; } > constraints.new
	mv constraints.new constraints.txt && rm -rf .lock-venv
