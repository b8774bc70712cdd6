# The fact-structuring service: POST /structure on port 8000.
# Builder stage installs the locked dependencies into a virtualenv; the slim
# runtime stage gets only that virtualenv and runs it as an unprivileged user.
#
#   docker build -t factstructure .
#   docker run --rm -p 8000:8000 \
#     -e STRUCTURE_MODEL_BASE_URL=https://api.openai.com/v1 \
#     -e STRUCTURE_MODEL_API_KEY="$OPENAI_API_KEY" \
#     -e STRUCTURE_MODEL_NAME=gpt-4o-mini -e STRUCTURE_OUTPUT_MODE=json_schema \
#     factstructure
#
# PYTHON_IMAGE is any Debian image with Python 3.11 and its venv module: the
# public python:3.11-slim by default, or, where Docker Hub is out of reach, a base
# made locally with debootstrap (README, Deployment; `make image-test` builds one):
#   docker build --build-arg PYTHON_IMAGE=localhost/factstructure-base -t factstructure .
#
# Fully offline, next to a local llama.cpp model server: see compose.yaml.
# No secret is baked in: keys come from the environment at run time.
#
# Settings (environment variables; defaults in service/settings.py):
#   Model endpoint
#     STRUCTURE_MODEL_BASE_URL      OpenAI-compatible base URL (default http://127.0.0.1:8081/v1)
#     STRUCTURE_MODEL_API_KEY       key for that endpoint; a local server ignores it (secret)
#     STRUCTURE_MODEL_NAME          model name sent with every request
#     STRUCTURE_OUTPUT_MODE         llama_json_schema | json_schema | tools | json
#     STRUCTURE_STRATEGY            auto | guided | focused | single
#     STRUCTURE_REQUEST_TIMEOUT_S   seconds one model call may take before a 504 (default 300)
#     STRUCTURE_HTTP_RETRIES        retries of a failed HTTP call, honouring Retry-After (default 2)
#     STRUCTURE_MAX_RETRIES         re-asks after invalid model output (default 2)
#     STRUCTURE_MAX_OUTPUT_TOKENS   cap on one answer's tokens (default 1500)
#     STRUCTURE_TEMPERATURE         sampling temperature (default 0)
#   Requests
#     STRUCTURE_MAX_TEXT_CHARS      longest article after trimming (default 100000)
#     STRUCTURE_MAX_BODY_BYTES      largest request body, else 413 (default 1000000)
#   Request lifecycle
#     STRUCTURE_REQUEST_DEADLINE_S  the whole request, queue included: 504 model / 503 queue (600)
#     STRUCTURE_ON_MODEL_FAILURE    error | rules: 200 with the rules' records, meta.degraded (error)
#     STRUCTURE_MAX_TITLE_CHARS     longest title, else 422 (default 1000)
#     STRUCTURE_MAX_URL_CHARS       longest url, else 422 (default 2048)
#     STRUCTURE_ACCEPT_FORM_BODIES  read form-encoded bodies as JSON; false: 415 (default true)
#     STRUCTURE_MAX_HEADER_BYTES    largest unfinished request head, else 400 (default 16384)
#     STRUCTURE_HEADER_READ_TIMEOUT_S  time to send a request head, else 408 + close (default 10)
#     STRUCTURE_BODY_READ_TIMEOUT_S time to send the body, else 408 (default 30)
#   Serving
#     STRUCTURE_HOST                listen address (0.0.0.0 here)
#     STRUCTURE_PORT                listen port (8000 here)
#     STRUCTURE_WORKERS             uvicorn worker processes (default 1); the limits below
#                                   hold per worker, and /metrics adds the workers up
#   Load
#     STRUCTURE_MAX_CONCURRENT_MODEL_CALLS  requests at the model at once (default 4)
#     STRUCTURE_MAX_QUEUED          requests waiting for a slot before 503 + Retry-After (default 32)
#     STRUCTURE_OVERLOAD_RETRY_AFTER_S  Retry-After of that 503 (default 5)
#     STRUCTURE_CPU_WORK_THREADS    threads for parse and rules, per worker (default 2)
#     STRUCTURE_CPU_WORK_NICE       their nice value, behind a model on the same cores (default 10)
#   Result cache
#     STRUCTURE_CACHE_SIZE          in-memory LRU entries per worker; 0 turns it off (default 1024)
#     STRUCTURE_REDIS_URL           redis://host:6379/0 shares the cache between replicas (secret)
#     STRUCTURE_CACHE_TTL_S         lifetime of a Redis entry (default 86400)
#   Access
#     STRUCTURE_API_KEYS            comma-separated keys for /structure; empty: open (secret)
#     STRUCTURE_RATE_LIMIT_PER_MINUTE  per API key, or per client IP without keys; 0: off
#   Shared state and limits that hold (cache partitions, Redis limits, proxies, breaker)
#     STRUCTURE_CACHE_SHARED        true: API keys share cached results (default false: one per key)
#     STRUCTURE_TRUSTED_PROXIES     addresses/CIDRs whose X-Forwarded-For is believed (default none)
#     STRUCTURE_AUTH_FAILURES_PER_MINUTE  wrong-key attempts per address before 429 (default 10)
#     STRUCTURE_REDIS_TIMEOUT_S     socket timeout of cache and limit calls to Redis (default 0.5)
#     STRUCTURE_REDIS_COOLDOWN_S    after a Redis fault, skip Redis this long (default 5)
#   Jobs (/v1/jobs; on Redis when STRUCTURE_REDIS_URL is set, else in this process)
#     STRUCTURE_JOB_MAX_ARTICLES    most articles in one job (default 1000)
#     STRUCTURE_JOB_RETENTION_S     how long a job and its results are kept (default 86400)
#     STRUCTURE_JOB_MAX_BODY_BYTES  largest /v1/jobs body, else 413 (default 20000000)
#     STRUCTURE_JOB_CONCURRENCY     job articles one process works on at once (default 1;
#                                   raise it for a model server that batches)
#     STRUCTURE_JOB_RUN_IN_API      false: leave jobs to `python -m service.worker` (default true)
#     STRUCTURE_JOB_HEARTBEAT_S     an article silent this long is run again (default 30)
#     STRUCTURE_JOB_CALLBACK_HOSTS  comma-separated hosts a callback_url may name; empty: none
#     STRUCTURE_JOB_CALLBACK_SECRET key of the callbacks' HMAC-SHA256 signature (secret)
#     STRUCTURE_JOB_CALLBACK_ATTEMPTS  tries to deliver a callback (default 5)
#     STRUCTURE_JOB_CALLBACK_BACKOFF_S  first retry delay, doubling (default 1)
#     STRUCTURE_REVIEW_PAGE         false turns off the review page at /review (default true)
#   Logs and traces
#     STRUCTURE_LOG_LEVEL           least severe JSON log line written (default INFO)
#     OTEL_EXPORTER_OTLP_ENDPOINT   set it (or OTEL_TRACES_EXPORTER) to send OpenTelemetry traces
#   Debugging
#     STRUCTURE_LOG_ARTICLE_TEXT    true logs article text in the access log (off: never logged)
#   The embedded model: not read in this image. They set up `make run`'s model;
#   in containers the model runs in its own image (Dockerfile.model, compose.yaml).
#     STRUCTURE_EMBEDDED_MODEL      known model name or a GGUF path (default the 1.5B)
#     STRUCTURE_EMBEDDED_PORT       its loopback port (default 8081)
#     STRUCTURE_EMBEDDED_CTX        context per slot, in tokens (default 4096)
#     STRUCTURE_EMBEDDED_PARALLEL   slots: requests served at once (default 2)
#     STRUCTURE_EMBEDDED_THREADS    CPU threads; 0 is one per core (default 0)
#     STRUCTURE_EMBEDDED_BATCH      prompt tokens per evaluation step (default 512)
#     STRUCTURE_EMBEDDED_CACHE_RAM_MB  host memory for prompts slots moved on from (default 512)
#     STRUCTURE_EMBEDDED_KV_CACHE   key/value cache type, f16 or q8_0 (default f16)
#     STRUCTURE_EMBEDDED_FLASH_ATTN flash attention: auto, on, off (default auto)
#     STRUCTURE_CACHE_DIR           where the assembled weights are kept (~/.cache/factstructure)
# Behind a reverse proxy, set STRUCTURE_TRUSTED_PROXIES to its address so uvicorn takes
# the client IP (for rate limits) from X-Forwarded-For; FORWARDED_ALLOW_IPS is not read.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python3 -m venv /opt/venv
# Dependencies first, from the hashed runtime lock (the service and its `otel` extra;
# no dev tools, no embedded model server), so a code change does not reinstall them.
COPY pyproject.toml requirements.lock ./
RUN /opt/venv/bin/pip install --no-cache-dir --require-hashes -r requirements.lock
COPY service ./service
COPY prompts ./prompts
RUN /opt/venv/bin/pip install --no-cache-dir --no-deps . \
    && /opt/venv/bin/python -c "import service.app, service.model.prompts; print(service.model.prompts.load_prompts().versions)"

FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 structure \
    && useradd --system --uid 10001 --gid structure --no-create-home --shell /usr/sbin/nologin structure
COPY --from=builder /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    STRUCTURE_HOST=0.0.0.0 \
    STRUCTURE_PORT=8000 \
    STRUCTURE_WORKERS=1
WORKDIR /home/structure
USER 10001:10001
EXPOSE 8000
# SIGTERM drains: no new requests, those in flight finish within their deadline
# (STRUCTURE_REQUEST_DEADLINE_S, 600 s) + 5 s. Docker kills after 10 s unless told:
#   docker run --stop-timeout 615 ...   (compose.yaml: stop_grace_period: 615s)
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; url = 'http://127.0.0.1:%s/healthz' % os.environ.get('STRUCTURE_PORT', '8000'); sys.exit(0 if urllib.request.urlopen(url, timeout=4).status == 200 else 1)"]
ENTRYPOINT ["python", "-m", "service"]
