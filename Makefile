# `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SITE ?=

.PHONY: run test install completions clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The main job: sync the default site, then show the ten newest articles.
run: $(STAMP)
	$(BIN)/news sync $(SITE)
	$(BIN)/news list --limit 10

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

completions: $(STAMP)
	for sh in bash zsh fish; do $(BIN)/news completions $$sh > completions/news.$$sh; done

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
