"""Benchmarks: run on demand (`python -m benchmarks.NAME`), never part of the test run."""
