"""Benchmarks: `python -m benchmarks --users N` (see docs/operations.md, Performance)."""
