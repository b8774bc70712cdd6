"""Jobs in Redis: the same store as `MemoryJobStore`, shared by every replica and worker.

Each write that must see the job as it is (a result, the start, a cancel) is one
Lua script, so two workers finishing the same article move the progress once.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, cast

from redis.asyncio import Redis

from service.jobs.records import JobRecord
from service.jobs.store import now

KEY_PREFIX = "jobs:v1:"

# KEYS: job hash, results hash, the job's other keys. ARGV: index, result, ok, now, ttl.
# Returns 0 if the article already had a result, 1 if recorded, 2 if it finished the job.
_PUT_RESULT = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
local done = redis.call('HINCRBY', KEYS[1], 'done', 1)
local succeeded = redis.call('HINCRBY', KEYS[1], 'succeeded', tonumber(ARGV[3]))
for i = 1, #KEYS do redis.call('EXPIRE', KEYS[i], ARGV[5]) end
local status = redis.call('HGET', KEYS[1], 'status')
if done >= tonumber(redis.call('HGET', KEYS[1], 'total')) and status ~= 'cancelled'
   and status ~= 'done' and status ~= 'failed' then
  if succeeded > 0 then status = 'done' else status = 'failed' end
  redis.call('HSET', KEYS[1], 'status', status, 'finished', ARGV[4])
  return 2
end
return 1
"""

_START = """
if redis.call('HGET', KEYS[1], 'status') == 'queued' then
  redis.call('HSET', KEYS[1], 'status', 'running')
end
return 0
"""

# KEYS: job hash, fingerprint key. ARGV: job id, now, ttl.
# Returns 1 if it cancelled the job, 0 if the job was finished (or gone) and is left as it was.
_CANCEL = """
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'queued' and status ~= 'running' then return 0 end
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'finished', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1
"""


class RedisJobStore:
    """Jobs in Redis, so any replica can accept, run or report on them; each expires on its own.

    Per job: a hash (the record), a list (its articles) and a hash of results
    by index; per owner and fingerprint, the id of the job to return again.
    """

    def __init__(self, client: Redis, retention_s: int) -> None:
        self._client = client
        self._retention_s = retention_s
        self._put_result = client.register_script(_PUT_RESULT)
        self._start = client.register_script(_START)
        self._cancel = client.register_script(_CANCEL)

    @classmethod
    def from_url(cls, url: str, retention_s: int) -> RedisJobStore:
        """Connect lazily to `url`."""
        return cls(Redis.from_url(url, decode_responses=True), retention_s)

    @staticmethod
    def _keys(job_id: str) -> tuple[str, str, str]:
        return (
            f"{KEY_PREFIX}job:{job_id}",
            f"{KEY_PREFIX}results:{job_id}",
            f"{KEY_PREFIX}articles:{job_id}",
        )

    async def create(self, job: JobRecord, articles: list[str]) -> JobRecord:
        """Store `job`, or return the owner's live job with the same fingerprint instead."""
        dedupe = f"{KEY_PREFIX}fingerprint:{job.fingerprint}"
        ttl = self._retention_s
        while not await self._client.set(dedupe, job.id, nx=True, ex=ttl):
            known = await self._client.get(dedupe)
            existing = await self.get(str(known)) if known else None
            if existing is not None:
                return existing
            await self._client.delete(dedupe)  # it named a job that has expired
        record, _, stored_articles = self._keys(job.id)
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.hset(record, mapping=_as_hash(job))
            pipe.rpush(stored_articles, *articles)
            pipe.expire(record, ttl)
            pipe.expire(stored_articles, ttl)
            await pipe.execute()
        return job

    async def get(self, job_id: str) -> JobRecord | None:
        """The job, or None once it has expired."""
        fields = await _hash(self._client.hgetall(self._keys(job_id)[0]))
        if not fields:
            return None
        return JobRecord.model_validate(
            {key: (value if value != "" else None) for key, value in fields.items()}
        )

    async def article(self, job_id: str, index: int) -> str | None:
        """The article at `index`."""
        value = await cast(
            "Awaitable[str | None]", self._client.lindex(self._keys(job_id)[2], index)
        )
        return str(value) if value is not None else None

    async def results(self, job_id: str) -> list[str | None]:
        """Each article's result JSON in input order."""
        record, results, _ = self._keys(job_id)
        total = await cast("Awaitable[str | None]", self._client.hget(record, "total"))
        if total is None:
            return []
        stored = await _hash(self._client.hgetall(results))
        return [stored.get(str(index)) for index in range(int(total))]

    async def has_result(self, job_id: str, index: int) -> bool:
        """Has the article at `index` a result already?"""
        return bool(await self._client.hexists(self._keys(job_id)[1], str(index)))

    async def start(self, job_id: str) -> None:
        """A queued job is now running."""
        await self._start(keys=[self._keys(job_id)[0]])

    async def put_result(self, job_id: str, index: int, result: str, ok: bool) -> JobRecord | None:
        """Record the first result for an article; the job if this finished it."""
        outcome = await self._put_result(
            keys=list(self._keys(job_id)),
            args=[index, result, int(ok), now().isoformat(), self._retention_s],
        )
        return await self.get(job_id) if int(outcome) == 2 else None

    async def cancel(self, job: JobRecord) -> bool:
        """Mark a queued or running job cancelled; a resubmission makes a new job."""
        cancelled = await self._cancel(
            keys=[self._keys(job.id)[0], f"{KEY_PREFIX}fingerprint:{job.fingerprint}"],
            args=[job.id, now().isoformat(), self._retention_s],
        )
        return int(cancelled) == 1

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()


def _hash(reply: Awaitable[dict[Any, Any]] | dict[Any, Any]) -> Awaitable[dict[str, str]]:
    """redis-py types its async replies as maybe-awaitable; with decode_responses, str to str."""
    return cast("Awaitable[dict[str, str]]", reply)


def _as_hash(job: JobRecord) -> dict[Any, Any]:
    fields = job.model_dump(mode="json")
    return {key: "" if value is None else str(value) for key, value in fields.items()}
