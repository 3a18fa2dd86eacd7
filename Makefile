# Everything runs from the .venv in the repository root.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= data

.PHONY: install run test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/vankien ingest seeds/ --data $(DATA)
	$(BIN)/vankien sparql --data $(DATA) --format csv \
	  'SELECT ?number ?date ?issuer WHERE { ?d a eli:LegalResource ; rdfs:label ?number . OPTIONAL { ?d eli:date_document ?date } OPTIONAL { ?d eli:passed_by/skos:prefLabel ?issuer } } ORDER BY ?number' 

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(DATA) build *.egg-info .pytest_cache
