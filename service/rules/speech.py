"""Who speaks in a sentence, read from its grammar rather than from word patterns.

A claim's speaker is the subject (or the passive's agent) of a verb of
communication, or the object of "according to". The parse tells a subject from
an adjunct ("Following the ruling, ..."), from the medium ("via Twitter", "told
the BBC") and from words inside the quotation, which no list of capitalised words
can. A pronoun stands for the nearest earlier subject that fits it.

`reports(document)` gives, per reporting sentence, the speaker as the sentence
names it, who else may have spoken, and whether the clause is a denial. Code
decides alone whenever the grammar names the subject (a name, a source such as
"officials", a description as the article writes it) or resolves a pronoun; the
rest is left to the model with the parse's candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from service.core.findings import Attribution
from service.core.span import Span
from service.rules.pronouns import could_be, genders, people_in
from service.rules.sources import entity_of, owner_of, source_phrase
from service.rules.statements import said_in
from service.text.lexicon import (
    COMMUNICATION_VERBS,
    DENIAL_LEMMAS,
)
from service.text.parse import Document
from service.text.passages import Sentence
from service.text.quotes import overlapping

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_PERSONAL = frozenset({"he", "she", "him", "her"})
_GROUP_PRONOUNS = frozenset({"they", "them", "it"})
_RELATIVE = frozenset({"who", "which", "that"})
_AGENTLESS = frozenset({"report", "rumour", "rumor"})


@dataclass(frozen=True)
class Report:
    """One sentence's act of communication, as its grammar shows it."""

    sentence: Sentence
    speaker: str | None
    """The speaker as the article names it, or None when the grammar leaves it open."""
    candidates: tuple[str, ...]
    """Who may have spoken, the likeliest first: what the model chooses from."""
    denial: bool


def reports(document: Document) -> list[Report]:
    """Every sentence that reports someone's words or stance, with its speaker if known."""
    quoted = document.quotations
    people = [e.text for e in document.parsed.ents if e.label_ == "PERSON"]
    shown = genders([s.text for s in document.sentences], people_in(people))
    found: list[Report] = []
    subjects: list[_Mention] = []
    parsed = document.parsed_sentences
    quoted_in = overlapping(quoted, [sentence.span for sentence in parsed])
    for sentence, here in zip(parsed, quoted_in, strict=True):
        tokens = document.tokens_of(sentence)
        report = _report(sentence, tokens, here, subjects, shown)
        if report is not None:
            found.append(report)
        subjects.extend(_subjects_in(tokens, here))
    return found


def spoken(found: list[Report]) -> list[Attribution]:
    """The claims and denials whose speaker the grammar names: code takes these alone."""
    return [
        said_in(report.sentence, report.speaker, "denial" if report.denial else "claim")
        for report in found
        if report.speaker is not None
    ]


@dataclass(frozen=True)
class _Mention:
    """A subject the article has named: who a later pronoun may stand for."""

    name: str
    kind: str  # "person", "group" (plural or organisation), or "thing"


def _report(
    sentence: Sentence,
    tokens: TokenSpan,
    quoted: list[Span],
    earlier: list[_Mention],
    shown: dict[str, str],
) -> Report | None:
    for predicate in _predicates(tokens, quoted):
        subject = _speaker_token(predicate)
        if subject is None or _agentless(subject):
            continue
        name = _name_of(subject, earlier, shown)
        candidates = _candidates(subject, earlier)
        if name is None and not candidates:
            continue
        return Report(
            sentence=sentence,
            speaker=name,
            candidates=tuple(candidates),
            denial=predicate.lemma_.lower() in DENIAL_LEMMAS,
        )
    return None


def _predicates(tokens: TokenSpan, quoted: list[Span]) -> Iterable[Token]:
    """The sentence's verbs of communication outside any quotation, its main verb first."""
    found = [
        token
        for token in tokens
        if _communicates(token) and not _inside(token, quoted) and _asserted(token)
    ]
    found.sort(key=lambda token: (token.dep_ != "ROOT", token.i))
    yield from found
    for token in tokens:
        # "according to X": the object of "to" is the source.
        if token.lower_ == "according" and not _inside(token, quoted):
            yield token
    # "X continued:" or "X responded:" before a quotation: the colon is the frame of
    # speech, whatever the verb, and its subject speaks the quotation that follows.
    if tokens.text.rstrip().endswith(":"):
        yield from (t for t in tokens if t.dep_ == "ROOT" and t.pos_ == "VERB" and _asserted(t))


