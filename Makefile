# The two quickstart commands: `make sample` and `make test`.
# Both create a local virtual environment in .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed

.PHONY: sample test test-all lint bench docs clean

sample: $(STAMP)
	$(BIN)/onesheet build --lang en,fr

# Tests run in parallel, one worker per CPU (-n auto); a worker that runs out of
# tests takes some of another's (--dist worksteal), so that no worker idles while
# the other still has a queue. The builds tests share are made once for the run,
# by whichever worker needs them first. `make test` leaves out the tests marked
# slow (each covered at a smaller size in the default suite); `make test-all` runs
# them, and four times as many examples of every property test, drawn afresh
# (make test draws the same ones every time: CI fails for a change, not a draw).
# Compiled modules (and pytest's rewritten test modules) are written and reused
# even where the environment says not to: otherwise each worker and each
# command a test starts compiles them again (3.4 s for collection alone).
test: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto --dist worksteal -m "not slow" --hypothesis-profile repeatable

test-all: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto --dist worksteal --hypothesis-profile slow

docs: $(STAMP)
	$(BIN)/python tools/docs.py

bench: $(BENCH_STAMP)
	$(BIN)/python bench/run.py --results bench/results.md

lint: $(STAMP)
	$(BIN)/python -m mypy
	$(BIN)/python -m ruff check generator tests tools bench
	$(BIN)/python -m ruff format --check generator tests tools bench

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Onesheet needs Python 3.11 or newer; run: make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $@

clean:
	rm -rf $(VENV) build
