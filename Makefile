# Build, test and clean the book. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := book
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Inherited by every process below, including notebook kernels. (No MPLBACKEND here: it would
# override the notebooks' inline backend and the pages would lose their figures.)
export TF_CPP_MIN_LOG_LEVEL=3
export PYTHONHASHSEED=0

.PHONY: venv book test clean

# Idempotent: reinstalls only when requirements.txt or pyproject.toml is newer than the stamp.
venv: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	$(BIN)/python -m pip install -e . --no-deps
	touch $@

# Executes every notebook (execute_notebooks: force in _config.yml).
book: venv
	$(BIN)/jupyter-book build .
	@echo "The book is in $(CURDIR)/_build/html/ (open $(CURDIR)/_build/html/book/intro.html)."

# (a) unit/property tests and doctests of helpers/, (b) every notebook against its stored outputs
# (strict nbval), (c) the book built with warnings as errors (jupyter-book exits 1 on any Sphinx
# warning under -W, checked). Stops at the first failure.
test: venv
	$(BIN)/python -m pytest tests helpers --doctest-modules -q
	$(BIN)/python -m pytest --nbval notebooks -p no:cacheprovider
	$(BIN)/jupyter-book build . -W -n --keep-going

# Removes build outputs and caches; keeps .venv (rm -rf .venv for a full reset).
clean:
	rm -rf _build .pytest_cache .hypothesis artifacts *.egg-info
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -print0 | xargs -0 rm -rf
