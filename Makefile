# The two commands: `make demo` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo serve-prod test test-browser test-postgres lint check messages bench-import bench-grade bench-certificates bench-summary bench-export bench-pages bench-queries bench-load bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install whenever pyproject.toml changes.
$(VENV)/.site-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[site]"
	touch $@

$(VENV)/.production-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[production]"
	touch $@ $(VENV)/.site-installed

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.site-installed

demo: $(VENV)/.site-installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production settings on this machine, for the load test: migrate, collectstatic, then
# gunicorn on $(HOST):$(PORT) and one task worker against the local PostgreSQL (DATABASE_URL,
# default postgres://postgres@127.0.0.1:5432/cds_prod, created if missing) and Redis
# (REDIS_URL, default redis://127.0.0.1:6379/0). SEED=1 seeds the demo content. Ctrl-C stops
# both. See site/serve_prod.sh and the README's Deployment section.
serve-prod: $(VENV)/.production-installed
	HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) bash site/serve_prod.sh

# One test process per core (pytest-xdist); PYTEST_JOBS=0 runs them in this process.
PYTEST_JOBS ?= auto
XDIST = -n $(PYTEST_JOBS) --dist loadgroup

test: $(VENV)/.test-installed
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

test-browser: $(VENV)/.test-installed
	$(BIN)/pytest $(XDIST) -m browser $(PYTEST_ARGS)

# Same suite on PostgreSQL; override DATABASE_URL for another server.
test-postgres: $(VENV)/.test-installed
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: $(VENV)/.test-installed
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Regenerate the message catalogues after changing user-facing strings (needs GNU gettext).
messages: $(VENV)/.test-installed
	for app in lms courses quizzes certificates; do \
	  (cd $$app && ../$(BIN)/python ../manage.py makemessages -l vi --no-obsolete --no-location); done
	(cd site && ../$(BIN)/python ../manage.py makemessages -l vi --no-obsolete --no-location)
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench-import: $(VENV)/.test-installed
	$(BIN)/python bench/import_learners.py

bench-grade: $(VENV)/.test-installed
	$(BIN)/python bench/grade_attempt.py

bench-certificates: $(VENV)/.test-installed
	$(BIN)/python bench/certificates.py

# Progress of training targets by unit on PostgreSQL (50,000 learners × 20 courses).
bench-summary: $(VENV)/.test-installed
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cds_bench} $(BIN)/python bench/unit_summary.py $(BENCH_ARGS)

# Peak memory of a worker exporting 100,000 report rows (SQLite by default; DATABASE_URL for PostgreSQL).
bench-export: $(VENV)/.test-installed
	$(BIN)/python bench/export_memory.py $(BENCH_ARGS)

# The benchmarks that start gunicorn, workers and locust (PostgreSQL and Redis on this machine).
$(VENV)/.bench-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $@ $(VENV)/.test-installed $(VENV)/.site-installed

# Page throughput under gunicorn against the bare view (/healthz/live), side by side.
bench-pages: $(VENV)/.bench-installed
	$(BIN)/python bench/page_throughput.py $(BENCH_ARGS)

# Query counts of the main pages on the demo, next to the numbers the tests pin.
bench-queries: $(VENV)/.bench-installed
	$(BIN)/python bench/query_counts.py $(BENCH_ARGS)

# Locust: 200 learners + a 20-learner quiz rush for 60 s, then 1 vs 2 web and task workers.
bench-load: $(VENV)/.bench-installed
	$(BIN)/python bench/load_test.py $(BENCH_ARGS)

# Every benchmark, then BENCHMARKS.md from their results (about 30 minutes on 2 cores).
bench: $(VENV)/.bench-installed
	status=0; for target in bench-grade bench-certificates bench-import bench-queries bench-pages \
	  bench-export bench-summary bench-load; do $(MAKE) $$target || status=1; done; \
	$(BIN)/python bench/write_report.py; exit $$status

clean:
	rm -rf $(VENV) var
