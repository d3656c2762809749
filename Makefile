# Two commands matter: `make demo` and `make test`. Both create .venv when it is
# missing and install the project into it, so a fresh machine needs only Python.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install browser bench bytecode clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The package's byte code, compiled ahead like any installed package's (an editable
# install would otherwise compile it on every run where bytecode writing is off).
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q panelcheck >/dev/null

demo: $(STAMP) bytecode
	@echo "== a clean panel: no findings, exit 0"
	$(BIN)/panelcheck validate sample_panels/pump-station.json
	@echo
	@echo "== a panel with jumper mistakes: findings with line, column and data-sheet source (exit 1 expected)"
	-$(BIN)/panelcheck validate sample_panels/failing/jumpers.json

# The real-browser test opens an HTML report in headless Chromium (Debian's package
# chromium). Installed here when missing; where that is impossible (no apt, not root and
# no sudo), the test is skipped and says why.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  echo "installing Chromium (Debian package chromium) for the browser test"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo -n"; fi; \
	  { $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    $$sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null; } \
	  || echo "WARNING: Chromium could not be installed; the browser test will be skipped"; }

test: $(STAMP) bytecode browser
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# Speed and memory against the goals, as ratios (see BENCHMARKS.md); a minute or two.
# run.py compiles the package's byte code itself, as when it is run directly.
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/run.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
