# The Makefile is the interface: every target works from a fresh clone and from any directory
# (`make -C path/to/repo run`), creating the virtual environment first when it is missing or stale.
ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
VENV := $(ROOT)/.venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTHON ?= $(shell command -v python3.11 || command -v python3)

export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: install run test test-setup suites serve stop docs site clean

install: $(STAMP)

$(STAMP): $(ROOT)/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '$(ROOT)[test]'
	touch $(STAMP)

## Build the warehouse from raw/ into warehouse/fazhi.duckdb (FAZHI_RAW_DIR / FAZHI_WAREHOUSE override).
run: $(STAMP)
	$(BIN)/fazhi run

## The whole test suite: unit, dbt integration and end-to-end; test files spread over two processes (the slow ones
## mostly wait on runs' subprocesses), which takes the suite from ~12 to ~9 minutes on two cores.
test: $(STAMP) test-setup
	cd $(ROOT) && $(BIN)/pytest -n 2 --dist loadfile

## System packages the tests need: Debian's headless Chromium (the report site's browser tests drive it; no browser
## is downloaded) and CJK fonts for its screenshots. Installed only when missing (root, or sudo).
test-setup:
	@command -v chromium >/dev/null && fc-list :lang=zh 2>/dev/null | grep -q . || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk; }

## Rewrite the Great Expectations suites' JSON from expectations/setup_suites.py (review the diff).
suites: $(STAMP)
	cd $(ROOT)/expectations && $(BIN)/python setup_suites.py

## Scheduled runs: Prefect server on 127.0.0.1:4200 (UI there), work pool, prefect.yaml's deployments, worker.
serve: $(STAMP)
	$(BIN)/python $(ROOT)/deploy/serve.py start

## Stop the server and worker that `make serve` started (by their pid files in .prefect/server/).
stop:
	test ! -x $(BIN)/python || $(BIN)/python $(ROOT)/deploy/serve.py stop

## The marts' documentation for BI users, one offline page: warehouse/docs/index.html.
docs: $(STAMP)
	$(BIN)/fazhi docs

## The static report site of the published warehouse: warehouse/site/index.html (opens offline).
site: $(STAMP)
	$(BIN)/fazhi site

clean:
	rm -rf $(ROOT)/warehouse $(ROOT)/dbt_project/target $(ROOT)/dbt_project/logs $(ROOT)/.prefect
