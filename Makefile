# The two commands of the README's contract: `make run` and `make test`.
# Needs only Python 3.11+ and make; everything else is installed into .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint screenshots install editor check-python clean bench

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Rallying needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Set PYTHON=python3.x.")'

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstalls only when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

## Create the database if needed, load the ten cases into an empty one, and serve on 127.0.0.1:$(PORT).
run: install
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py load_dataset
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Production server: gunicorn + WhiteNoise, DEBUG off. Needs SECRET_KEY, ALLOWED_HOSTS and a
## postgres:// DATABASE_URL in the environment; HTTPS=1 behind TLS. WORKERS sets the process count;
## RELEASE (default: the commit) names the code in ETags.
serve: install
	@test -n "$$SECRET_KEY" || { echo "make serve: set SECRET_KEY (a long random string)"; exit 2; }
	@test -n "$$ALLOWED_HOSTS" || { echo "make serve: set ALLOWED_HOSTS (the site's host names)"; exit 2; }
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make serve: set DATABASE_URL=postgres://…"; exit 2;; esac
	DEBUG=0 STATIC_MANIFEST=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=0 STATIC_MANIFEST=1 $(BIN)/python manage.py load_dataset
	DEBUG=0 STATIC_MANIFEST=1 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	RELEASE=$${RELEASE-$$(git rev-parse --short HEAD 2>/dev/null)} DEBUG=0 STATIC_MANIFEST=1 $(BIN)/gunicorn rallying.wsgi --bind 127.0.0.1:$(PORT) --workers $${WORKERS-3} --timeout 120 --access-logfile -

## Run the whole test suite: SQLite by default, PostgreSQL when DATABASE_URL is set.
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Lint and formatting, as CI checks them.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Full-page screenshots of the main pages at 1280 and 390 px wide into screenshots/ (needs /usr/bin/chromium).
screenshots: install
	$(BIN)/python -m pytest -m browser tests/browser/test_screenshots.py $(PYTEST_ARGS)

## Create an editor account (a superuser) for the admin at /admin/.
editor: install
	$(BIN)/python manage.py createsuperuser

## Benchmark at 10 and 10,000 cases, about 11 minutes, not run in CI (BENCH_ARGS="--sizes 10,1000"
## and run.py --help for others): Rallying cached, cold (ANSWER_CACHE=0), behind nginx with
## deploy/nginx/rallying.conf and the same nginx serving a static file, against Datasette, all
## loaded by wrk. Needs wrk and nginx (apt-get install wrk nginx) and PostgreSQL on 127.0.0.1
## (BENCH_DATABASE_URL, default .../rallying_bench, dropped and rebuilt); uses Redis on
## 127.0.0.1:6379 when it answers. Own virtualenv: benchmarks/.venv.
bench: check-python
	@PATH="$$PATH:/usr/sbin"; command -v wrk >/dev/null && command -v nginx >/dev/null || \
		{ echo "make bench needs wrk and nginx: apt-get install wrk nginx"; exit 2; }
	test -x benchmarks/.venv/bin/python || $(PYTHON) -m venv benchmarks/.venv
	benchmarks/.venv/bin/python -m pip install --quiet -r requirements.txt -r benchmarks/requirements.txt
	PATH="$$PATH:/usr/sbin" benchmarks/.venv/bin/python benchmarks/run.py $(BENCH_ARGS)

## Resilience drill (several minutes; not run in CI): a private throwaway PostgreSQL, gunicorn as
## `make serve` runs it, 60 s of load at 32 connections, then 60 s with PostgreSQL restarted midway.
## Results in benchmarks/results/drill-<date>.json and .md; see docs/reliability.md.
.PHONY: drill
drill: install
	$(BIN)/python benchmarks/drill.py $(DRILL_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
