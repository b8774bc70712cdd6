"""Requests wrong in every way we know, for `make bench-faults`: no 5xx, no model call."""

from __future__ import annotations

import json
from typing import Any

from benchmarks.bench_service import ARTICLE

JSON = {"content-type": "application/json"}


def malformed_requests() -> list[tuple[str, bytes, dict[str, str]]]:
    """Distinct bodies and headers, each wrong in its own way."""
    good = json.dumps({"text": ARTICLE, "title": "A bridge", "published": "2024-03-07"})
    cases: list[tuple[str, bytes, dict[str, str]]] = []
    for cut in range(1, len(good), max(1, len(good) // 30)):
        cases.append((f"truncated at {cut}", good[:cut].encode(), JSON))
    wrong_values: list[Any] = [0, 1.5, True, None, [], {}, ["x"], {"a": 1}, "", "  \n\t "]
    for field in ("text", "title", "published", "url"):
        for value in wrong_values:
            if field != "text" and (value is None or isinstance(value, str)):
                continue  # null or a string is a valid title, url; published below
            body = {"text": ARTICLE, field: value}
            cases.append((f"{field}={value!r}", json.dumps(body).encode(), JSON))
    for date in [
        "2015-02-30",
        "2015-13-01",
        "yesterday",
        "0",
        "2015/10/08",
        "10-08-2015",
        "2015-1-8",
    ]:
        body = {"text": ARTICLE, "published": date}
        cases.append((f"published={date}", json.dumps(body).encode(), JSON))
    for name in ("lang", "Text", "meta", "claims", "model", "__proto__", "strategy", "id"):
        cases.append(
            (f"unknown field {name}", json.dumps({"text": ARTICLE, name: 1}).encode(), JSON)
        )
    cases += [
        ("text with NUL", json.dumps({"text": "a\u0000b"}).encode(), JSON),
        ("title too long", json.dumps({"text": ARTICLE, "title": "x" * 1001}).encode(), JSON),
        ("url too long", json.dumps({"text": ARTICLE, "url": "h" * 2049}).encode(), JSON),
        ("text too long", json.dumps({"text": "x" * 100_001}).encode(), JSON),
        ("body too large", b'{"text": "' + b"x" * 1_000_001 + b'"}', JSON),
        ("not UTF-8", b'{"text": "caf\xe9"}', JSON),
        ("a JSON list", b"[1, 2]", JSON),
        ("a JSON string", b'"text"', JSON),
        ("empty body", b"", JSON),
        ("nested 1,000 deep", b'{"text": ' + b"[" * 1000 + b"]" * 1000 + b"}", JSON),
        ("nested 100,000 deep", b"[" * 100_000 + b"]" * 100_000, JSON),
        ("nested objects 100,000 deep", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, JSON),
    ]
    syntax = [
        b"{'text': 'single quotes'}",
        b'{"text": "trailing comma",}',
        b'{"text": NaN}',
        b'{"text": Infinity}',
        b'{"text": "a" /* comment */}',
        b'\xef\xbb\xbf{"text": "after a byte-order mark"}',
        b'{"text": "unfinished escape \\u12"}',
        b'{"text": "lone surrogate \\ud800"}',
        b"{text: 1}",
        b"null",
    ]
    cases += [(f"syntax {number}", body, JSON) for number, body in enumerate(syntax)]
    for content_type in ("text/plain", "multipart/form-data; boundary=x", "application/xml", ""):
        cases.append(
            (
                f"content-type {content_type or 'none'}",
                good.encode(),
                {"content-type": content_type},
            )
        )
    return cases


def raw_requests() -> list[tuple[str, str, bool]]:
    """Bytes only a raw socket sends: (name, data, hang up right after sending)."""
    head = "POST /structure HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
    return [
        (
            "body shorter than content-length, then hang up",
            f'{head}content-length: 900\r\n\r\n{{"text',
            True,
        ),
        ("unfinished head of 64 KB", "POST /structure HTTP/1.1\r\nx-pad: " + "a" * 65536, False),
        (
            "head never finished (1 s header timeout)",
            "POST /structure HTTP/1.1\r\nhost: x\r\n",
            False,
        ),
        (
            "body never finished (1 s body timeout)",
            f'{head}content-length: 900\r\n\r\n{{"text',
            False,
        ),
        ("not HTTP", "HELLO\r\n\r\n", False),
    ]
