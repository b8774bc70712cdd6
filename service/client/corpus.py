"""JSONL in and out for the CLI: articles to read, and an output file a run can resume.

Input lines are `{"id", "text", "title"?, "published"?, "url"?}`; `date` is
read as `published` and other fields are ignored, so archive exports run as
they are. Output lines are `{"id", "result"}` or `{"id", "error"}`, one per
article, flushed as each finishes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

_FIELDS = ("text", "title", "published", "url")


@dataclass(frozen=True)
class Line:
    """One input article: its id, and its body for /structure (or why it has none)."""

    id: str
    body: dict[str, Any] | None
    problem: str | None = None


def read_articles(path: Path) -> list[Line]:
    """The articles of a JSONL file; a line that is not an article becomes a problem line."""
    lines: list[Line] = []
    with path.open(encoding="utf-8") as source:
        for number, raw in enumerate(source, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as error:
                lines.append(Line(f"line-{number}", None, f"not JSON: {error.msg}"))
                continue
            if not isinstance(record, dict):
                lines.append(Line(f"line-{number}", None, "not a JSON object"))
                continue
            article_id = str(record.get("id") or f"line-{number}")
            if "published" not in record and "date" in record:
                record["published"] = record["date"]
            body = {field: record[field] for field in _FIELDS if record.get(field) is not None}
            lines.append(Line(article_id, body))
    return lines


def finished_ids(path: Path) -> set[str]:
    """Ids already in the output; a torn last line (the run was killed mid-write) is cut off."""
    if not path.exists():
        return set()
    data = path.read_bytes()
    good_end = data.rfind(b"\n") + 1
    if good_end < len(data):
        with path.open("r+b") as output:
            output.truncate(good_end)
    ids: set[str] = set()
    for raw in data[:good_end].decode("utf-8").splitlines():
        try:
            record = json.loads(raw)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and "id" in record:
            ids.add(str(record["id"]))
    return ids


def write_line(output: TextIO, article_id: str, key: str, value: Any) -> None:
    """Append one finished article and flush it, so a kill loses at most the line in progress."""
    output.write(json.dumps({"id": article_id, key: value}, ensure_ascii=False) + "\n")
    output.flush()
