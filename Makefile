# 基层工会工作平台 — developer shortcuts. The real work is in scripts/.
#
#   make run     start the site on http://127.0.0.1:8000 (PORT=... to change)
#   make test    ruff + mypy + whole suite on SQLite and PostgreSQL (ARGS="tests/orgs -x" to narrow)
#   make lint    ruff check + format check + mypy on services and queries
#   make fmt     ruff format + ruff check --fix
#   make clean   remove test artefacts (throwaway PostgreSQL, test databases, caches, bytecode);
#                never the site's database var/gonghui.sqlite3, var/secret_key or uploads

SHELL := /bin/bash
RUFF := .venv/bin/ruff
RUFF_DIRS = $(wildcard src tests bench)
ARGS ?=

.PHONY: run test lint fmt clean

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh $(ARGS)

lint:
	bash scripts/bootstrap.sh --dev
	$(RUFF) check $(RUFF_DIRS)
	$(RUFF) format --check $(RUFF_DIRS)
	bash scripts/typecheck.sh

fmt:
	bash scripts/bootstrap.sh --dev
	$(RUFF) format $(RUFF_DIRS)
	$(RUFF) check --fix $(RUFF_DIRS)

clean:
	bash scripts/pg.sh destroy
	rm -f var/test-*.sqlite3* var/test-template.lock
	rm -rf .pytest_cache .ruff_cache .mypy_cache test-results
	find src tests bench -name __pycache__ -type d -prune -exec rm -rf {} +
