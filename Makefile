# `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SITE ?=

.PHONY: run test test-fast lint install completions clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The main job: sync the default site, then show the ten newest articles. When
# the site cannot be reached, `news demo` says so and syncs the bundled sample site.
run: $(STAMP)
	$(BIN)/news demo $(SITE)

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

# The inner loop: the tests that start no subprocess and no server.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q -m "not slow and not process and not server"

# ruff (rules in pyproject.toml) and mypy, clean on newscli/.
lint: $(STAMP)
	$(BIN)/ruff check newscli tests benchmarks
	$(BIN)/mypy

completions: $(STAMP)
	for sh in bash zsh fish; do $(BIN)/news completions $$sh > completions/news.$$sh; done

# `make bench` measures news as users install it: a regular install in its own
# venv (bytecode compiled, no editable-install finder: ~15 ms less per command).
BENCH_VENV ?= .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed
$(BENCH_STAMP): pyproject.toml $(shell find newscli -name '*.py' -o -name '*.toml' -o -name '*.html')
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet .
	$(BENCH_VENV)/bin/python -m pip install --quiet --no-deps --force-reinstall .
	rm -rf build
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) build *.egg-info .pytest_cache
