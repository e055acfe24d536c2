.PHONY: run test lint fmt check bench

run:
	scripts/run.sh

test:
	scripts/test.sh

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

fmt:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

check:
	.venv/bin/python manage.py check
	.venv/bin/python manage.py makemigrations --check --dry-run

# Slow (minutes; seeds 100,000 articles the first time): never part of test or CI.
bench:
	scripts/bench.sh $(BENCH_ARGS)
