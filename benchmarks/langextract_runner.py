"""System (b): LangExtract on the same OpenAI-compatible server, set up as its docs recommend.

The task is a prompt description plus one worked example whose extraction
texts are verbatim spans in order of appearance, with attributes carrying the
fields LangExtract has no slot for. LangExtract chunks the article
(`max_char_buffer`), asks the model once per chunk and pass, and aligns each
extraction to the text; `langextract_records` turns the result into records.

Schema constraints: LangExtract's OpenAI provider sends them as OpenAI's
`json_schema` response format, which llama.cpp's server does not accept. So by
default (`constraint="json"`) it runs as its docs say for OpenAI-compatible
endpoints without schema support, `use_schema_constraints=False`: the provider
then asks for `{"type": "json_object"}`, which llama.cpp enforces as a JSON
grammar. `constraint="schema"` instead sends the schema LangExtract derives from
the example (`OpenAISchema.from_examples`) in the form llama.cpp enforces,
`{"type": "json_object", "schema": ...}`; its grammar allows no line breaks while
LangExtract's prompt shows the example answer indented over many lines, and a
0.5B model then closes the list at once, so it is not the default.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import langextract as lx
import openai
from langextract.providers.openai import OpenAILanguageModel
from langextract.providers.schemas.openai import OpenAISchema

from benchmarks.langextract_records import records_from_extractions
from benchmarks.outcome import Outcome, Records, no_records
from benchmarks.wire import CountingTransport, WireCount
from evals.cases import Case
from service.settings import Settings

Constraint = Literal["schema", "json"]

PROMPT = """\
Extract the claims, denials and statistics of a news article, in order of appearance.
- claim: an assertion the article attributes to an identifiable source (a person, an \
organisation, a document, or an explicit anonymous source such as "officials"), reported with \
said, stated, told, announced, wrote, warned, accused, criticised, called on, argued, insisted \
or "according to". Not claims: the journalist's own narration, questions, agentless reports \
("it was reported"), refusals to comment, condolences, and acts such as a court's sentence. \
One claim per distinct point.
- denial: a source says that something is not true or did not happen (denied, rejected, \
refuted, dismissed as false, "no talks have been held"). A denial is not also a claim.
- statistic: a number that quantifies something: a wire, amount, share, rate, price, change \
or duration, in digits or words. Not dates, times, years, ages, ordinals, identifiers, numbers \
inside names, or vague words like "several". The same figure repeated is one statistic.
Use exact text from the article for extraction_text, never paraphrased, and do not overlap \
extractions: for a claim or denial, the sentence that holds the attribution and the content; \
for a statistic, the words that give the number.
Attributes. claim: speaker (the full name as the article first gives it, pronouns resolved), \
role (title or affiliation, or null), statement (one self-contained sentence). denial: speaker, \
role, denied (the proposition being denied, stated positively). statistic: value (the number in \
digits: "1.2 billion" is 1200000000, "55%" is 55), unit (people, %, EUR, km...; null if bare), \
total (the whole in "55 out of 57", else null), measure (what is counted), source (who gives the \
number, else null)."""

EXAMPLE_TEXT = (
    "Mayor Ana Ruiz said on Monday that the new bridge would open in March. "
    '"It is on budget and on time," she told reporters. '
    "The contractor, Vela Group, denied that it had asked the city for more money. "
    "The bridge cost €48 million, according to the city, and 9 of its 12 spans are finished. "
    "A spokesman for the regional government declined to comment."
)

EXAMPLES = [
    lx.data.ExampleData(
        text=EXAMPLE_TEXT,
        extractions=[
            lx.data.Extraction(
                extraction_class="claim",
                extraction_text=(
                    "Mayor Ana Ruiz said on Monday that the new bridge would open in March."
                ),
                attributes={
                    "speaker": "Ana Ruiz",
                    "role": "Mayor",
                    "statement": "The new bridge will open in March.",
                },
            ),
            lx.data.Extraction(
                extraction_class="claim",
                extraction_text='"It is on budget and on time," she told reporters.',
                attributes={
                    "speaker": "Ana Ruiz",
                    "role": "Mayor",
                    "statement": "The bridge project is on budget and on time.",
                },
            ),
            lx.data.Extraction(
                extraction_class="denial",
                extraction_text=(
                    "The contractor, Vela Group, denied that it had asked the city for more money."
                ),
                attributes={
                    "speaker": "Vela Group",
                    "role": "contractor",
                    "denied": "Vela Group asked the city for more money.",
                },
            ),
            lx.data.Extraction(
                extraction_class="statistic",
                extraction_text="€48 million",
                attributes={
                    "value": "48000000",
                    "unit": "EUR",
                    "total": "null",
                    "measure": "cost of the new bridge",
                    "source": "the city",
                },
            ),
            lx.data.Extraction(
                extraction_class="statistic",
                extraction_text="9 of its 12 spans",
                attributes={
                    "value": "9",
                    "unit": "spans",
                    "total": "12",
                    "measure": "spans of the new bridge that are finished",
                    "source": "null",
                },
            ),
        ],
    )
]


@dataclass(frozen=True)
class LangExtractOptions:
    """The knobs of `lx.extract` this benchmark sets; defaults are the library's own."""

    max_char_buffer: int = 1000
    extraction_passes: int = 1
    context_window_chars: int | None = None
    constraint: Constraint = "json"


