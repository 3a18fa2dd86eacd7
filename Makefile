# Everything runs from the .venv in the repository root.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= data
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run test test-corpus test-all lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/vankien ingest seeds/ --data $(DATA)
	$(BIN)/vankien serve --data $(DATA) --host $(HOST) --port $(PORT)

# The fast suite: everything but the tests that read the real corpora in ../shared/corpora.
test: install
	$(BIN)/python -m pytest -m "not corpus"

# Only the corpus tests (each skips, saying why, when ../shared/corpora is absent).
test-corpus: install
	$(BIN)/python -m pytest -m corpus --durations=15

# Both.
test-all: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(DATA) build *.egg-info .pytest_cache
