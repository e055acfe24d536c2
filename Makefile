.PHONY: run test lint fmt check lock

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
	.venv/bin/python manage.py check
	.venv/bin/python manage.py makemigrations --check --dry-run

# After editing dependencies in pyproject.toml: pin them in uv.lock and regenerate
# requirements.txt (used by the Dockerfile and by plain pip).
lock:
	scripts/uv.sh lock
	scripts/uv.sh export --quiet --locked --no-dev --no-emit-project --no-header --format requirements-txt --output-file requirements.txt
	scripts/bootstrap.sh
