"""The small-model strategy: code proposes every candidate, the model only decides.

Rules first take what they can decide alone: every sentence whose grammar names
who speaks (the subject of a verb of communication, "according to X", the owner
of a statement; `service.rules.speech`), and every number written in the article
with its value, whole and unit. The model then answers one narrow question per
reporting sentence the grammar left open: which of the speakers listed for it
said it, if anyone, and whether it is a claim or a denial.

Asking the model about the sentences the grammar had decided too (to strike
narration or turn a claim into a denial) was measured and dropped: on the
corpus's `check` split it scored 0.641 against 0.648 for asking only the open
sentences, and cost a question per reporting sentence.

Each answer is constrained by a schema whose choices are the candidates
themselves (`service.model.verdicts`), so the model cannot invent a speaker.
Every question follows one prefix, the instructions and then the article, so
the server's prompt cache reads the article once. A question whose answer stays
invalid costs only its own sentence, and the response says so in a warning.
Numbers are left to the rules: asked about them, the small model called every
one a statistic (see the ablation in evals), so it was not asked any more.

The questions about a window together cost at most its own tokens
(QUESTION_BUDGET), or a few questions' worth for a short article: a window
dense with reporting sentences leaves its last ones to the rules, and the
response's warnings name them.

Only a sentence with a verb of speech or a real quotation is asked about, and
not one inside a quotation opened before it: once the opener has a speaker, code
gives the rest of the quotation to that speaker. Last, code splits a sentence
that makes two points into two records (`service.rules.propositions`).
"""

from __future__ import annotations

from service.core.cpu_work import off_loop
from service.core.errors import ModelOutputInvalid
from service.core.findings import Article, Attribution, Findings
from service.model.client import Message, ModelClient
from service.model.metering import Meter
from service.model.prompts import PromptSet
from service.model.verdicts import NO_SPEAKER, verdict_type
from service.rules.candidates import SpeakerOptions
from service.rules.cues import may_report_speech
from service.rules.proposal import completed, propose, speakers_to_offer
from service.rules.statements import said_in
from service.text.passages import Sentence

WINDOW_CHARS = 9000
"""About 2,300 tokens of article: with the instructions and an answer it fits one 4,096 slot."""
QUESTION_BUDGET = 1.0
"""The questions about a window may cost this many times the window's own tokens.

The server reads the window once and then each question's new words, so at 1.0
an article costs at most about twice its own tokens. On the shared corpus this
leaves 3 of 70 questions unasked, all in one article. (When the article's sentences
were numbered, the numbers took 11 to 20 % of its tokens and left 13 of 79 unasked;
the question repeats its sentence, so the model needs no number to find it.)"""


