"""Whole-process benchmarks against ARCHITECTURE.md's performance budgets (and jrnl).

Run from the repo root: `python -m tests.bench --sizes 1000,10000,100000`. Not collected
by the default test run (`--ignore=tests/bench`); tests/unit/test_bench_smoke.py runs it
once at 200 entries.
"""
