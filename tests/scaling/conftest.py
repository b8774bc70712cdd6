"""The fake model fixture, shared with the other suites (redis_url is the root conftest's)."""

from tests.production.conftest import fake_model

__all__ = ["fake_model"]
