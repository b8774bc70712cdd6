"""`make bench-schema`: schemathesis, every check, on the OpenAPI document against the live service.

Starts on 127.0.0.1 the fake model (it answers every request validly) and
`python -m service` aimed at it, then runs `schemathesis run --checks all` on
/schema/openapi.json with a fixed seed (less `use_after_free`: by the contract a
cancelled job stays readable until it expires), and prints schemathesis's summary
and the number of generated cases (fuzzing repeats until --max-time is spent).
`--profile keys` runs the same with API keys, a rate limit and the failed-key
throttle set (generous ones, so that 429s do not hide everything else): the
document then declares the key schemes, and metered responses carry RateLimit-*.

Loopback only; bounded by the examples per operation and schemathesis's --max-time.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack

from benchmarks.bench_service import MODEL, ROOT, free_port, serve, start_fake_model

PROFILES = {
    "open": {},
    "keys": {
        "STRUCTURE_API_KEYS": "bench-key",
        "STRUCTURE_RATE_LIMIT_PER_MINUTE": "100000",
        "STRUCTURE_AUTH_FAILURES_PER_MINUTE": "100000",
    },
}


def start(model_url: str, profile: str, stack: ExitStack) -> str:
    """`python -m service`, one worker, on the fake model; its base URL."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("STRUCTURE_")},
        "STRUCTURE_HOST": "127.0.0.1",
        "STRUCTURE_PORT": str(port),
        "STRUCTURE_MODEL_BASE_URL": model_url,
        "STRUCTURE_MODEL_NAME": MODEL,
        "STRUCTURE_OUTPUT_MODE": "json_schema",
        "STRUCTURE_STRATEGY": "single",
        "STRUCTURE_HTTP_RETRIES": "0",
        # Long enough for the document's own examples (the seed article), which are sent too.
        "STRUCTURE_MAX_TEXT_CHARS": "10000",
        "STRUCTURE_MAX_BODY_BYTES": "20000",
        **PROFILES[profile],
    }
    return serve(env, port, stack)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--max-examples", type=int, default=100, help="cases per operation")
    parser.add_argument("--max-seconds", type=int, default=120, help="schemathesis --max-time")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="open")
    args = parser.parse_args()
    began = time.perf_counter()
    with ExitStack() as stack:
        model_url = start_fake_model(0.0, stack)
        url = start(model_url, args.profile, stack)
        command = [
            *(sys.executable, "-m", "schemathesis.cli", "run", f"{url}/schema/openapi.json"),
            *("--checks", "all", "--max-examples", str(args.max_examples)),
            *("--seed", str(args.seed), "--max-time", str(args.max_seconds)),
            *("--workers", "1", "--no-color", "--generation-database", "none"),
            *("--suppress-health-check", "too_slow,filter_too_much"),
            # API.md: a cancelled job "reads `cancelled` until it expires", so a GET after
            # DELETE is 200 by contract, where this check expects 404.
            *("--exclude-checks", "use_after_free"),
        ]
        if args.profile == "keys":
            command += ["--header", "Authorization: Bearer bench-key"]
        # Its own cwd: schemathesis keeps a crash cache (.schemathesis/) wherever it runs.
        scratch = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-schema-"))
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        result = subprocess.run(
            command, cwd=scratch, env=env, capture_output=True, text=True, check=False
        )
    print(result.stdout)
    if result.stderr.strip():
        print(result.stderr, file=sys.stderr)
    cases = re.search(r"Test cases:\s*(\d+) generated", result.stdout)
    print(
        f"profile {args.profile}: {cases.group(1) if cases else '?'} generated cases, "
        f"--checks all, seed {args.seed}, exit {result.returncode}, "
        f"{time.perf_counter() - began:.0f} s in all"
    )
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
