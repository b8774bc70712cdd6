"""What a check says: one line when it passes, CheckFailed naming it when it does not."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec

P = ParamSpec("P")


class CheckFailed(Exception):
    """A check found the image wrong, or a step it needs did not work; the message says which."""


def check(name: str, run: Callable[P, str], *args: P.args, **kwargs: P.kwargs) -> None:
    """Run one check: print its line with what it measured, or fail with its name."""
    try:
        detail = run(*args, **kwargs)
    except CheckFailed as error:
        raise CheckFailed(f"{name}: {error}") from error
    except Exception as error:  # a refused connection or a missing field fails the check too
        raise CheckFailed(f"{name}: {type(error).__name__}: {error}") from error
    print(f"ok    {name}: {detail}", flush=True)
