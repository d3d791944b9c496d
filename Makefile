# Two commands do everything: `make run` (set up, migrate, demo data, serve) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: run test lint install translations browser pdf nginx db demo bench bench-throughput extract-messages clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# Compiled catalogues are build output: made from the committed .po files.
translations: install
	$(BIN)/pybabel compile --use-fuzzy -d app/translations >/dev/null

# A random secret for this machine, kept in instance/ (never committed).
instance/config.py:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print('SECRET_KEY = %r' % secrets.token_hex(32))" > $@

db: install translations instance/config.py
	$(BIN)/flask db upgrade

demo: db
	$(BIN)/flask demo load

# The demo data never stops the server from starting: a failed load is reported and the app serves anyway.
run: db pdf
	@$(BIN)/flask demo load || echo "WARNING: the demo data could not be loaded (see above); starting without it."
	@# The jobs worker (imports, bulk documents: app/jobs) runs beside the server, its queue a SQLite file
	@# in instance/, and stops with it (Ctrl-C or the server's exit).
	@$(BIN)/flask jobs worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# Debian's Chromium drives the browser tests (no browser download is possible here).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "chromium could not be installed: browser tests will be skipped"; \
	  else echo "No /usr/bin/chromium: browser tests will be skipped (install Debian's chromium)"; fi; \
	fi

# LibreOffice (Writer without GUI) turns the DOCX documents into PDF (app/documents/pdf.py). Times New Roman
# is not in Debian: Liberation Serif has its metrics, Caladea those of Cambria (app/documents/fonts.conf).
# fonts-liberation2: version 1 of the Liberation fonts has no Vietnamese letters (Ủ, Ộ, ự…), which LibreOffice
# then takes from another font, breaking the PDF's words apart.
PDF_PACKAGES := libreoffice-writer-nogui fonts-liberation2 fonts-crosextra-caladea
pdf:
	@if ! command -v soffice >/dev/null || ! fc-list 2>/dev/null | grep -q "liberation2/LiberationSerif"; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing LibreOffice and metric-compatible fonts for the PDF documents"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      $(PDF_PACKAGES) >/dev/null) || echo "LibreOffice could not be installed: PDF downloads will fail"; \
	  else echo "No soffice: PDF downloads will fail and PDF tests be skipped (apt-get install $(PDF_PACKAGES))"; fi; \
	fi

# Debian's nginx, for the test of two app servers behind deploy/nginx/khenthuong.conf (tests/test_deploy_two_instances.py);
# the test runs its own nginx (its own configuration, free ports), never the packaged service.
nginx:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's nginx for the two-app-server test"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null) \
	      || echo "nginx could not be installed: the two-app-server test will be skipped"; \
	  else echo "No nginx: the two-app-server test will be skipped (apt-get install nginx)"; fi; \
	fi

test: install translations browser pdf nginx
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# ruff (pyflakes, pycodestyle, isort, bugbear, pyupgrade) on everything, mypy on app/ (pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: install translations
	$(BIN)/python bench/run.py
	$(BIN)/python bench/bench_inbox.py
	$(BIN)/python bench/bench_decision.py
	$(BIN)/python bench/bench_scoring.py
	$(BIN)/python bench/bench_import_bombs.py
	$(BIN)/python bench/bench_registry_import.py
	$(BIN)/python bench/bench_print.py
	$(BIN)/python bench/bench_delegations.py

# Throughput of the app against a bare Flask + Jinja app, both under gunicorn, on a scratch PostgreSQL database
# (issue 14; Debian's wrk, installed here). BENCH_ARGS="--growth --explain" for 200,000 dossiers and plans.
bench-throughput: install translations
	@test -n "$(BENCH_DATABASE_URL)" || { echo "Set BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/<scratch db>"; exit 2; }
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's wrk for the throughput benchmark"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null; \
	  else echo "The throughput benchmark needs wrk: apt-get install wrk"; exit 2; fi; \
	fi
	$(BIN)/python bench/throughput.py $(BENCH_ARGS)

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l --project=khenthuong --version=1.0 --copyright-holder=khenthuong \
	  --msgid-bugs-address="khenthuong maintainers" -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) .pytest_cache