def _communicates(token: Token) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in COMMUNICATION_VERBS


def _asserted(verb: Token) -> bool:
    """Was this said, rather than planned, expected or denied having been said?

    "is expected to announce", "will say", "did not comment" report nothing said.
    """
    if verb.dep_ in {"amod", "acl", "compound"}:
        return False
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ == "aux" and child.tag_ in {"TO", "MD"}):
            return False
    return True


def _inside(token: Token, quoted: list[Span]) -> bool:
    return any(span.start <= token.idx < span.end for span in quoted)


def _speaker_token(predicate: Token) -> Token | None:
    """The word that names who speaks: the subject, the passive's agent, or 'according to' X."""
    if predicate.lower_ == "according":
        to = next((c for c in predicate.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    passive = any(c.dep_ == "auxpass" for c in predicate.children)
    if passive:
        agent = next((c for c in predicate.children if c.dep_ == "agent"), None)
        # "was quoted as saying" and "X was cited" name the speaker as the subject.
        if agent is None:
            return _subject_of(predicate) if predicate.lemma_ in {"quote", "cite"} else None
        return next((c for c in agent.children if c.dep_ == "pobj"), None)
    subject = _subject_of(predicate)
    if subject is None and predicate.dep_ in {"conj", "advcl", "xcomp"}:
        # "X agreed, saying ...", "X said ... and added ...": the head's subject speaks.
        subject = _subject_of(predicate.head)
    if subject is not None and subject.lower_ in _RELATIVE and predicate.dep_ == "relcl":
        return predicate.head  # "X, who said ...": the noun the clause hangs on
    return subject


def _agentless(subject: Token) -> bool:
    """ "Reports said", "rumours suggest": nobody is named, so nobody claims (LABELS.md)."""
    return (
        subject.lemma_.lower() in _AGENTLESS
        and owner_of(subject) is None
        and not any(child.dep_ in {"poss", "compound", "amod"} for child in subject.children)
    )


def _subject_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in _SUBJECTS), None)


def _name_of(token: Token, earlier: list[_Mention], shown: dict[str, str]) -> str | None:
    """The speaker the token names, resolved when it is a pronoun; None if code can't tell.

    A noun phrase is taken as the article writes it ("officials", "the fire
    service", "the hotel's website"): deciding only for named entities and known
    source nouns lost more records than it saved on both splits of the corpus.
    """
    lower = token.lower_
    if token.pos_ == "PRON":
        if lower in _PERSONAL:
            return next(
                (
                    m.name
                    for m in reversed(earlier)
                    if m.kind == "person" and could_be(lower, m.name, shown)
                ),
                None,
            )
        if lower in _GROUP_PRONOUNS:
            return _nearest(earlier, "group")
        return None
    return source_phrase(token)


def _candidates(token: Token, earlier: list[_Mention]) -> list[str]:
    """Who the model may choose from: the subject's phrase, or a pronoun's antecedents."""
    if token.pos_ == "PRON":
        kind = "person" if token.lower_ in _PERSONAL else "group"
        return list(dict.fromkeys(m.name for m in reversed(earlier) if m.kind == kind))[:4]
    phrase = source_phrase(token)
    return list(dict.fromkeys(name for name in (owner_of(token), phrase) if name))


def _nearest(earlier: list[_Mention], kind: str) -> str | None:
    return next((m.name for m in reversed(earlier) if m.kind == kind), None)


def _subjects_in(tokens: TokenSpan, quoted: list[Span]) -> list[_Mention]:
    """The sentence's subjects and named sources, in order: what a later pronoun may mean."""
    found: list[_Mention] = []
    for token in tokens:
        if token.dep_ not in _SUBJECTS or token.pos_ == "PRON" or _inside(token, quoted):
            continue
        name = source_phrase(token)
        if name is None:
            continue
        found.append(_Mention(name, _kind_of(token)))
    return found


def _kind_of(token: Token) -> str:
    """Whom a later pronoun may mean: "he" or "she" a person, "it" or "they" a group."""
    entity = entity_of(token)
    if entity is not None:
        return "person" if entity.label_ == "PERSON" else "group"
    # A plural noun may be "they"; a singular one ("the pier") is too often a thing.
    return "group" if token.tag_ in {"NNS", "NNPS"} else "thing"
