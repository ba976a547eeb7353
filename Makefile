# dezgo-python: every developer and CI job goes through these targets.
# `make demo` and `make test` work on a fresh clone: they create .venv themselves.

PYTHON ?= python3
VENV ?= .venv
BIN := $(abspath $(VENV))/bin
PY := $(BIN)/python
DEZGO_SPEC_URL ?= https://api.dezgo.com/openapi.json
export PATH := $(BIN):$(PATH)

.PHONY: help install browser spec generate check-generated test test-fast lint format typecheck check \
        demo sim contract contract-live drift day-one bench bench-drift bench-gallery soak soak-batch clean

help:
	@echo "make demo             set up, start the local simulator, run examples/demo.py"
	@echo "make test             set up and run the whole test suite (the browser test included)"
	@echo "make browser          install Debian's chromium and chromedriver for the gallery's browser test"
	@echo "make spec             fetch \$$DEZGO_SPEC_URL and pin it in openapi/dezgo.json"
	@echo "make generate         regenerate generated/dezgo_api from the pinned spec"
	@echo "make check-generated  fail when generated/ is out of date with the spec"
	@echo "make lint typecheck   ruff and mypy --strict"
	@echo "make contract         schemathesis contract tests against the simulator"
	@echo "make contract-live    the same against the live service (needs DEZGO_API_KEY)"
	@echo "make drift            diff the live spec against the pinned one"
	@echo "make day-one          regenerate the SDK from documents the service might serve; run the suite on each"
	@echo "make bench            client and batch benchmarks; make bench-drift for the drift benchmark"
	@echo "make bench-gallery    the gallery of 10,000 jobs: page size and render time in headless Chromium"
	@echo "make soak             the full seeded fault campaign on budgets, ledgers and retries (1,000 runs)"
	@echo "make soak-batch       1,000 batch jobs, >= 20 kill -9s and a full disk, judged by the simulator (minutes)"

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,testing,pil,cli]'
	@touch $@

spec: install
	$(PY) -m dezgo.spec.fetch --url '$(DEZGO_SPEC_URL)' --out openapi/dezgo.json

generate: install
	$(PY) scripts/generate.py

check-generated: install
	$(PY) scripts/generate.py --check

# The gallery's browser test drives Debian's chromium through chromedriver (selenium is in the
# dev extra). Installed with apt-get as root (or with sudo when it asks no password); elsewhere
# the test is skipped and says why, except under DEZGO_REQUIRE_BROWSER=1 (CI), where it fails.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo -n)

browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then \
		echo "browser: $$(/usr/bin/chromium --version 2>/dev/null), $$(/usr/bin/chromedriver --version | cut -d' ' -f1-2)"; \
	elif command -v apt-get >/dev/null && $(SUDO) true 2>/dev/null; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null && \
		echo "browser: installed $$(/usr/bin/chromium --version 2>/dev/null)"; \
	else \
		echo "browser: cannot install chromium here (needs apt-get as root); the browser test will be skipped"; \
	fi

test: install browser
	$(PY) -m pytest -q -p no:cacheprovider -n $${DEZGO_TEST_WORKERS:-auto} --junitxml=build/test-junit.xml

contract: install
	$(PY) -m pytest tests/contract -q -p no:cacheprovider --junitxml=build/contract-junit.xml

# Against https://api.dezgo.com (or $DEZGO_BASE_URL) with $DEZGO_API_KEY; spends at most
# $DEZGO_LIVE_BUDGET_USD (default 0.05). Without a key every test is skipped with the reason.
contract-live: install
	$(PY) -m pytest tests/contract/test_live.py -m live -q -rs -p no:cacheprovider --junitxml=build/contract-live-junit.xml

test-fast: install
	$(PY) -m pytest -q -p no:cacheprovider -m "not slow"

lint: install
	$(BIN)/ruff check src tests scripts examples
	$(BIN)/ruff format --check src tests scripts examples

format: install
	$(BIN)/ruff check --fix src tests scripts examples
	$(BIN)/ruff format src tests scripts examples

typecheck: install
	$(BIN)/mypy --strict src/

check: lint typecheck test check-generated

demo: install
	$(PY) examples/demo.py

drift: install
	$(BIN)/dezgo spec check --url '$(DEZGO_SPEC_URL)'

# The day the pin becomes the service's document: each shape in tests/day_one/shapes.py and a real
# FastAPI app's document, pinned in a scratch copy, regenerated, and the suite run there.
day-one: install
	$(PY) scripts/run_day_one.py $(DAY_ONE_ARGS)

bench: install
	$(PY) scripts/bench_client.py
	$(PY) scripts/bench_batch.py

# The full seeded fault campaign on the money promises (1,000 runs; a short form is in make test).
soak: install
	DEZGO_CAMPAIGN_RUNS=$${DEZGO_CAMPAIGN_RUNS:-1000} DEZGO_CAMPAIGN_REPORT=build/campaign.json \
		$(PY) -m pytest tests/billing/test_campaign.py -k promises -q -s -p no:cacheprovider --timeout=0 -W ignore

bench-drift: install
	$(PY) scripts/bench_drift.py

bench-gallery: install browser
	$(PY) scripts/bench_gallery.py

# Not part of `make test`: minutes long, and it mounts a tmpfs when run as root.
soak-batch: install
	$(PY) scripts/soak_batch.py

sim: install
	$(PY) -m dezgo.testing.cli --port 8000

clean:
	rm -rf build out .pytest_cache .mypy_cache .ruff_cache
