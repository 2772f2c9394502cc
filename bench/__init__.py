"""Benchmarks: ``python -m bench`` prints one JSON line per figure.

Each module ``bench/bench_*.py`` has ``run(quick: bool) -> list[dict]``; a figure is
``{"benchmark", "figure", "value", "unit", ...}`` with extra keys such as the
budget and the ratio. Timings are the median of at least 5 runs.
"""
