"""Turn grounded findings into the contract's records: dedupe, ids, speakers, rebuts, dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from service.core.findings import Attribution, Figure, Findings, Ungrounded
from service.core.records import Claim, Denial, Evidence, Speaker, Statistic
from service.rules.figures import distinct_figures, grounded_figures
from service.rules.names import names_in
from service.rules.speakers import full_names, known_roles, person_holding, role_out_of_name
from service.text.dates import resolve_date
from service.text.lexicon import NEGATION_WORDS, STRONG_DENIAL_VERBS
from service.text.overlap import overlap
from service.text.passages import split_sentences
from service.text.units import unit_near

_DUPLICATE_OVERLAP = 0.8
_REBUTTAL_OVERLAP = 0.25


@dataclass
class Assembled:
    """The response's records, and what was dropped on the way."""

    claims: list[Claim] = field(default_factory=list)
    denials: list[Denial] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    ungrounded: list[Ungrounded] = field(default_factory=list)


def assemble(findings: Findings, text: str, published: dt.date | None) -> Assembled:
    """Build contract records in reading order, with ids c1.., d1.., s1.. ."""
    result = Assembled(ungrounded=list(findings.ungrounded))
    attributions = _distinct_attributions(findings.attributions)
    attributions = [role_out_of_name(_checked_kind(a, text)) for a in attributions]
    written = [name for sentence in split_sentences(text) for name in names_in(sentence.text)]
    names = full_names([a.speaker for a in attributions], written)
    roles = known_roles(attributions, names)
    holders = {name: person_holding(name, text) for name in set(names.values())}
    for found in attributions:
        name = names[found.speaker]
        holder = holders[name]
        if holder is not None:
            found = replace(found, speaker_role=found.speaker_role or name)
            name = names.get(holder, holder)
        speaker = Speaker(name=name, role=found.speaker_role or roles.get(name))
        evidence = _evidence(text, found.evidence.start, found.evidence.end)
        quote = text[found.quote.start : found.quote.end] if found.quote else None
        date = resolve_date(evidence.text, published)
        if found.kind == "claim":
            claim_id = f"c{len(result.claims) + 1}"
            result.claims.append(
                Claim(
                    id=claim_id,
                    speaker=speaker,
                    statement=found.proposition,
                    quote=quote,
                    date=date,
                    evidence=evidence,
                )
            )
        else:
            result.denials.append(
                Denial(
                    id=f"d{len(result.denials) + 1}",
                    speaker=speaker,
                    denied=found.proposition,
                    rebuts=None,
                    quote=quote,
                    date=date,
                    evidence=evidence,
                )
            )
    for denial in result.denials:
        denial.rebuts = _rebutted_claim(denial, result.claims)
    # Ground before merging repeats: a mention with the wrong sentence must not
    # stand in for a grounded repeat of the same figure and take it down with it.
    grounded, dropped = grounded_figures(findings.figures, text)
    result.ungrounded.extend(dropped)
    for figure in distinct_figures(grounded):
        evidence = _evidence(text, figure.evidence.start, figure.evidence.end)
        result.statistics.append(
            Statistic(
                id=f"s{len(result.statistics) + 1}",
                value=figure.value,
                unit=figure.unit or unit_near(figure.value, evidence.text),
                total=figure.total,
                measure=figure.measure,
                source=figure.source or _speaker_of(figure, result),
                date=None,
                evidence=evidence,
            )
        )
    return result


def _evidence(text: str, start: int, end: int) -> Evidence:
    return Evidence(text=text[start:end], start=start, end=end)


def _distinct_attributions(found: list[Attribution]) -> list[Attribution]:
    """Reading order; a record restating another from the same words by the same speaker goes."""
    kept: list[Attribution] = []
    for candidate in sorted(found, key=lambda a: (a.evidence.start, a.evidence.end)):
        if not any(
            earlier.kind == candidate.kind
            and earlier.evidence == candidate.evidence
            and earlier.speaker.casefold() == candidate.speaker.casefold()
            and overlap(earlier.proposition, candidate.proposition) >= _DUPLICATE_OVERLAP
            for earlier in kept
        ):
            kept.append(candidate)
    return kept


# A denial says something is not so; without any of these words a sentence
# cannot carry one. With one of the strong verbs, it almost always does.
_NEGATION = re.compile(rf"\b(?:{NEGATION_WORDS})\b|n['\u2019]t", re.IGNORECASE)
_DENIAL_VERB = re.compile(rf"\b(?:{STRONG_DENIAL_VERBS})\b", re.IGNORECASE)


def _speaker_of(figure: Figure, assembled: Assembled) -> str | None:
    """A figure inside someone's claim is attributed to them (the model often leaves source out)."""
    records: list[Claim | Denial] = [*assembled.claims, *assembled.denials]
    for record in records:
        evidence = record.evidence
        if evidence.start < figure.evidence.end and figure.evidence.start < evidence.end:
            return record.speaker.name
    return None


def _checked_kind(found: Attribution, text: str) -> Attribution:
    """Overrule the model's claim/denial label where the sentence's words settle it."""
    sentence = text[found.evidence.start : found.evidence.end]
    if found.kind == "denial" and not _NEGATION.search(sentence):
        return replace(found, kind="claim")
    if found.kind == "claim" and _DENIAL_VERB.search(sentence):
        return replace(found, kind="denial")
    return found


def _rebutted_claim(denial: Denial, claims: list[Claim]) -> str | None:
    """The claim by someone else whose proposition the denial most resembles, if any is close."""
    best_id, best_score = None, _REBUTTAL_OVERLAP
    for claim in claims:
        if claim.speaker.name.casefold() == denial.speaker.name.casefold():
            continue
        score = overlap(claim.statement, denial.denied)
        if score >= best_score:
            best_id, best_score = claim.id, score
    return best_id
