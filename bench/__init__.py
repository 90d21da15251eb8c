"""Benchmarks (`nox -s bench`): python -m bench writes bench/RESULTS.md."""
