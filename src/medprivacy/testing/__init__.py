"""Helpers to build test corpora with planted PHI (used by the tests and benchmarks)."""
