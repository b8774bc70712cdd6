"""What code proposes before the model is asked: who may be speaking in a sentence.

Code is exhaustive and cheap; the model only chooses among what is listed
here, so it cannot invent a speaker. A sentence gets as options the names and
explicit sources it holds, the subject of its verb of speech first, and, when it
leans on an earlier sentence (a pronoun, or no name of its own), the speakers and
names mentioned last before it. Names are offered in full ("Okafor" as "Lena
Okafor"), "the parties" as the pair the article named, and "he" or "she" only the
people the article does not show to be of the other gender (`service.rules.pronouns`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.rules.names import (
    REPORTING_CUE,
    names_in,
    names_inside_sentences,
    only_a_sentence_opener,
    written_in_full,
)
from service.rules.pronouns import HE_OR_SHE, could_be, gender_of, genders, people_in
from service.text.lexicon import (
    PAIR_NOUNS,
    REPORTING_CUES,
    REPORTING_VERBS,
    SOURCE_NOUNS,
    SOURCE_QUALIFIERS,
    SPEECH_VERBS_TO_ASK,
)
from service.text.passages import Sentence

# "the harbour union", "a senior fire officer", "state media": after an article,
# any two lowercase words may qualify the noun; without one, only known qualifiers.
_SOURCE_PHRASE = re.compile(
    rf"\b(?:(?:the|a|an)\s+(?:[a-z-]+\s+){{0,2}}|(?:(?:{SOURCE_QUALIFIERS})\s+){{1,2}})?"
    rf"(?:{SOURCE_NOUNS})\b",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_LEANS_BACK = re.compile(r"\b(?:he|she|they|it|his|her|their|the \w+)\b", re.IGNORECASE)
# "he said", "she told reporters", "said she": the speaker is someone named before.
_SPEECH = rf"(?:{REPORTING_CUES}|{SPEECH_VERBS_TO_ASK})"
_PRONOUN_SPEAKS = re.compile(
    rf"\b(?:he|she|they)\s+(?:\w+\s+)?{_SPEECH}\b|\b(?:{REPORTING_CUES})\s+(?:he|she)\b",
    re.IGNORECASE,
)
_ADDRESSEE_BEFORE = re.compile(r"(?<![Aa]ccording )\b(?:told|to)\s+$")
_COMMON_OWNER = re.compile(r"^(?P<owner>[a-z]+)['\u2019]s (?P<owned>.+)$")
# "the central bank denied", "a spokeswoman for the fund said": lower-case words
# after an article, right before the verb, are who speaks when no name does.
# "the Harbour embassy confirmed" and "the head of the port's pilots told" too: a
# name may qualify the noun, and "of the" or "for the" may join two nouns, but no
# other small word does ("the government in a budget dispute" is no subject).
_NOUN_PHRASE_WORD = r"(?!(?:in|on|at|for|to|with|by|from|and|or|but|as)\b)[a-z][\w'\u2019-]*"


def _subject_before(verbs: str) -> re.Pattern[str]:
    return re.compile(
        rf"\b(?i:the|a|an)\s+(?P<subject>(?:[A-Z][\w'\u2019-]*\s+)?"
        rf"(?:(?:{_NOUN_PHRASE_WORD}|(?:of|for) the)\s+){{0,4}}?{_NOUN_PHRASE_WORD})\s+"
        rf"(?:has\s+|have\s+|had\s+|also\s+|further\s+|[a-z]+ly\s+)?(?:{verbs})\b"
    )


# A plain verb of speech first: "a wage dispute" holds a cue, but "said" is the verb.
_SUBJECTS_BEFORE_VERBS = [_subject_before(REPORTING_VERBS), _subject_before(_SPEECH)]
# "The parties said", "Both sides have indicated": a plural subject that usually
# stands for the two parties the article has named.
_PAIR_SPEAKS = re.compile(
    rf"(?:^|,\s*)(?:(?:[Bb]oth|[Tt]he two)\s+[a-z]+|[Tt]he (?:{PAIR_NOUNS}))\s+"
    rf"(?:have\s+|also\s+)?{_SPEECH}\b"
)
# "Hospital officials said", "Emergency workers have indicated": a sentence that
# opens on an unnamed source, with no article before it.
_SOURCE_OPENS = re.compile(
    rf"^(?P<subject>(?:[A-Za-z][\w-]*\s+){{0,2}}?(?:{SOURCE_NOUNS}))\s+"
    rf"(?:has\s+|have\s+|had\s+|also\s+)?{_SPEECH}\b"
)
_FUNCTION_WORDS = frozenset("that which who whom and or but if when as than it they".split())
MAX_OPTIONS = 6
"""Enough for the sentence's own names and the few before it; more only dilutes the choice."""
RECENT_NAMES = 4


