"""Timing and memory measurements with documented targets (not tests): ``python -m benchmarks``."""
