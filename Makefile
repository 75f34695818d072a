# Two commands for a fresh clone: `make serve` (set up, build, serve on 127.0.0.1:8000) and
# `make test` (set up, build, run every test and lint). Everything else is a step of those, or
# `make check`: the unit and build tests (no browser) in under a minute, while you work.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_PY := $(VENV)/.installed
STAMP_NPM := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1
# Two jobs: the Python and npm installs run side by side, and in `make test` the build beside
# the lint (their logs may interleave; no output sync, which would hold back the logs of
# `make serve` and of the tests until they end).
MAKEFLAGS += --jobs=2

.PHONY: setup build serve test check lint bundle bench clean

$(STAMP_PY): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python >= 3.11 is required (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt pip setuptools
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

$(STAMP_NPM): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

setup: $(STAMP_PY) $(STAMP_NPM)

build: setup
	$(BIN)/econsec build

# What the site is built from: `make check` rebuilds site/ only when one of them changed.
SITE_INPUTS := mkdocs.yml mkdocs.en.yml mkdocs.base.yml package-lock.json \
  $(shell find docs checklists data overrides hooks econsec -type f -not -name '*.pyc' 2>/dev/null)

site/index.html: $(STAMP_PY) $(STAMP_NPM) $(SITE_INPUTS)
	$(BIN)/econsec build

# The offline bundle (README, "Offline bundle"): dist/econsec-site-offline-<version>-<date>.zip
bundle: build
	$(BIN)/econsec bundle

serve: setup
	$(BIN)/econsec serve --host 127.0.0.1 --port 8000

# JavaScript: Biome (biome.jsonc says what it checks and which rules are off, and why) and the
# TypeScript compiler over the engine bridge and worker and the protocol between them (js/types/).
lint: setup
	$(BIN)/ruff check econsec hooks tests bench tools
	$(BIN)/ruff format --check econsec hooks tests bench tools
	node_modules/.bin/biome lint
	node_modules/.bin/tsc -p js/tsconfig.bridge.json
	node_modules/.bin/tsc -p js/tsconfig.worker.json
	$(BIN)/python tools/jalint.py

# The suite runs in parallel workers (pytest-xdist); an idle worker takes tests queued for a busy
# one (worksteal), so that the few long tests do not leave the others waiting. Most of a browser
# test's time is waiting (a page, the engine's start, a download): three workers keep two cores
# busy.
TEST_WORKERS ?= 3
test: build lint
	ECONSEC_SITE=$(CURDIR)/site $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

# Unit and build tests, no browser (tests/unit, tests/build without the `browser` mark).
check: site/index.html
	ECONSEC_SITE=$(CURDIR)/site $(BIN)/python -m pytest -q -n 2 --dist worksteal -m "not browser" tests/unit tests/build

# Figures against baselines (bench/README.md); BENCH_ARGS=--quick for a 1-round smoke run.
bench: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf site dist .pytest_cache
