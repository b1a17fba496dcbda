# The habits: run, test, lint, fmt, bench, schema, migrations-check.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV := .venv
# The widget's linter, pinned in gateway/package-lock.json and installed from the npm registry.
ESLINT := gateway/node_modules/.bin/eslint
PY := $(abspath $(VENV))/bin/python
# Tests use the machine's PostgreSQL and Redis unless told otherwise.
TEST_PG ?= postgres://postgres@127.0.0.1:5432
TEST_REDIS ?= redis://127.0.0.1:6379
SERVICES := booking notifications payments
API_SERVICES := booking payments

.PHONY: install system-deps run test lint fmt bench schema schema-check migrations-check \
        test-services test-e2e test-widget test-at contract fuzz manifests-check clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt services/contracts/pyproject.toml services/plumbing/pyproject.toml clients/python/setup.py
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements.txt -e services/contracts -e services/plumbing -e clients/python
	touch $@

system-deps:
	bash deploy/install-system-deps.sh

# make run needs nginx but not the browser the end-to-end tests use.
run: install
	SKIP_CHROMIUM=1 bash deploy/install-system-deps.sh
	$(PY) deploy/run.py

# npm comes with Node.js from deploy/install-system-deps.sh (Debian packages it apart).
$(ESLINT): gateway/package.json gateway/package-lock.json
	command -v npm >/dev/null 2>&1 || bash deploy/install-system-deps.sh
	cd gateway && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: install $(ESLINT)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	cd gateway && node_modules/.bin/eslint --max-warnings=0 .

fmt: install $(ESLINT)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	cd gateway && node_modules/.bin/eslint --fix .

# The schema's integer bounds come from the database backend, so it is always made
# with the embedded default, whatever DATABASE_URL the shell has.
SCHEMA_ENV := DATABASE_URL= REDIS_URL=

# The typed Python client of the booking API (clients/python), generated from its committed
# document. A fixed hash seed: the generator lists enum values in set order.
CLIENT_GENERATE := PYTHONHASHSEED=0 PATH=$(abspath $(VENV))/bin:$$PATH \
  $(VENV)/bin/openapi-python-client generate --path services/booking/openapi.yaml \
  --config clients/booking-client.yaml --meta setup --overwrite
CLIENT_DIFF := diff -r -x .ruff_cache -x __pycache__ -x '*.egg-info'

# Regenerates each service's committed OpenAPI document, then the booking API's client.
schema: install
	@for s in $(API_SERVICES); do \
	  (cd services/$$s && $(SCHEMA_ENV) $(PY) manage.py spectacular --validate --fail-on-warn --file openapi.yaml); \
	done
	$(CLIENT_GENERATE) --output-path clients/python

schema-check: install
	@for s in $(API_SERVICES); do \
	  (cd services/$$s && $(SCHEMA_ENV) $(PY) manage.py spectacular --validate --fail-on-warn --file /tmp/openapi-$$s.yaml \
	    && diff -u openapi.yaml /tmp/openapi-$$s.yaml > /dev/null) \
	    || { echo "services/$$s/openapi.yaml is stale: run 'make schema' and commit it"; exit 1; }; \
	done
	@rm -rf /tmp/booking-client-check && $(CLIENT_GENERATE) --output-path /tmp/booking-client-check > /dev/null \
	  && $(CLIENT_DIFF) clients/python /tmp/booking-client-check > /dev/null \
	  || { echo "clients/python is stale: run 'make schema' and commit it"; exit 1; }

migrations-check: install
	@for s in $(SERVICES); do \
	  (cd services/$$s && $(PY) manage.py makemigrations --check --dry-run > /dev/null) \
	    || { echo "services/$$s has model changes without migrations"; exit 1; }; \
	done

# Each service's own tests against real PostgreSQL and Redis.
test-services: install
	bash deploy/ensure-services.sh
	@for entry in booking:1 notifications:2 payments:3; do \
	  s=$${entry%%:*}; db=$${entry##*:}; \
	  echo "== services/$$s"; \
	  (cd services/$$s && DATABASE_URL=$(TEST_PG)/$$s REDIS_URL=$(TEST_REDIS)/$$db $(PY) -m pytest -q) \
	    || exit 1; \
	 done

# End-to-end: every process for real, through nginx.
test-e2e: install system-deps
	bash deploy/ensure-services.sh
	$(PY) -m pytest -q -c tests/pytest.ini tests

# The widget's pure helpers, with Node's built-in test runner.
test-widget: system-deps
	node --test gateway/tests/

# The API contract: schemathesis, every check, against both services as real processes and
# their committed OpenAPI documents. A fixed seed and few examples in make test; more in fuzz.
contract: install
	bash deploy/ensure-services.sh
	$(PY) tests/contract/run.py --examples 20

fuzz: install
	bash deploy/ensure-services.sh
	$(PY) tests/contract/run.py --examples 300

# Kubernetes manifests (deploy/k8s: generated base, overlays) with kubernetes-validate and
# KEDA's CRD schema; docker-compose.yml with the Compose Specification's schema.
manifests-check: install
	$(PY) deploy/k8s/check.py

test: install system-deps lint migrations-check schema-check manifests-check test-widget test-services contract test-e2e

# The service and end-to-end tests with this machine's clock moved (libfaketime, every
# process the tests start), e.g. make test-at AT=2026-12-31T23:30:00+01:00
test-at: install system-deps
	@[ -n "$(AT)" ] || { echo "usage: make test-at AT=2026-12-31T23:30:00+01:00"; exit 2; }
	offset=$$($(PY) deploy/clock_offset.py "$(AT)"); \
	echo "clock moved by $$offset s to $(AT)"; \
	LD_PRELOAD=$$(ls /usr/lib/*/faketime/libfaketime.so.1 | head -n 1) FAKETIME=$$offset \
	  $(MAKE) --no-print-directory test-services test-e2e

bench: install system-deps
	bash deploy/ensure-services.sh
	@for b in bench/*/run.py; do echo "== $$b"; $(PY) $$b; done

clean:
	rm -rf var
