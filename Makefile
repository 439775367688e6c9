# The two commands a user needs: `make run` (set up, then open the dashboard on the bundled
# corpus) and `make test` (set up, then run the tests).  Set-up happens once: the stamp file
# records the install and is redone only when pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: run test bench lint clean distclean

run: $(STAMP)
	$(BIN)/streamlit run app.py --browser.gatherUsageStats false

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Each benchmark writes its figures to benchmarks/results/ (the README quotes them).
bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench_parse.py --json benchmarks/results/bench_parse.json
	$(BIN)/python benchmarks/bench_batch.py --budget 600
	$(BIN)/python benchmarks/bench_dashboard.py --runs 5 --slider 5

lint: $(STAMP)
	$(BIN)/ruff check .

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "make: no python3 found; install Python 3.11 or newer" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

$(BENCH_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	touch $@

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache .hypothesis $(STAMP) $(BENCH_STAMP)
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
