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

.PHONY: venv lock book pdf tex test nbval chromium clean

# Idempotent: reinstalls only when requirements.txt or pyproject.toml is newer than the stamp.
# uv installs the lock (3-4x faster than pip here); it comes from PyPI through the venv's pip, at
# the version pinned in requirements.txt. --compile-bytecode: as pip does, so that no process pays
# for compiling TensorFlow's modules at import time.
venv: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# UV_SYSTEM_CERTS: uv trusts the system's certificate store rather than its built-in roots (a
# registry proxy with its own CA otherwise fails with "invalid peer certificate").
UV := UV_SYSTEM_CERTS=1 $(BIN)/uv

$(STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet "$$(grep -E '^uv==' requirements.txt)"
	$(UV) pip install --python $(BIN)/python --compile-bytecode -r requirements.txt
	$(UV) pip install --python $(BIN)/python --no-deps -e .
	touch $@

# Regenerates requirements.txt from pyproject.toml (dependencies and every extra). Pins already in
# requirements.txt are kept unless pyproject.toml rules them out; to move one on purpose, add
# --upgrade-package NAME. The command is also in requirements.txt's header. 3.11.5, not 3.11: uv
# reads "3.11" as 3.11.0, and soupsieve 4.1.2 (pinned) needs Python >= 3.11.5.
lock: venv
	$(UV) pip compile --quiet pyproject.toml --all-extras --python-version 3.11.5 -o requirements.txt

# Executes every notebook (execute_notebooks: force in _config.yml).
book: venv
	$(BIN)/jupyter-book build .
	@echo "The book is in $(CURDIR)/_build/html/ (open $(CURDIR)/_build/html/book/intro.html)."

# (a) unit/property tests and doctests of helpers/, (b) every notebook executed afresh and compared
# with its stored outputs (nbval, twice: see `nbval` below), (c) the book built with warnings as errors (jupyter-book
# exits 1 on any Sphinx warning under -W, checked) from those stored outputs, which step (b) has just
# shown to be what the code produces now (executing every chapter a second time would add minutes and
# check nothing more), (d) the built site in a real browser (tests/site). Stops at the first failure.
STORED := .config-stored-outputs.yml

test: venv
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/python -m pytest tests helpers --doctest-modules -q --ignore=tests/site
	$(MAKE) --no-print-directory nbval
	TF_ENABLE_ONEDNN_OPTS=0 $(MAKE) --no-print-directory nbval
	sed 's/^  execute_notebooks: force$$/  execute_notebooks: "off"/' _config.yml > $(STORED)
	grep -q '^  execute_notebooks: "off"$$' $(STORED)
	$(BIN)/jupyter-book build . -W -n --keep-going --config $(STORED)
	$(MAKE) --no-print-directory chromium
	$(BIN)/python -m pytest tests/site -q -p no:cacheprovider

# The notebook check: every chapter executed afresh and compared with its stored outputs by nbval,
# exactly, except in cells tagged nbval-approx, whose trained-model numbers may differ within the
# tolerance stated in tests/nbval_approx.py (loaded by pyproject.toml's addopts). `make test` runs
# it twice: as this machine's TensorFlow computes, and with TF_ENABLE_ONEDNN_OPTS=0, whose float
# round-off differs, as another CPU's would.
nbval: venv
	$(BIN)/python -m pytest --nbval notebooks -p no:cacheprovider

# Debian's Chromium for the browser test of the built site (tests/site); never a downloaded browser.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; \
	  else echo "Chromium is missing: sudo apt-get install chromium" >&2; exit 1; fi; }

# A PDF of the book (_build/latex/book.pdf, about 190 pages) from the stored outputs, with
# jupyter-book's LaTeX builder and xelatex (_config.yml: latex). Debian's TeX packages (about
# 400 MB) are installed by `make tex` only when xelatex or latexmk is missing. Not part of
# `make test`. Links between pages are not clickable in the PDF (LaTeX warns about them).
TEX_PACKAGES := texlive-xetex texlive-latex-extra texlive-fonts-recommended tex-gyre \
	fonts-freefont-otf latexmk lmodern

tex:
	@{ command -v xelatex && command -v latexmk; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends $(TEX_PACKAGES); \
	  else echo "TeX is missing: sudo apt-get install $(TEX_PACKAGES)" >&2; exit 1; fi; }

pdf: venv tex
	sed 's/^  execute_notebooks: force$$/  execute_notebooks: "off"/' _config.yml > $(STORED)
	$(BIN)/jupyter-book build . --builder pdflatex --config $(STORED)
	@echo "The PDF is $(CURDIR)/_build/latex/book.pdf"

# Removes build outputs and caches; keeps .venv (rm -rf .venv for a full reset).
clean:
	rm -rf _build .pytest_cache .hypothesis .ruff_cache artifacts *.egg-info $(STORED)
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -print0 | xargs -0 rm -rf
