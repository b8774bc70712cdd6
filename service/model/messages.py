"""The chat messages both strategies send: system text, one worked example, the article."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from service.model.client import Message
from service.text.passages import Sentence


def article_block(body: str, published: str | None, title: str | None, notes: list[str]) -> str:
    """Frame article text as data, with the context the model needs to read it."""
    lines = []
    if published:
        weekday = dt.date.fromisoformat(published).strftime("%A")
        lines.append(f"Published: {published} ({weekday})")
    if title:
        lines.append(f"Title (context only): {title}")
    lines.extend(notes)
    lines.append(f"<article>\n{body}\n</article>")
    return "\n".join(lines)


def numbered(sentences: list[Sentence] | list[str]) -> str:
    """One sentence a line, numbered as the model must cite them."""
    return "\n".join(
        f"[{s.number}] {s.text}" if isinstance(s, Sentence) else f"[{i}] {s}"
        for i, s in enumerate(sentences, start=1)
    )


def conversation(
    system: str, example: dict[str, Any], example_body: str, user: str, example_notes: list[str]
) -> list[Message]:
    """System text, the worked example as a user/assistant turn, then the real question.

    The example is framed exactly like the real question (same notes), so the
    model learns the mapping rather than copying the example's answer.
    """
    example_user = article_block(example_body, example.get("published"), None, example_notes)
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": example_user},
        {"role": "assistant", "content": json.dumps(example["output"], ensure_ascii=False)},
        {"role": "user", "content": user},
    ]
