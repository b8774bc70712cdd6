"""The client runs where the service does not: importing it loads no Litestar."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import service.client


def test_importing_every_client_module_loads_no_litestar() -> None:
    modules = [f"service.client.{m.name}" for m in pkgutil.iter_modules(service.client.__path__)]
    imports = [f"importlib.import_module({name!r})" for name in modules]
    loaded = "print(sorted(m for m in sys.modules if m.split('.')[0] == 'litestar'))"
    script = "; ".join(["import importlib, sys", *imports, loaded])
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert modules
    assert done.stdout.strip() == "[]"
