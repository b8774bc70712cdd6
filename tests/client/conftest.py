"""The fake model fixture, shared with the production tests."""

from tests.production.conftest import fake_model

__all__ = ["fake_model"]
