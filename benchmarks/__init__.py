"""Benchmarks: `python -m benchmarks --users N` (see README, Performance)."""
