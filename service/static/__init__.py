"""Files the service serves as they are: the review page and the API docs' scripts."""

from __future__ import annotations

from pathlib import Path

STATIC_ROOT = Path(__file__).resolve().parent
