# Habits (issue 9): `make lint`, `make test-fast`, `make test`. Run inside the venv
# (`. .venv/bin/activate`), or give PYTHON=path/to/python.
PYTHON ?= python

.PHONY: lint test-fast test format messages

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

.PHONY: messages
messages:  ## the catalog: extract every marked message, merge into the .po, compile the .mo
	$(PYTHON) -m babel.messages.frontend extract -F babel.cfg -k tr -k trn:1,2 -k N_ -k NC_:1c,2 \
	  --no-wrap --sort-by-file --project=coop --copyright-holder="coop authors" \
	  -o coop/locale/coop.pot ledger coop cli
	$(PYTHON) -m babel.messages.frontend update -D coop -i coop/locale/coop.pot -d coop/locale \
	  --no-wrap --ignore-obsolete --no-fuzzy-matching
	$(PYTHON) -m babel.messages.frontend compile -D coop -d coop/locale --statistics
