# Two entry points, both self-contained on a fresh machine (Python 3.10+, pip, make):
#   make run    - set up and run the default side-by-side comparison (python -m sim)
#   make test   - set up and run the test suite
# Pass Hydra overrides to the main job with ARGS, e.g. make run ARGS="replications=20 seed=7"

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: run test lint bench mutation clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/python -m sim $(ARGS)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -n auto --maxprocesses=4 --dist loadscope $(ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check sim tests experiments
	$(BIN)/mypy

bench: $(VENV)/.installed
	$(BIN)/python experiments/benchmark.py $(ARGS)

# mutation testing on demand (slow; not in CI): make mutation PKG=sim.engine SAMPLE=60
PKG    ?= sim.metrics
SAMPLE ?= 0
mutation: $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet -e ".[dev,mutation]"
	$(BIN)/python experiments/mutation_score.py --package $(PKG) --sample $(SAMPLE)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache mutants
