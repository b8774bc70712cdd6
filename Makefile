# The verbs a newcomer needs. Each target does its own set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)
CASES ?=
STRATEGY ?=
EVAL_ARGS ?=
BENCH_ARGS ?=
LOAD_ARGS ?=

.PHONY: run test eval record lint typecheck bench bench-quality clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

## run: the service on :8000, on the embedded model unless STRUCTURE_MODEL_BASE_URL is set
run: $(STAMP)
	STRUCTURE_HOST=$${STRUCTURE_HOST:-0.0.0.0} $(BIN)/python -m service.embedded.launch

## test: lint, types, unit and API tests, and the evals on recordings (offline)
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q
	$(BIN)/python -m evals --check

## eval: score every seed case from recordings and print the report
eval: $(STAMP)
	$(BIN)/python -m evals $(if $(STRATEGY),--strategy $(STRATEGY)) $(if $(CASES),--only $(CASES)) $(EVAL_ARGS)

## record: re-record model responses against the live model (embedded unless configured)
record: $(STAMP)
	$(BIN)/python -m evals --record $(if $(STRATEGY),--strategy $(STRATEGY)) $(if $(CASES),--only $(CASES)) $(EVAL_ARGS)

## bench-quality: the service's strategies vs LangExtract vs one plain instructor call, same model
## (BENCH_ARGS="--from-recordings" scores the strategies from recordings; --help lists the rest)
bench-quality: $(STAMP)
	$(BIN)/python -c "import langextract" 2>/dev/null || $(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks.bench_quality $(if $(CASES),--only "$(CASES)") $(BENCH_ARGS)

## bench: the service's overhead over a fake model with fixed latency, at 1/4/16/64 clients
## (loopback only, bounded; LOAD_ARGS="--latency-ms 50 --concurrency 1,4,16,64 --workers 1")
bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_service $(LOAD_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
