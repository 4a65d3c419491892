# Safe Contact. `make demo` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PY := .venv/bin/python
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help venv demo test test-fast lint bench matrix clean e2e mutation faults restore-drill screenshots

help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

venv: ## Create the virtual environment and install pinned requirements (only what changed)
	@bash scripts/ensure_venv.sh

DEMO_HOST ?= 127.0.0.1
DEMO_PORT ?= 8000
demo: venv ## Migrate the embedded SQLite database, load demo data, serve (DEMO_HOST=127.0.0.1 DEMO_PORT=8000) with the worker
	@DEMO_HOST=$(DEMO_HOST) DEMO_PORT=$(DEMO_PORT) bash scripts/demo.sh

test: venv ## Install what is missing (Chromium, PostgreSQL) and run lint + every test on SQLite and PostgreSQL
	@bash scripts/test.sh

test-fast: venv ## Unit and service tests on SQLite only (no browser), for quick feedback
	@$(PY) -m pytest -m "not e2e" -x -q

e2e: venv ## Browser journeys only (Playwright + axe on Debian chromium, PostgreSQL)
	@bash scripts/test.sh e2e

faults: venv ## The fault suite on its own PostgreSQL cluster: restarts, killed workers, SMTP down, full disk, races
	@bash scripts/faults.sh

restore-drill: venv ## Back up a scratch PostgreSQL database, restore it into a fresh one, verify_audit (docs/operations.md)
	@bash scripts/restore_drill.sh

lint: venv ## ruff, mypy, the import layers (lint-imports), djLint, and a check that no migration is missing
	@bash scripts/lint.sh

mutation: venv ## Mutation testing of the critical modules (slow; not in make test). MODULES="register" for one
	@bash scripts/mutation.sh $(MODULES)

bench: venv ## Benchmarks (see bench/README.md); prints ratios measured in one run
	@bash scripts/bench.sh

matrix: venv ## Re-render docs/access-matrix.md from access/policy.py
	@UPDATE_MATRIX=1 $(PY) -m pytest -q safecontact/access/tests/test_policy.py

screenshots: venv ## Home page of every demo sign-in at 1280 and 375 px wide, into docs/screenshots/
	@$(PY) scripts/screenshots.py
	@$(PY) scripts/annual_report_screenshot.py

clean: ## Remove the venv, the demo database and caches
	rm -rf .venv var .pytest_cache .mypy_cache .ruff_cache
