# Two commands matter: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
LOCAL_SECRET := .local-secret-key
# The key that encrypts report fields in the local database; lose it and they cannot be read.
LOCAL_FIELD_KEY := .local-field-key

# `make run` uses the production settings over plain http on this machine.
RUN_ENV = DJANGO_DEBUG=0 DJANGO_HTTPS=0 SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" \
	DJANGO_SECRET_KEY="$$(cat $(LOCAL_SECRET))" \
	FIELD_ENCRYPTION_KEYS="$${FIELD_ENCRYPTION_KEYS:-$$(cat $(LOCAL_FIELD_KEY))}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1,[::1]}"

.PHONY: install run dev test check bench bench-casework bench-static lint contracts typecheck format messages clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (found %s)." % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(LOCAL_SECRET):
	$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	chmod 600 $@

$(LOCAL_FIELD_KEY): $(VENV)/.installed
	$(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' > $@
	chmod 600 $@

run: install $(LOCAL_SECRET) $(LOCAL_FIELD_KEY)
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Serving the SLT portal on http://127.0.0.1:$(PORT)/ with a task worker (Ctrl+C stops both)"
	$(RUN_ENV) $(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) PORT=$(PORT) $(BIN)/gunicorn --config slt_portal/gunicorn.conf.py slt_portal.wsgi

# `make dev`: Django's development server with DEBUG on, which reloads on code and template
# changes. Same local keys as `make run`, never a key committed in the repository.
dev: DEV_ENV = DJANGO_DEBUG=1 DJANGO_SECRET_KEY="$$(cat $(LOCAL_SECRET))" \
	FIELD_ENCRYPTION_KEYS="$${FIELD_ENCRYPTION_KEYS:-$$(cat $(LOCAL_FIELD_KEY))}"
dev: install $(LOCAL_SECRET) $(LOCAL_FIELD_KEY)
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py runserver $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

# Import contracts and types: [tool.importlinter] and [tool.mypy] in pyproject.toml.
contracts: install
	$(BIN)/lint-imports

# The django-stubs plugin loads the settings, which need keys: the test suite's own.
typecheck: install
	$(BIN)/python -c 'import runpy, sys, tests.environment; sys.argv = ["mypy", "."]; runpy.run_module("mypy", run_name="__main__")'


# The whole suite, with branch coverage that fails under the figure in pyproject.toml.
test: install lint contracts typecheck
	$(BIN)/python -m pytest --cov

# The fast suite (no browser, no live stack) on two workers, a test file each at a time:
# coverage is shown, not enforced.
check: install lint contracts typecheck
	$(BIN)/python -m pytest --cov --cov-fail-under=0 -m "not browser and not live" -n 2 --dist loadfile

# The benchmark: the real stack under wrk (Debian: apt-get install wrk), on DATABASE_URL
# or SQLite. Not part of `make test`. BENCH_SECONDS, BENCH_RUNS, BENCH_CONCURRENCY,
# WEB_CONCURRENCY and GUNICORN_CMD_ARGS change its length and the server.
bench: install
	$(BIN)/python -m tests.performance.bench
	@if [ "$(CASEWORK)" = 1 ]; then $(MAKE) --no-print-directory bench-casework; fi

# The case work at 100,000 reports (issue 12), PostgreSQL only: the desk, the report list,
# a report, the access log, the statistics and the purge. The first run builds the reports
# (a few minutes) and keeps them for later runs. `make bench CASEWORK=1` runs both.
# CASEWORK_REPORTS, CASEWORK_SMALL, CASEWORK_RUNS, CASEWORK_EXPLAIN=1, CASEWORK_REBUILD=1.
bench-casework: install
	$(BIN)/python -m tests.performance.casework

# What runs in front of whitenoise on a static request, and what each piece costs (in-process).
bench-static: install
	$(BIN)/python -m tests.performance.in_front_of_static

# Needs GNU gettext (Debian: apt-get install gettext). The compiled .mo is committed.
# locale/nb holds only our Norwegian for Django's own strings, edited by hand: never
# run makemessages for it, which would drop them as obsolete.
messages: install $(LOCAL_SECRET) $(LOCAL_FIELD_KEY)
	$(BIN)/python manage.py makemessages --locale en --no-obsolete --add-location file \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'staticfiles/*' --ignore 'tests/*'
	$(BIN)/python manage.py compilemessages --locale en --locale nb --ignore '.venv/*'

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
