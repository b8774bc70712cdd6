"""The only code that talks to the model: one structured question, one validated answer."""

from __future__ import annotations

import asyncio
import functools
from typing import Any, TypeVar

import httpx
import instructor
import openai
from instructor.core.hooks import Hooks
from opentelemetry import trace
from opentelemetry.trace import Tracer
from pydantic import BaseModel

from service.core.errors import ModelTimeout
from service.model.liveness import Liveness
from service.model.metering import Meter, metering
from service.model.retrying import http_attempts
from service.model.upstream import as_model_error
from service.settings import OutputMode, Settings

Answer = TypeVar("Answer", bound=BaseModel)
Message = dict[str, str]

_INSTRUCTOR_MODES: dict[OutputMode, instructor.Mode] = {
    "llama_json_schema": instructor.Mode.JSON_SCHEMA,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
}


class ModelClient:
    """Asks an OpenAI-compatible endpoint for one pydantic model, re-asking on invalid output.

    Failed HTTP calls are retried here (`service.model.retrying`), not by the SDK,
    so that no call and no wait reaches past the meter's deadline.
    """

    def __init__(
        self,
        settings: Settings,
        http_client: httpx.AsyncClient | None = None,
        tracer: Tracer | None = None,
    ) -> None:
        self._settings = settings
        self._tracer = tracer or trace.get_tracer("factstructure")
        self._openai = openai.AsyncOpenAI(
            base_url=settings.model_base_url,
            api_key=settings.model_api_key.get_secret_value(),
            timeout=settings.request_timeout_s,
            max_retries=0,
            http_client=http_client,
        )
        self._instructor = instructor.from_openai(
            self._openai, mode=_INSTRUCTOR_MODES[settings.output_mode]
        )
        self.liveness = Liveness(window_s=settings.request_timeout_s)

    @property
    def model_name(self) -> str:
        """The model name sent with every request."""
        return self._settings.model_name

    async def ask(
        self,
        messages: list[Message],
        answer_type: type[Answer],
        meter: Meter,
        context: dict[str, Any] | None = None,
    ) -> Answer:
        """Return the model's answer as `answer_type`; raise a ModelError subclass otherwise.

        The question, its HTTP attempts, answers and tokens are counted on `meter`.
        """
        meter.questions += 1
        hooks = Hooks()
        hooks.on("completion:response", meter.count_answer)
        span = self._tracer.start_as_current_span(
            "model.ask",
            attributes={"gen_ai.request.model": self.model_name, "answer": answer_type.__name__},
        )
        try:
            with span, self.liveness.calling():
                async for attempt in http_attempts(self._settings.http_retries, meter.deadline):
                    with attempt, metering(meter):
                        return await self._instructor.create(
                            model=self._settings.model_name,
                            messages=messages,  # type: ignore[arg-type]
                            response_model=answer_type,
                            max_retries=self._settings.max_retries,
                            context=context,
                            strict=False,
                            temperature=self._settings.temperature,
                            max_tokens=self._settings.max_output_tokens,
                            hooks=hooks,
                            extra_body=self._extra_body(answer_type),
                            timeout=self._call_timeout(meter.deadline),
                        )
        except Exception as error:
            meter.failed += 1
            raise as_model_error(error) from error
        raise AssertionError("tenacity ends in an answer or an error")  # pragma: no cover

    def _call_timeout(self, deadline: float | None) -> httpx.Timeout:
        """The configured timeout, cut to the time the request has left.

        An httpx.Timeout, not a float: instructor would turn a float into a limit on
        its re-asks too, which the request's deadline already bounds.
        """
        seconds = self._settings.request_timeout_s
        if deadline is not None:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise ModelTimeout("The request's deadline passed before the model could answer.")
            seconds = min(seconds, left)
        return httpx.Timeout(seconds)

    async def ping(self) -> None:
        """Raise ModelUnavailable unless the endpoint lists its models."""
        try:
            await self._openai.with_options(max_retries=0, timeout=5.0).models.list()
        except Exception as error:
            raise as_model_error(error) from error

    async def close(self) -> None:
        """Release the connection pool."""
        await self._openai.close()

    def _extra_body(self, answer_type: type[BaseModel]) -> dict[str, Any] | None:
        # llama.cpp's server constrains decoding with {"type": "json_object",
        # "schema": ...} and ignores OpenAI's "json_schema" form; without the
        # grammar, small models drift out of JSON.
        if self._settings.output_mode != "llama_json_schema":
            return None
        return {"response_format": {"type": "json_object", "schema": _schema_of(answer_type)}}


@functools.cache
def _schema_of(answer_type: type[BaseModel]) -> dict[str, Any]:
    """An answer type's JSON schema, built once: pydantic rebuilds it on every call otherwise."""
    return answer_type.model_json_schema()
