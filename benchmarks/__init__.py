"""Benchmarks that compare this service with other ways of asking the same model."""
