"""What the fake model says: answers built from the request, valid or broken on purpose.

The fake reads the same request a real model would (the schema it is asked
for, the numbered sentences or the passage between <article> tags) and
answers mechanically: the first cue sentence becomes a record. These are
fixtures for load and fault tests, never model output to score.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from service.text.numbers import parse_number
from service.text.passages import split_sentences

Job = Literal["PassageRecords", "Attributions", "Figures", "SentenceVerdict"]
JOBS: tuple[Job, ...] = ("PassageRecords", "Attributions", "Figures", "SentenceVerdict")
AnswerKind = Literal["valid", "ungrounded", "invalid_json", "schema_invalid"]

_ARTICLE = re.compile(r"<article>\n(.*)\n</article>", re.DOTALL)
_NUMBERED = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)
_CUES = re.compile(r"^Sentences with [^:]+: ([\d, ]+)$", re.MULTILINE)
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?(?: (?:thousand|million|billion|trillion)\b)?")
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{8,})[\"\u201d]")
_NOT_IN_ANY_ARTICLE = "Words the fake model made up, found in no article at all"
_SHORT, _STATEMENT = 80, 140


def requested_job(body: dict[str, Any]) -> Job | None:
    """Which answer schema the request asks for, whatever the output mode."""
    response_format = body.get("response_format") or {}
    named = [
        (response_format.get("schema") or {}).get("title"),
        (response_format.get("json_schema") or {}).get("name"),
        *((tool.get("function") or {}).get("name") for tool in body.get("tools") or []),
    ]
    for job in JOBS:
        if job in named:
            return job
    system = next((m["content"] for m in body.get("messages", []) if m["role"] == "system"), "")
    for job in JOBS:
        if f'"title": "{job}"' in str(system):
            return job
    return None


def answer_content(body: dict[str, Any], kind: AnswerKind) -> str:
    """The message content (or tool arguments) the fake answers `body` with."""
    if kind == "invalid_json":
        return '{"records": [ this is not JSON'
    if kind == "schema_invalid":
        return json.dumps(
            {"records": [{"kind": "rumour"}], "claims": [{"speaker": ""}], "statistics": [{}]}
        )
    job = requested_job(body) or "PassageRecords"
    question = _last_user_message(body)
    if job == "SentenceVerdict":
        return json.dumps(_verdict(body))
    if job == "Attributions":
        return json.dumps(_attributions(question))
    if job == "Figures":
        return json.dumps(_figures(question, ungrounded=kind == "ungrounded"))
    return json.dumps(_passage_records(question, ungrounded=kind == "ungrounded"))


def _verdict(body: dict[str, Any]) -> dict[str, Any]:
    """The guided question: the first speaker offered, as a claim."""
    response_format = body.get("response_format") or {}
    schema = (
        response_format.get("schema")
        or (response_format.get("json_schema") or {}).get("schema")
        or {}
    )
    speakers = ((schema.get("properties") or {}).get("speaker") or {}).get("enum") or ["-"]
    return {"speaker": speakers[0], "kind": "claim" if speakers[0] != "-" else "none"}


def _last_user_message(body: dict[str, Any]) -> str:
    users = [m for m in body.get("messages", []) if m.get("role") == "user"]
    return str(users[-1]["content"]) if users else ""


def _numbered_cues(question: str) -> list[tuple[int, str]]:
    """The sentences the service flagged as cues, in order, with their numbers."""
    sentences = {int(number): text for number, text in _NUMBERED.findall(question)}
    cue_line = _CUES.search(question)
    if cue_line is None:
        return sorted(sentences.items())
    numbers = [int(n) for n in cue_line.group(1).replace(" ", "").split(",") if n]
    return [(n, sentences[n]) for n in numbers if n in sentences]


def _speaker(sentence: str) -> str:
    words = re.findall(r"[A-Z][\w'-]+", sentence)
    return " ".join(words[:2])[:_SHORT] or "A source"


def _attributions(question: str) -> dict[str, Any]:
    cues = _numbered_cues(question)
    if not cues:
        return {"records": []}
    number, sentence = cues[0]
    kind = "denial" if re.search(r"\bden(?:y|ies|ied)\b", sentence, re.IGNORECASE) else "claim"
    return {
        "records": [
            {
                "sentence": number,
                "kind": kind,
                "speaker": _speaker(sentence),
                "speaker_role": None,
                "statement": sentence[:_STATEMENT],
            }
        ]
    }


def _figures(question: str, *, ungrounded: bool) -> dict[str, Any]:
    for number, sentence in _numbered_cues(question):
        digits = _DIGITS.search(sentence)
        if digits is None:
            continue
        value = 987654321 if ungrounded else parse_number(digits.group())
        if value is None:
            continue
        return {
            "statistics": [
                {
                    "sentence": number,
                    "value": value,
                    "unit": None,
                    "total": None,
                    "measure": sentence[:_STATEMENT],
                    "source": None,
                }
            ]
        }
    return {"statistics": []}


def _passage_records(question: str, *, ungrounded: bool) -> dict[str, Any]:
    match = _ARTICLE.search(question)
    sentences = [s.text for s in split_sentences(match.group(1))] if match else []
    records: dict[str, Any] = {"claims": [], "denials": [], "statistics": []}
    if not sentences:
        return records
    first = sentences[0]
    quoted = _QUOTED.search(first)
    records["claims"].append(
        {
            "speaker": _speaker(first),
            "speaker_role": None,
            "statement": first,
            "quote": _NOT_IN_ANY_ARTICLE if ungrounded else (quoted.group(1) if quoted else None),
            "evidence": first,
        }
    )
    for sentence in sentences:
        digits = _DIGITS.search(sentence)
        if digits is not None:
            records["statistics"].append(
                {
                    "value": digits.group(),
                    "unit": None,
                    "total": None,
                    "measure": sentence,
                    "source": None,
                    "evidence": _NOT_IN_ANY_ARTICLE if ungrounded else sentence,
                }
            )
            break
    return records
