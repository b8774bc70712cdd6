"""Client and AsyncClient: /v1/structure, and jobs (submit, read, wait, iter_results, cancel).

Each call has a timeout; 429 and 503 answers are retried after the server's
Retry-After (or an exponential back-off without one), as are dropped
connections. What is still an error after the retries raises ServiceError
with the service's problem+json.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from typing import Any

import httpx
from tenacity import AsyncRetrying, Retrying, retry_if_exception_type, stop_after_attempt

from service.client.retries import RetryLater, RetryWait, ServiceError, checked, final_error
from service.core.problems import Problem
from service.core.records import StructureRequest, StructureResponse
from service.jobs.records import JobAccepted, JobView

Article = StructureRequest | Mapping[str, Any]
ArticleResult = StructureResponse | Problem

__all__ = ["ArticleResult", "AsyncClient", "Client", "ServiceError"]


def _body(article: Article) -> dict[str, Any]:
    """The article as the service's JSON body (validated here, so typos fail before sending)."""
    if isinstance(article, StructureRequest):
        request = article
    else:
        request = StructureRequest.model_validate(dict(article))
    return request.model_dump(mode="json", exclude_none=True)


def _submission(articles: Article | Sequence[Article], callback_url: str | None) -> dict[str, Any]:
    if isinstance(articles, StructureRequest | Mapping):
        body = _body(articles)
    else:
        body = {"articles": [_body(article) for article in articles]}
    if callback_url is not None:
        body["callback_url"] = callback_url
    return body


def article_result(result: dict[str, Any]) -> ArticleResult:
    """One entry of a job's results: a StructureResponse, or the article's problem."""
    if "claims" in result:
        return StructureResponse.model_validate(result)
    return Problem.model_validate(result)


class _Common:
    """Settings both clients share: where, who, how long, how often to retry."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        retries: int,
        backoff_s: float,
        max_retry_wait_s: float,
        poll_interval_s: float,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.poll_interval_s = poll_interval_s
        self._retry_policy: dict[str, Any] = {
            "stop": stop_after_attempt(retries + 1),
            "wait": RetryWait(backoff_s, max_retry_wait_s),
            "retry": retry_if_exception_type((RetryLater, httpx.TransportError)),
            "reraise": True,
        }


class Client(_Common):
    """The service from synchronous code."""

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8000",
        *,
        api_key: str | None = None,
        timeout_s: float = 60.0,
        retries: int = 5,
        backoff_s: float = 1.0,
        max_retry_wait_s: float = 120.0,
        poll_interval_s: float = 1.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(base_url, api_key, retries, backoff_s, max_retry_wait_s, poll_interval_s)
        self._sleep = sleep
        self._http = httpx.Client(
            base_url=self.base_url, headers=self.headers, timeout=timeout_s, transport=transport
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
        try:
            for attempt in Retrying(sleep=self._sleep, **self._retry_policy):
                with attempt:
                    return checked(self._http.request(method, path, json=body))
        except RetryLater as error:
            raise final_error(error) from error
        raise AssertionError("unreachable: tenacity re-raises the last error")

    def structure(self, article: Article) -> StructureResponse:
        """Structure one article now (POST /v1/structure)."""
        response = self._call("POST", "/v1/structure", _body(article))
        return StructureResponse.model_validate_json(response.content)

    def submit(
        self, articles: Article | Sequence[Article], *, callback_url: str | None = None
    ) -> JobAccepted:
        """Submit one article or a batch as a job; an identical live job is returned again."""
        response = self._call("POST", "/v1/jobs", _submission(articles, callback_url))
        return JobAccepted.model_validate_json(response.content)

    def job(self, job_id: str) -> JobView:
        """The job as it stands."""
        return JobView.model_validate_json(self._call("GET", f"/v1/jobs/{job_id}").content)

    def cancel(self, job_id: str) -> None:
        """Cancel the job."""
        self._call("DELETE", f"/v1/jobs/{job_id}")

    def wait(self, job_id: str, *, timeout_s: float | None = None) -> JobView:
        """Poll until the job is done, failed or cancelled (TimeoutError after `timeout_s`)."""
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        while True:
            view = self.job(job_id)
            if view.finished_all:
                return view
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"job {job_id} is still {view.status} after {timeout_s} s")
            self._sleep(self.poll_interval_s)

    def iter_results(
        self, articles: Sequence[Article], *, callback_url: str | None = None
    ) -> Iterator[tuple[int, ArticleResult]]:
        """Submit the articles as one job; yield (index, result) as each article finishes."""
        job_id = self.submit(list(articles), callback_url=callback_url).id
        seen: set[int] = set()
        while True:
            view = self.job(job_id)
            for index, result in enumerate(view.results):
                if result is not None and index not in seen:
                    seen.add(index)
                    yield index, article_result(result)
            if view.finished_all:
                return
            self._sleep(self.poll_interval_s)


class AsyncClient(_Common):
    """The service from asyncio code."""

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8000",
        *,
        api_key: str | None = None,
        timeout_s: float = 60.0,
        retries: int = 5,
        backoff_s: float = 1.0,
        max_retry_wait_s: float = 120.0,
        poll_interval_s: float = 1.0,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(base_url, api_key, retries, backoff_s, max_retry_wait_s, poll_interval_s)
        self._sleep = sleep
        self._http = httpx.AsyncClient(
            base_url=self.base_url, headers=self.headers, timeout=timeout_s, transport=transport
        )

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    async def _call(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> httpx.Response:
        try:
            async for attempt in AsyncRetrying(sleep=self._sleep, **self._retry_policy):
                with attempt:
                    return checked(await self._http.request(method, path, json=body))
        except RetryLater as error:
            raise final_error(error) from error
        raise AssertionError("unreachable: tenacity re-raises the last error")

    async def structure(self, article: Article) -> StructureResponse:
        """Structure one article now (POST /v1/structure)."""
        response = await self._call("POST", "/v1/structure", _body(article))
        return StructureResponse.model_validate_json(response.content)

    async def submit(
        self, articles: Article | Sequence[Article], *, callback_url: str | None = None
    ) -> JobAccepted:
        """Submit one article or a batch as a job; an identical live job is returned again."""
        response = await self._call("POST", "/v1/jobs", _submission(articles, callback_url))
        return JobAccepted.model_validate_json(response.content)

    async def job(self, job_id: str) -> JobView:
        """The job as it stands."""
        response = await self._call("GET", f"/v1/jobs/{job_id}")
        return JobView.model_validate_json(response.content)

    async def cancel(self, job_id: str) -> None:
        """Cancel the job."""
        await self._call("DELETE", f"/v1/jobs/{job_id}")

    async def wait(self, job_id: str, *, timeout_s: float | None = None) -> JobView:
        """Poll until the job is done, failed or cancelled (TimeoutError after `timeout_s`)."""
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        while True:
            view = await self.job(job_id)
            if view.finished_all:
                return view
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"job {job_id} is still {view.status} after {timeout_s} s")
            await self._sleep(self.poll_interval_s)

    async def iter_results(
        self, articles: Sequence[Article], *, callback_url: str | None = None
    ) -> AsyncIterator[tuple[int, ArticleResult]]:
        """Submit the articles as one job; yield (index, result) as each article finishes."""
        job_id = (await self.submit(list(articles), callback_url=callback_url)).id
        seen: set[int] = set()
        while True:
            view = await self.job(job_id)
            for index, result in enumerate(view.results):
                if result is not None and index not in seen:
                    seen.add(index)
                    yield index, article_result(result)
            if view.finished_all:
                return
            await self._sleep(self.poll_interval_s)
