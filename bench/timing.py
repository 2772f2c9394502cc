"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def median_seconds(func: Callable[[], object], repeats: int = 5, setup: Callable[[], object] | None = None) -> float:
    """Median wall time of ``func`` over ``repeats`` runs (``setup`` runs untimed before each)."""
    times = []
    for _ in range(max(repeats, 1)):
        if setup:
            setup()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
