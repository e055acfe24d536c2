.PHONY: run test lint fmt check lock bench backup restore

run:
	scripts/run.sh

test:
	scripts/test.sh

lint:
	.venv/bin/pre-commit run --all-files --show-diff-on-failure

fmt:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
	.venv/bin/djhtml templates

check:
	DEBUG=on .venv/bin/python manage.py check
	DEBUG=on .venv/bin/python manage.py makemigrations --check --dry-run

# After editing dependencies in pyproject.toml: pin them in uv.lock and regenerate
# requirements.txt (used by the Dockerfile and by plain pip).
lock:
	scripts/uv.sh lock
	scripts/uv.sh export --quiet --locked --no-dev --no-emit-project --no-header --format requirements-txt --output-file requirements.txt
	scripts/bootstrap.sh

# Slow (minutes; seeds 100,000 articles the first time): never part of test or CI.
bench:
	scripts/bench.sh $(BENCH_ARGS)

# Database (pg_dump custom format, or SQLite's backup) and media into backups/<time>/.
backup:
	.venv/bin/python manage.py backup_site --to "$${BACKUP_DIR:-backups}"

# Replace the database and media with one backup: make restore BACKUP=backups/<time>
restore:
	@test -n "$(BACKUP)" || { echo "Name the backup: make restore BACKUP=backups/<time>" >&2; exit 2; }
	.venv/bin/python manage.py restore_site "$(BACKUP)"
