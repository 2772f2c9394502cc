"""The names of benchmarks (England, a region, a peer group) as the CLI and the pages write them."""

from __future__ import annotations

GROUP_NAME = "peer group of {n} areas"


def benchmark_name(benchmark: str, code, names: dict, group: list[str] | None = None) -> str:
    """"England", the region's name ("North West"), "region not known" or "peer group of 15 areas"."""
    if benchmark == "group":
        return GROUP_NAME.format(n=len(group or []))
    if not isinstance(code, str) or not code:
        return "region not known" if benchmark == "region" else "not known"
    return names.get(code) or code