class MeteredOpenAIModel(OpenAILanguageModel):
    """LangExtract's OpenAI provider, with its HTTP traffic going through our transport."""

    def __init__(
        self, transport: httpx.BaseTransport, timeout_s: float, max_retries: int, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.http_client = httpx.Client(transport=transport, timeout=timeout_s)
        # The provider builds its SDK client with no way to pass an http_client; this is
        # the same client it would build, on a transport that counts calls and tokens.
        self._client = openai.OpenAI(
            api_key=self.api_key,
            base_url=self.base_url,
            timeout=timeout_s,
            max_retries=max_retries,
            http_client=self.http_client,
        )


def response_format(constraint: Constraint) -> dict[str, Any] | None:
    """LangExtract's example-derived schema as llama.cpp takes it; None leaves the provider's."""
    if constraint == "json":
        return None
    schema = OpenAISchema.from_examples(EXAMPLES, strict=False)
    return {"type": "json_object", "schema": schema.schema_dict}


def build_model(
    settings: Settings, transport: httpx.BaseTransport, constraint: Constraint
) -> MeteredOpenAIModel:
    """The provider pointed at the service's model endpoint, with the service's limits."""
    extra: dict[str, Any] = {}
    if (constrained := response_format(constraint)) is not None:
        extra["response_format"] = constrained
    return MeteredOpenAIModel(
        transport=transport,
        timeout_s=settings.request_timeout_s,
        max_retries=settings.http_retries,
        model_id=settings.model_name,
        api_key=settings.model_api_key.get_secret_value() or "not-needed",
        base_url=settings.model_base_url,
        temperature=settings.temperature,
        # One request at a time, as the service sends them: a local server queues the rest.
        max_workers=1,
        max_output_tokens=settings.max_output_tokens,
        **extra,
    )


def run_langextract(
    case: Case,
    settings: Settings,
    options: LangExtractOptions,
    transport: httpx.BaseTransport | None = None,
) -> Outcome:
    """Extract one article with LangExtract and convert its extractions to records."""
    wire = WireCount()
    model = build_model(
        settings, CountingTransport(transport or httpx.HTTPTransport(), wire), options.constraint
    )
    predicted: Records = no_records()
    error: str | None = None
    notes: list[str] = []
    unreachable = False
    began = time.perf_counter()
    try:
        document = lx.extract(
            case.text,
            prompt_description=PROMPT,
            examples=EXAMPLES,
            model=model,
            fence_output=False,
            use_schema_constraints=False,
            max_char_buffer=options.max_char_buffer,
            extraction_passes=options.extraction_passes,
            context_window_chars=options.context_window_chars,
            additional_context=_context(case),
            batch_length=1,
            max_workers=1,
            show_progress=False,
        )
        if isinstance(document, list):
            raise TypeError("lx.extract returned several documents for one text")
        extractions = list(document.extractions or [])
        predicted = records_from_extractions(case.text, extractions)
        unaligned = sum(1 for e in extractions if e.char_interval is None)
        if unaligned:
            notes.append(f"{unaligned} extraction(s) not aligned to the text")
    except Exception as failure:  # whatever LangExtract raised is its result for this article
        error = f"{type(failure).__name__}: {failure}"
        unreachable = _connection_failed(failure)
    finally:
        model.http_client.close()
    wall_s = time.perf_counter() - began
    return Outcome.metered(predicted, wall_s, wire, error, notes, unreachable)


def _connection_failed(failure: BaseException) -> bool:
    """Did the model server not answer at all? (LangExtract wraps the SDK's error.)"""
    seen: list[BaseException] = []
    current: BaseException | None = failure
    while current is not None and current not in seen:
        if isinstance(current, openai.APIConnectionError | httpx.TransportError):
            return True
        seen.append(current)
        current = getattr(current, "original", None) or current.__cause__ or current.__context__
    return False


def _context(case: Case) -> str | None:
    """What the service is also given: the headline and the publication date."""
    parts = []
    if case.title:
        parts.append(f"Title (context only, not evidence): {case.title}")
    if case.published:
        parts.append(f"Published: {case.published}")
    return "\n".join(parts) or None
