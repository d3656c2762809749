# Two commands matter: `make demo` and `make test`. Both create .venv when it is
# missing and install the project into it, so a fresh machine needs only Python.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@echo "== a clean panel: no findings, exit 0"
	$(BIN)/panelcheck validate sample_panels/pump-station.json
	@echo
	@echo "== a panel with jumper mistakes: findings with line, column and data-sheet source (exit 1 expected)"
	-$(BIN)/panelcheck validate sample_panels/failing/jumpers.json

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
