# Both targets build the local virtualenv on first use (and again when pyproject.toml changes).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test test-fast nlu-eval nlu-train bench bench-ci clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need Python 3.11+ on PATH"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/hearback

test: $(STAMP)
	$(VENV)/bin/ruff check bot storage tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

# While working: lint, types, and the core, storage and adapter tests without the long
# reliability runs (tests/reliability: crashes, platform faults, load). CI runs `make test`.
test-fast: $(STAMP)
	$(VENV)/bin/ruff check bot storage tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest --ignore=tests/reliability

# How well Hearback understands the corpus (tests/nlu/): per fact, recognition, intents; fails
# when a held-out figure is below its floor (tests/nlu/evaluate.py FLOORS). Add --failures by
# hand to list the development split's misses.
nlu-eval: $(STAMP)
	$(VENV)/bin/python -m tests.nlu.evaluate --check

# Re-train the entity and intent models (bot/core/language/model/) from the corpus's
# development split, after the corpus or the features change; commit the model files.
nlu-train: $(STAMP)
	$(VENV)/bin/python -m tests.nlu.train

# The full benchmark (100, 1,000 and 10,000 users, a 10,000-nudge burst): about 10 minutes.
bench: $(STAMP)
	$(VENV)/bin/python -m benchmarks --users 100 1000 10000 --json bench.json

# The CI-sized run: fails only if a chat turn is slower than the TinyDB baseline.
bench-ci: $(STAMP)
	$(VENV)/bin/python -m benchmarks --users 200 --burst 0 --turns 300 --check

clean:
	rm -rf $(VENV)
