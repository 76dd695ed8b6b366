# Both targets build the local virtualenv on first use (and again when pyproject.toml changes).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast nlu-eval nlu-train bench bench-ci clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need Python 3.11+ on PATH"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Install Hearback and its dependencies into .venv (the Dockerfile runs exactly this).
install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/hearback

# The PostgreSQL tests run on a throwaway cluster (.ci/with_postgres.sh) unless
# HEARBACK_TEST_DATABASE_URL names a server; without PostgreSQL they are skipped with one line.
test: $(STAMP)
	$(VENV)/bin/ruff check bot storage tests benchmarks
	$(VENV)/bin/mypy
	bash .ci/with_postgres.sh $(VENV)/bin/pytest

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

# The full benchmark: the TinyDB files, PostgreSQL and SQLite at 100 to 100,000 users, the naive
# baseline up to 10,000, a 10,000-nudge burst, 1/2/4 PostgreSQL workers claiming nudges; about
# 30 minutes on 2 cores (mostly building 100,000 users in three stores, and the 400 s burst).
# A throwaway PostgreSQL is started unless HEARBACK_TEST_DATABASE_URL (or HEARBACK_DATABASE_URL)
# names a server; each size gets its own database there, dropped after.
bench: $(STAMP)
	bash benchmarks/with_postgres.sh $(VENV)/bin/python -m benchmarks \
		--users 100 1000 10000 100000 --json bench.json

# The CI-sized run (200 users; PostgreSQL too when HEARBACK_TEST_DATABASE_URL is set, as in
# .ci/run): fails if a chat turn is slower than the naive baseline, or if two workers' leases
# lose or repeat a nudge.
bench-ci: $(STAMP)
	$(VENV)/bin/python -m benchmarks --users 200 --burst 0 --turns 300 \
		--lease-workers 2 --lease-nudges 200 --check

clean:
	rm -rf $(VENV)