@dataclass(frozen=True)
class SpeakerOptions:
    """A sentence that may attribute something, and who may be its source."""

    sentence: Sentence
    options: tuple[str, ...]


def source_phrases(text: str) -> list[str]:
    """Unnamed but explicit sources in `text`: "officials", "local media", "fire officer"."""
    found: list[str] = []
    for match in _SOURCE_PHRASE.finditer(text):
        if _ADDRESSEE_BEFORE.search(text[: match.start()]):
            continue  # "officials told local media": media heard it, officials said it
        phrase = _ARTICLE.sub("", match.group())
        if phrase not in found:
            found.append(phrase)
    return found


def subject_of_speech(text: str) -> str | None:
    """The unnamed subject of a verb of speech: "the central bank denied" gives "central bank"."""
    found = (pattern.search(text) for pattern in _SUBJECTS_BEFORE_VERBS)
    match = next((m for m in found if m), None) or _SOURCE_OPENS.match(text)
    if match is None or _FUNCTION_WORDS & set(match["subject"].casefold().split()):
        return None
    return match["subject"]


def speaker_options(
    sentences: list[Sentence], asked: list[Sentence], speakers: dict[int, str] | None = None
) -> list[SpeakerOptions]:
    """For each sentence of `asked`, the speakers the model may choose among, its own first.

    `speakers` holds the speakers already decided, by where their sentence starts:
    a sentence leaning back on an earlier one is offered the last of them before
    the names it merely mentions ("Harbour Radio reported the ship left Porto.
    The broadcaster said..." leans on Harbour Radio, not on Porto).
    """
    decided = speakers or {}
    wanted = {sentence.number for sentence in asked}
    named_inside = names_inside_sentences(sentences)
    texts = [sentence.text for sentence in sentences]
    shown = genders(texts, people_in([name for text in texts for name in names_in(text)]))
    recent: list[str] = []
    written: list[str] = []
    spoke: list[str] = []
    proposed: list[SpeakerOptions] = []
    for sentence in sentences:
        own = [
            name
            for name in names_in(sentence.text)
            if not only_a_sentence_opener(name, sentence.text, named_inside)
        ]
        in_full = {name: written_in_full(name, written) for name in own}
        before = list(written)
        # Most recently mentioned last: whom "she" stands for is looked up from the end.
        written = [n for n in written if n not in in_full.values()] + list(in_full.values())
        if sentence.number in wanted:
            options, own = _own_options(sentence.text, own, in_full, before)
            earlier = [name for name in reversed(recent) if name not in options]
            speaks = _PRONOUN_SPEAKS.search(sentence.text)
            if speaks:
                # "She said": only people the article does not show to be men, and
                # the last woman it named if none of the last few names is one.
                pronoun = HE_OR_SHE.search(speaks.group())
                if pronoun:
                    earlier = _who_may_be(pronoun.group(), earlier, before, shown)
                options = earlier + options
            elif _LEANS_BACK.search(sentence.text) or not options:
                options += earlier
            options = _pair_first(options, sentence.text, before, spoke)
            options = list(dict.fromkeys(options))
            proposed.append(SpeakerOptions(sentence, tuple(options[:MAX_OPTIONS])))
        mentioned = [in_full[n] for n in own]
        if sentence.start in decided:
            spoke = [n for n in spoke if n != decided[sentence.start]] + [decided[sentence.start]]
        for name in [*mentioned, *([decided[sentence.start]] if sentence.start in decided else [])]:
            if name in recent:
                recent.remove(name)
            recent.append(name)
        del recent[:-RECENT_NAMES]
    return proposed


