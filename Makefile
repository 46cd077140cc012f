# The two commands of the README:  make run  |  make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
DB     ?= wirewatch.db

.PHONY: install run test lint typecheck check bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install wirewatch with its pinned dependencies

run: install  ## ingest the bundled demo corpus into ./wirewatch.db and print the summary
	$(BIN)/wirewatch ingest data/demo --db $(DB) || test $$? -eq 2  # 2: some inputs rejected, each named above

test: install  ## lint, type-check and run the whole test suite
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: install  ## speed and memory benchmarks (minutes); results go to benchmarks/out/
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info
