# The two quick-start commands. Each sets up what it needs on a fresh machine:
#   make demo   load the bundled sample filing into ./pmdw.sqlite, show what was loaded, export
#               it as Parquet (./exports) and write ./report.html
#   make test   run the whole test suite, PostgreSQL included
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PMDW := $(VENV)/bin/pmdw
INSTALLED := $(VENV)/.installed

.PHONY: demo test postgres-server browser clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

demo: $(INSTALLED)
	$(PMDW) load samples/
	@echo
	$(PMDW) query latest_disclosures
	@echo
	$(PMDW) query manager_ownership --csv
	@echo
	$(PMDW) query load_health
	@echo
	$(PMDW) export --format parquet --out exports/
	$(PMDW) report --out report.html
	@echo
	@echo "Browse the warehouse, with each figure's raw text and EDGAR link: $(PMDW) serve"

# The tests start a throwaway PostgreSQL cluster; its server programs come from Debian.
postgres-server:
	@if ! command -v initdb >/dev/null 2>&1 && ! [ -x "$$(pg_config --bindir 2>/dev/null)/initdb" ]; then \
		echo "installing Debian's PostgreSQL server for the tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	fi

# The browser tests drive Debian's Chromium through its chromedriver (never a downloaded browser).
browser:
	@if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then \
		echo "installing Debian's Chromium and chromedriver for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	fi

test: $(INSTALLED) postgres-server browser
	$(PY) -m pytest

clean:
	rm -rf $(VENV) pmdw.sqlite pmdw.sqlite.lock .pytest_cache exports report.html build
