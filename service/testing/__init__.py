"""Test doubles that ship with the service, so tests and the benchmark share them."""
