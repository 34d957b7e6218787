"""Benchmarks for issue 8: the app against same-run baselines, as ratios.

Run ``python -m bench`` from the repository root (``--quick`` for a fast check);
the results are printed as one table and written to ``bench/RESULTS.md``.
"""
