"""The benchmark a partnership is compared with on the Outcomes and Compare pages and the heatmap: England,
its region, or one of its saved peer groups (a preset such as "15 similar areas" is one of those).

:func:`benchmark_options` lists what the picker offers, :func:`resolve` turns the picker's key into a
:class:`Benchmark`, and :func:`compare_series` adds the comparison with it to a partnership's series. The
comparison itself is the domain's (:func:`cdp_data.indicators.benchmarks.benchmark_comparison`: the
indicator's 95% or 99.8% intervals as the data allow, else quintiles).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..indicators import ENGLAND
from ..indicators.benchmarks import (BENCHMARK_COLUMNS, ENGLAND_BENCHMARK, GROUP_BENCHMARK, REGION_BENCHMARK,
                                     area_against_benchmark, benchmark_comparison)
from ..indicators.comparison import region_of
from ..present import benchmarks as words
from ..store import Workspace
from ..store import area_register, peer_group_members
from .access import require_readable

GROUP_PREFIX = "group:"


@dataclass(frozen=True)
class Benchmark:
    """What an area is compared with: ``kind`` england, region or group; ``name`` as the pages write it
    ("England", "North West", "15 similar areas"); ``code`` the region's code (England's for England);
    ``codes`` the peer group's areas; ``key`` the picker's (and the link's) value."""

    kind: str = ENGLAND_BENCHMARK
    name: str = "England"
    code: str | None = ENGLAND
    codes: tuple[str, ...] = ()
    key: str = ENGLAND_BENCHMARK

    @property
    def label(self) -> str:
        """"England", "the North West", "the peer group “15 similar areas”"."""
        return words.benchmark_phrase(self.kind, self.name)


ENGLAND_ONLY = Benchmark()


def partnership_region(ws: Workspace, partnership: str | None) -> str | None:
    """The partnership's region code (E12...), or None when it is not recorded."""
    codes = area_register.region_and_parent(ws, partnership) if partnership else None
    return region_of(*codes) if codes else None


def benchmark_options(ws: Workspace, partnership: str | None) -> dict[str, str]:
    """The picker's choices, key -> label: England, the partnership's region (when recorded) and each of its
    saved peer groups."""
    options = {ENGLAND_BENCHMARK: "England"}
    region = partnership_region(ws, partnership)
    if region:
        options[REGION_BENCHMARK] = f"{_region_names(ws).get(region, region)} (region)"
    if partnership:
        require_readable(ws, partnership)
        for name in peer_group_members.group_names(ws, partnership):
            options[GROUP_PREFIX + name] = f"Peer group: {name}"
    return options


def _region_names(ws: Workspace) -> dict[str, str]:
    frame = area_register.regions(ws)
    return dict(zip(frame["code"], frame["name"]))


def resolve(ws: Workspace, partnership: str | None, key: str | None) -> Benchmark:
    """The benchmark a picker key names; England when the key names nothing this partnership has."""
    if key == REGION_BENCHMARK:
        region = partnership_region(ws, partnership)
        if region:
            return Benchmark(REGION_BENCHMARK, _region_names(ws).get(region, region), region, (), key)
    if key and key.startswith(GROUP_PREFIX) and partnership:
        require_readable(ws, partnership)
        name = key[len(GROUP_PREFIX):]
        codes = peer_group_members.members(ws, partnership, name)
        if codes:
            return Benchmark(GROUP_BENCHMARK, name, None, tuple(codes), key)
    return ENGLAND_ONLY


def group_of(benchmark: Benchmark) -> list[str] | None:
    return list(benchmark.codes) if benchmark.kind == GROUP_BENCHMARK else None


def compare_series(ws: Workspace, frame: pd.DataFrame, series: pd.DataFrame, partnership: str | None,
                   polarity: str | None, benchmark: Benchmark, value_type: str | None = None
                   ) -> tuple[pd.DataFrame, str | None]:
    """``series`` with the partnership's comparison with ``benchmark`` in each period (the columns of
    :data:`BENCHMARK_COLUMNS` plus ``comparison``, "Not compared" on the other lines), and the method used.
    ``frame``: every area's values in the partnership's breakdown (benchmark rows aligned to it)."""
    against = area_against_benchmark(frame, partnership, polarity, benchmark.kind, area_register.region_codes(ws),
                                     group_of(benchmark), value_type) if partnership else None
    series = series.drop(columns=[c for c in BENCHMARK_COLUMNS if c in series], errors="ignore")
    if against is None or against.empty:
        return series.assign(**{c: None for c in BENCHMARK_COLUMNS}, comparison="Not compared",
                             benchmark_name=None), None
    own = series["line"] == "Partnership"
    merged = series.merge(against, on="period", how="left")
    merged.index = series.index
    for column in BENCHMARK_COLUMNS:
        merged.loc[~own, column] = None
    merged["comparison"] = merged["benchmark_label"].where(own, None).fillna("Not compared")
    merged["benchmark_name"] = pd.Series(benchmark.name, index=merged.index).where(own, None)
    return merged, str(against["method"].iloc[0])


def compare_frame(ws: Workspace, frame: pd.DataFrame, polarity: str | None, benchmark: Benchmark,
                  partnership: str | None = None, value_type: str | None = None,
                  region_codes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every area of ``frame`` (one breakdown, benchmark rows aligned to it) compared with ``benchmark``:
    the domain's columns plus ``benchmark_name``. A peer group ranks its areas and the partnership.
    ``region_codes``: the area register's, when the caller has read them already."""
    group = group_of(benchmark)
    if group is not None and partnership:
        group = list(dict.fromkeys([*group, partnership]))
    regions = area_register.region_codes(ws) if region_codes is None else region_codes
    compared = benchmark_comparison(frame, polarity, benchmark.kind, regions, group, value_type)
    names = _region_names(ws)
    compared["benchmark_name"] = [benchmark.name if benchmark.kind != REGION_BENCHMARK else
                                  names.get(code, code) if isinstance(code, str) else "region not known"
                                  for code in compared["benchmark_code"]]
    return compared
