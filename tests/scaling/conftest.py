"""The fake model and throwaway redis-server fixtures, shared with the other suites."""

from tests.jobs.conftest import redis_url
from tests.production.conftest import fake_model

__all__ = ["fake_model", "redis_url"]
