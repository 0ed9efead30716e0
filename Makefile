# One entry point for people and CI. Every target creates .venv and installs what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# Ajv (JavaScript) checks the published JSON Schemas: npm packages from a committed lockfile.
JS := tests/js
JS_STAMP := $(JS)/node_modules/.installed-$(shell cat $(JS)/package-lock.json | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help demo test lint format typecheck unit js schemas examples docs docs-serve docs-browser chromium pdf-tools test-pdf bench bench-smoke fuzz clean

help:
	@echo "make demo    - install and run the report on the embedded demo province"
	@echo "make test    - every gate: ruff, format, mypy --strict, pytest, examples, docs, browser, PDF"
	@echo "make docs    - build the documentation site (mkdocs --strict, any warning fails) into site/"
	@echo "make docs-serve - serve the documentation on http://127.0.0.1:8000 (or open site/index.html)"
	@echo "make schemas - regenerate the published JSON Schemas and code tables in docs/schema/"
	@echo "make bench   - benchmarks at 1x, 10x, 100x"
	@echo "make fuzz    - bad-input fuzzing at volume (>= 100,000 cases)"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[all]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

venv: $(STAMP)

$(JS_STAMP): $(JS)/package-lock.json
	cd $(JS) && npm ci --no-audit --no-fund --loglevel=error
	touch $(JS_STAMP)

js: $(JS_STAMP)

schemas: $(STAMP)
	$(BIN)/python scripts/export_schemas.py

demo: $(STAMP)
	$(BIN)/vn-iso-qms demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# One run: the tests import src, so checking both together reads each module once.
typecheck: $(STAMP)
	$(BIN)/mypy --strict src tests

# -n auto: one pytest-xdist worker per core; the tests share no files, environment or state.
unit: $(STAMP) $(JS_STAMP)
	$(BIN)/python -m pytest -q -n auto -m "not browser and not pdf"

examples: $(STAMP)
	@set -e; for f in examples/*.py; do echo "== $$f"; $(BIN)/python $$f > /dev/null; done

# No --quiet: strict mode fails on warnings only when they are logged (tests/docs/test_build.py).
docs: $(STAMP)
	$(BIN)/mkdocs build --strict

docs-serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the docs browser check"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

docs-browser: docs chromium
	$(BIN)/python -m pytest -q -m browser tests/docs

# LibreOffice renders the Word documents to PDF, poppler reads them back (tests/documents/test_pdf.py,
# and `document … --pdf` in tests/cli/test_document_pdf.py).
pdf-tools:
	@command -v soffice >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 || { \
	  echo "installing Debian LibreOffice Writer and poppler-utils for the PDF check"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-liberation2 >/dev/null; }

test-pdf: $(STAMP) pdf-tools
	$(BIN)/python -m pytest -q -m pdf tests/documents tests/cli/test_document_pdf.py

# Byte-code as an installed package has it (the import and first-call figures): the rest of
# the Makefile writes none, to keep the tree clean.
bench: $(STAMP)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python benchmarks/run.py --sizes 1,10,100

bench-smoke: $(STAMP)
	$(BIN)/python benchmarks/run.py --sizes 1 --smoke

fuzz: $(STAMP)
	$(BIN)/python -m pytest -q tests/fuzz --fuzz-profile=full

# The unit, browser and PDF tests in one parallel run (the same tests as `make unit`,
# `make docs-browser` and `make test-pdf`): the browser and LibreOffice mostly wait, so the
# other worker keeps the cores busy meanwhile. The site is built first (`docs`) for the browser.
# Every script in examples/ runs there too (tests/test_examples.py: exit 0 and its output), so
# `make examples` is not run a second time.
# ruff, mypy and mkdocs each use one core: they run side by side (-j2) before the tests.
test: $(STAMP) chromium pdf-tools $(JS_STAMP)
	$(MAKE) --no-print-directory -j2 lint typecheck docs
	$(BIN)/python -m pytest -q -n auto
	@echo "all gates passed"

clean:
	rm -rf $(VENV) site build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis $(JS)/node_modules
