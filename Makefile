# CrisisDesk: `make run` opens the app on a demo workspace; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test lint typecheck pytest bench train-sentiment translations clean venv

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test,postgres]'
	touch $@ $(STAMP_RUN)

venv: $(STAMP_RUN)

run: QT_QPA_PLATFORM=
run: $(STAMP_RUN)
	$(VENV)/bin/crisisdesk --demo

lint: $(STAMP_TEST)
	$(VENV)/bin/ruff check crisisdesk tests benchmarks

typecheck: $(STAMP_TEST)
	$(VENV)/bin/mypy

pytest: $(STAMP_TEST)
	$(PY) -m pytest -q

test: lint typecheck pytest

bench: $(STAMP_TEST)
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) benchmarks/run_all.py

train-sentiment: $(STAMP_TEST)
	$(PY) -m pip install --quiet -e '.[train]'
	$(PY) -m crisisdesk.analysis.train_sentiment

# After changing interface strings: refresh the English catalogue, translate, then compile.
translations: $(STAMP_RUN)
	$(VENV)/bin/pyside6-lupdate $$(find crisisdesk/ui crisisdesk/app.py -name '*.py' | sort) \
		-ts resources/i18n/crisisdesk_en.ts -no-obsolete -locations none
	$(VENV)/bin/pyside6-lrelease resources/i18n/crisisdesk_en.ts -qm resources/i18n/crisisdesk_en.qm

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