class GuidedStrategy:
    """Rules first; the model decides what they leave open, one window of the article at a time."""

    name = "guided"

    def __init__(
        self,
        client: ModelClient,
        prompts: PromptSet,
        window_chars: int = WINDOW_CHARS,
        question_budget: float | None = QUESTION_BUDGET,
    ) -> None:
        self._client = client
        self._prompts = prompts
        self._window_chars = window_chars
        self._question_budget = question_budget

    async def find(self, article: Article, meter: Meter) -> Findings:
        """The rules' records, then the model's verdicts on the sentences they left open."""
        # The parse and the rules read the whole article; in a worker thread, so that
        # the event loop goes on serving other requests (and the deadline can end this
        # one) meanwhile.
        first = await off_loop(propose, article.text)
        sentences = first.document.sentences
        findings = Findings(attributions=list(first.ruled), figures=first.figures)
        said = {attribution.evidence.start: attribution.speaker for attribution in first.ruled}
        for window in windows(sentences, self._window_chars):
            open_sentences = [
                s
                for s in window
                if s.start not in first.decided
                and (s.start in first.found or may_report_speech(s.text))
            ]
            if not open_sentences:
                continue
            # A sentence with no one to choose could only be answered "none".
            offered = await off_loop(
                speakers_to_offer, sentences, open_sentences, said, first.found
            )
            options = [option for option in offered if option.options]
            asked, unasked = self._within_budget(article, window, options)
            if unasked:
                findings.warnings.append(
                    f"sentences {', '.join(str(o.sentence.number) for o in unasked)}: "
                    "left to the rules, past the article's question budget"
                )
            prefix = self._prefix(article, window)
            verdicts = await self._verdicts(prefix, asked, meter, findings)
            findings.attributions.extend(v for v in verdicts.values() if v is not None)
        findings.attributions = await off_loop(completed, findings.attributions, first.document)
        return findings

    def _prefix(self, article: Article, window: list[Sentence]) -> list[Message]:
        lines = []
        if article.published:
            lines.append(f"Published: {article.published}")
        if article.title:
            lines.append(f"Title: {framed(article.title)}")
        lines.append("<article>")
        lines.extend(framed(s.text) for s in window)
        lines.append("</article>")
        return [
            {"role": "system", "content": self._prompts.guided.system},
            {"role": "user", "content": "\n".join(lines)},
        ]

    def _within_budget(
        self, article: Article, window: list[Sentence], options: list[SpeakerOptions]
    ) -> tuple[list[SpeakerOptions], list[SpeakerOptions]]:
        """The questions to ask, in reading order, and those past the budget.

        The server reads the window once and then each question's own words: the
        questions may cost as many tokens as the window's text, so that no article
        costs more than twice its own tokens. A window dense with reporting
        sentences leaves its last ones to the rules.
        """
        if self._question_budget is None:
            return options, []
        window_tokens = estimated_tokens(" ".join(s.text for s in window), ARTICLE_CHARS_PER_TOKEN)
        # What the prompt adds to the article is paid from the same budget: the
        # title and date lines and the question's instructions.
        framing = estimated_tokens(
            " ".join(
                [self._prompts.guided.attributions, article.title or "", article.published or ""]
            )
        )
        # A short article's framing alone would use up its budget: a few
        # questions are always allowed, as a brief is cheap whatever its ratio.
        budget = max(self._question_budget * window_tokens - framing, MIN_QUESTION_TOKENS)
        asked: list[SpeakerOptions] = []
        for option in options:
            budget -= estimated_tokens(option.sentence.text + " | ".join(option.options))
            budget -= QUESTION_FRAME_TOKENS
            if budget < 0:
                return asked, options[len(asked) :]
            asked.append(option)
        return asked, []

    async def _verdicts(
        self,
        prefix: list[Message],
        options: list[SpeakerOptions],
        meter: Meter,
        findings: Findings,
    ) -> dict[int, Attribution | None]:
        """The model's verdict per sentence asked, by where it starts: a record, or None
        for "none". A sentence whose answer stayed invalid is missing."""
        # One short question per sentence: a small model answering a list drifts
        # into one answer for all; alone, each sentence gets its own judgement.
        # One after another, in one slot: the prefix stays in that slot's cache, so
        # each question costs only its own few tokens. Two at once made the second
        # slot read the instructions and the article again (3.3x the article's
        # tokens evaluated on the corpus, against 2.0x one at a time, and 52 s an
        # article against 34 s).
        verdicts: dict[int, Attribution | None] = {}
        for option in options:
            sentence = option.sentence
            try:
                verdicts[sentence.start] = await self._attribution(prefix, option, meter)
            except ModelOutputInvalid as error:
                findings.warnings.append(
                    f"sentence {sentence.number}: left to the rules ({error.detail})"
                )
        return verdicts

    async def _attribution(
        self, prefix: list[Message], option: SpeakerOptions, meter: Meter
    ) -> Attribution | None:
        sentence = option.sentence
        question = [
            self._prompts.guided.attributions,
            framed(sentence.text),
            f"Options: {' | '.join(option.options)}",
        ]
        answer = await self._client.ask(
            asked(prefix, question), verdict_type(option.options), meter
        )
        verdict = answer.model_dump()
        if verdict["kind"] == "none" or verdict["speaker"] == NO_SPEAKER:
            return None
        return said_in(
            sentence, verdict["speaker"], "denial" if verdict["kind"] == "denial" else "claim"
        )


ARTICLE_CHARS_PER_TOKEN = 4.8
"""Characters per token of running news text, as Qwen's tokenizer counts the corpus."""
QUESTION_CHARS_PER_TOKEN = 4.0
"""Characters per token of a question: a sentence and a list of names (names cost more)."""
QUESTION_FRAME_TOKENS = 10
"""The chat template's end of turn and the line breaks around each question."""
MIN_QUESTION_TOKENS = 150
"""Question tokens always allowed per window, about three questions: below every budget
on the shared corpus, so it only ever binds on a brief."""


def estimated_tokens(text: str, chars_per_token: float = QUESTION_CHARS_PER_TOKEN) -> int:
    """Tokens of `text`, estimated: not every server has a tokenizer endpoint."""
    return round(len(text) / chars_per_token)


def framed(text: str) -> str:
    """Article text as the prompt shows it: it cannot open or close the article's tags."""
    return text.replace("<", "\u2039").replace(">", "\u203a")


def asked(prefix: list[Message], question: list[str]) -> list[Message]:
    """The prefix with a question after the article, in the same user turn.

    Every call for one window then shares the prefix token for token, and the
    server serves it from its cache instead of reading the article again.
    """
    article = prefix[-1]["content"]
    return [*prefix[:-1], {"role": "user", "content": article + "\n\n" + "\n".join(question)}]


def windows(sentences: list[Sentence], chars: int) -> list[list[Sentence]]:
    """Consecutive sentences of at most `chars` characters each (a longer sentence alone)."""
    found: list[list[Sentence]] = [[]]
    for sentence in sentences:
        if found[-1] and sentence.end - found[-1][0].start > chars:
            found.append([])
        found[-1].append(sentence)
    return [window for window in found if window]
