"""Benchmarks: ``make bench`` (``python -m benchmarks [NAME ...]``).

Each ``benchmarks/<name>_bench.py`` defines ``main(argv: list[str]) -> None`` and prints its
figures (medians, and ratios against the peers it runs side by side on the same data).
"""
