# The two quick-start commands. Each sets up what it needs on a fresh machine:
#   make demo   load the bundled sample filing into ./pmdw.sqlite and show what was loaded
#   make test   run the whole test suite, PostgreSQL included
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PMDW := $(VENV)/bin/pmdw
INSTALLED := $(VENV)/.installed

.PHONY: demo test postgres-server clean

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

# The tests start a throwaway PostgreSQL cluster; its server programs come from Debian.
postgres-server:
	@if ! command -v initdb >/dev/null 2>&1 && ! [ -x "$$(pg_config --bindir 2>/dev/null)/initdb" ]; then \
		echo "installing Debian's PostgreSQL server for the tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	fi

test: $(INSTALLED) postgres-server
	$(PY) -m pytest

clean:
	rm -rf $(VENV) pmdw.sqlite .pytest_cache
