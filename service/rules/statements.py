"""What a reporting sentence says, without its attribution frame, as a statement of its own.

The guided strategy asks the model only to judge and to choose; the statement a
claim or denial carries is cut from the sentence by these rules: the quoted
words when there are some, else what follows the reporting verb.
"""

from __future__ import annotations

import re
from typing import Literal

from service.core.findings import Attribution
from service.text.lexicon import CLOSING_QUOTES, OPENING_QUOTES, QUOTE_MARKS, REPORTING_VERBS
from service.text.passages import Sentence
from service.text.quotes import quoted_span

_QUOTED = re.compile(rf"[{OPENING_QUOTES}]([^{QUOTE_MARKS}]{{12,}})[{CLOSING_QUOTES}]")
_AFTER_VERB = re.compile(
    rf"\b(?:{REPORTING_VERBS}|told \w+)\b(?:\s+(?:on|in)\s+\w+)?,?\s+(?:that\s+)?"
    r"(?P<content>.{12,})$"
)
_ACCORDING_TO = re.compile(r",?\s*\baccording to\b[^,.;]*[,.;]?", re.IGNORECASE)
_TRAILING_FRAME = re.compile(rf",\s*[^,]{{1,60}}\s(?:{REPORTING_VERBS})\.?$")


def said_in(sentence: Sentence, speaker: str, kind: Literal["claim", "denial"]) -> Attribution:
    """The record of a sentence whose speaker is known: its statement, quote and evidence."""
    return Attribution(
        kind=kind,
        speaker=speaker,
        speaker_role=None,
        proposition=statement_of(sentence.text),
        quote=quoted_span(sentence.text, sentence.start),
        evidence=sentence.span,
    )


def statement_of(sentence: str) -> str:
    """The sentence's proposition: quoted words, or the clause after the reporting verb."""
    quoted = _QUOTED.search(sentence)
    if quoted:
        return _as_sentence(quoted.group(1))
    content = _AFTER_VERB.search(sentence)
    text = content["content"] if content else sentence
    text = _TRAILING_FRAME.sub("", _ACCORDING_TO.sub(" ", text))
    return _as_sentence(text)


def _as_sentence(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:" + QUOTE_MARKS)
    if not text:
        return text
    return text[0].upper() + text[1:].rstrip(".") + "."
