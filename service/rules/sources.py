"""How the parse names a source: an entity whole, else the noun phrase that names it.

"Fashion designer Lena Ortiz" is the person "Lena Ortiz"; "the ministry's
statement" is the ministry's; "local health officials" and "the head of the
dockers' union" are sources the guide accepts unnamed (LABELS.md).
"""

from __future__ import annotations

from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from service.text.lexicon import COMMUNICATION_NOUNS

SOURCE_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
"""Entity types that can speak: people, organisations, states, peoples (LABELS.md)."""
_MODIFIERS = frozenset({"compound", "amod", "nmod", "nummod", "poss", "case"})
_LONGEST_SOURCE_WORDS = 10
"""A noun phrase longer than this is a description, not a source's name."""


def source_phrase(token: Token) -> str | None:
    """The noun phrase that names a source: an entity whole, else the noun and its modifiers."""
    appositive = next(
        (c for c in token.children if c.dep_ == "appos" and entity_of(c) is not None), None
    )
    if entity_of(token) is None and appositive is not None:
        token = appositive  # "her husband, Rui Matos, said": the name, not the relation
    owned_by = owner_of(token)
    if owned_by is not None:
        return owned_by
    entity = entity_of(token)
    if entity is not None:
        return _trimmed(entity)
    if token.pos_ not in {"NOUN", "PROPN"}:
        return None
    words = _phrase(token)
    if len(words) > _LONGEST_SOURCE_WORDS:
        return None
    return _trimmed(words)


def owner_of(token: Token) -> str | None:
    """Whose statement it was: "the ministry's statement said" -> the ministry."""
    if token.lemma_.lower() not in COMMUNICATION_NOUNS:
        return None
    for child in token.children:
        if child.dep_ == "poss":
            return source_phrase(child)
        if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
            if target is not None:
                return source_phrase(target)
    return None


def entity_of(token: Token) -> TokenSpan | None:
    """The named entity of a kind that can speak that holds the token, if any.

    Read from the token's own IOB tags, not by scanning the document's entities:
    it is asked for nearly every subject of the article.
    """
    if token.ent_type_ not in SOURCE_ENTITIES:
        return None
    doc = token.doc
    start = token.i
    while doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return TokenSpan(doc, start, end, label=token.ent_type_)


def _phrase(token: Token) -> list[Token]:
    """The noun with the words that name it: "local health officials", "head of the union"."""
    words = [token]
    for child in token.lefts:
        if child.dep_ in _MODIFIERS:
            words.extend(child.subtree)
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            words.extend(child.subtree)
    return sorted(words, key=lambda word: word.i)


def _trimmed(words: list[Token] | TokenSpan) -> str | None:
    """The phrase without its determiners and a possessive ending: "the fire service's"."""
    first = min(word.i for word in words)
    kept = [w for w in words if not (w.dep_ == "det" and w.i == first)]
    while kept and (kept[-1].tag_ == "POS" or kept[-1].is_punct):
        kept.pop()
    while kept and (kept[0].dep_ == "det" or kept[0].is_punct):
        kept.pop(0)
    if not kept:
        return None
    doc = kept[0].doc
    return doc[kept[0].i : kept[-1].i + 1].text
