"""Test doubles shared by the tests and the benchmarks; never installed with the service."""