def _own_options(
    text: str, own: list[str], in_full: dict[str, str], before: list[str]
) -> tuple[list[str], list[str]]:
    """A sentence's own candidates, likeliest first, and the names among them that may
    speak (not the owner of a speaking title)."""
    subject = subject_of_speech(text)
    subject = subject and owner_named(subject, before)
    unnamed = [p for p in [subject, *source_phrases(text)] if p]
    # "the region's governor said": the governor speaks, not the region.
    own = [n for n in own if not any(_owns(n, p, text) for p in unnamed)]
    mine = own + [p for p in source_phrases(text) if p not in own]
    if subject and not any(subject in option for option in mine):
        # The subject in full ("hospital officials") stands for the words of it
        # offered on their own ("officials", "Hospital").
        mine = [option for option in mine if option not in subject] + [subject]
    options = [in_full.get(o, o) for o in nearest_the_verb_first(text, mine)]
    if subject:
        # The words right before the verb are its subject: the likeliest speaker.
        options = [subject, *(o for o in options if o != subject)]
    return list(dict.fromkeys(options)), own


def _pair_first(options: list[str], text: str, written: list[str], spoke: list[str]) -> list[str]:
    """ "The parties said", "Both officers indicated": the two the article named come
    first, as a pair it wrote ("Ana Ruiz and Rui Matos") or as its last two speakers,
    in place of the words that stand for them, which the guide never takes for a
    speaker when the article names them."""
    said_by = _PAIR_SPEAKS.search(text)
    pairs = [name for name in written if " and " in name]
    if said_by is None or not (pairs or len(spoke) >= 2):
        return options
    pair = pairs[-1] if pairs else " and ".join(spoke[-2:])
    words = said_by.group().casefold()
    return [pair, *(o for o in options if o != pair and o.casefold() not in words)]


def owner_named(subject: str, written: list[str]) -> str:
    """ "hotel's website" as "Grand Quay Hotel website" when the article has named one
    hotel: the guide wants the name, and the small model copies the words it sees."""
    match = _COMMON_OWNER.match(subject)
    if match is None:
        return subject
    owners = {name for name in written if match["owner"] in name.casefold().split()}
    return f"{owners.pop()} {match['owned']}" if len(owners) == 1 else subject


def _who_may_be(
    pronoun: str, earlier: list[str], written: list[str], shown: dict[str, str]
) -> list[str]:
    # Those the article shows to be of the pronoun's gender first, then the unknown.
    possible = sorted(
        (name for name in earlier if could_be(pronoun, name, shown)),
        key=lambda name: gender_of(name, shown) is None,
    )
    if any(gender_of(name, shown) for name in possible):
        return possible
    last = next(
        (n for n in reversed(written) if gender_of(n, shown) and could_be(pronoun, n, shown)),
        None,
    )
    return [last, *possible] if last and last not in possible else possible


def _owns(name: str, subject: str, text: str) -> bool:
    return re.search(rf"{re.escape(name)}['\u2019]s? {re.escape(subject)}\b", text) is not None


def nearest_the_verb_first(text: str, options: list[str]) -> list[str]:
    """The sentence's own candidates, the one written closest to its reporting word first.

    The speaker of "..., the minister told reporters" or "According to the
    agency, ..." stands next to the verb; the other names are what it is about.
    """
    cue = REPORTING_CUE.search(text)
    if cue is None:
        return options
    where = cue.start()

    def distance(option: str) -> int:
        at = text.find(option)
        return abs(at - where) if at >= 0 else len(text)

    return sorted(options, key=distance)
