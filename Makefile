# The Makefile is the interface: every target works from a fresh clone and from any directory
# (`make -C path/to/repo run`), creating the virtual environment first when it is missing or stale.
ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
VENV := $(ROOT)/.venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTHON ?= $(shell command -v python3.11 || command -v python3)

export GX_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: install run test suites serve stop docs clean

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
test: $(STAMP)
	cd $(ROOT) && $(BIN)/pytest -n 2 --dist loadfile

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

clean:
	rm -rf $(ROOT)/warehouse $(ROOT)/dbt_project/target $(ROOT)/dbt_project/logs $(ROOT)/.prefect
