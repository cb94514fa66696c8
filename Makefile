# Habits (issue 9): `make lint`, `make test-fast`, `make test`. Run inside the venv
# (`. .venv/bin/activate`), or give PYTHON=path/to/python.
PYTHON ?= python

.PHONY: lint test-fast test format

lint:  ## ruff check, the format check and mypy (strict, on ledger coop cli tests)
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	$(PYTHON) -m mypy

test-fast:  ## every test not marked slow (under 3 minutes on 2 cores)
	$(PYTHON) -m pytest -m "not slow"

test:  ## every test, as .ci/run runs them
	$(PYTHON) -m pytest

format:  ## rewrite the code in the project's format
	$(PYTHON) -m ruff format .
