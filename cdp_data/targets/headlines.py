"""Which indicators the Overview shows: the headline tiles in order, and the comparison's default."""

from __future__ import annotations

import pandas as pd

from .rule import NO_TARGET, TargetStatus

# Headline tiles in order; each is a list of indicator ids, the first with data wins.
HEADLINES: list[tuple[str, list[str]]] = [
    ("Adults in treatment", ["adults_in_treatment"]),
    ("Young people in treatment", ["young_people_in_treatment"]),
    ("Continuity of care", ["continuity_of_care"]),
    ("Deaths from drug misuse", ["92432", "drug_related_deaths"]),
    ("Unmet need: OCU", ["93517"]),
    ("Successful completions", ["successful_completions", "90244"]),
]
DEFAULT_DUMBBELL_INDICATOR = "continuity_of_care"


def _has_figure(status: TargetStatus | None) -> bool:
    return status is not None and (status.latest is not None or status.latest_suppressed)


def tile_indicators(statuses: dict[str, TargetStatus], names: dict[str, str]) -> list[tuple[str, str]]:
    """(title, indicator id) of each tile: the six headlines (the first candidate with a figure, else the
    first), then every other indicator with a target, titled by its name."""
    chosen, used = [], set()
    for title, candidates in HEADLINES:
        chosen.append((title, next((c for c in candidates if _has_figure(statuses.get(c))), candidates[0])))
        used.update(candidates)
    for indicator_id, status in statuses.items():
        if indicator_id not in used and status.status != NO_TARGET:
            chosen.append((names.get(indicator_id, indicator_id), indicator_id))
    return chosen


def default_dumbbell_indicator(ids: list[str]) -> str | None:
    """The indicator the comparison opens on: :data:`DEFAULT_DUMBBELL_INDICATOR` when offered, else the first."""
    return DEFAULT_DUMBBELL_INDICATOR if DEFAULT_DUMBBELL_INDICATOR in ids else (ids[0] if ids else None)


def with_points(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of the comparison that have something to draw (a baseline, a latest value or a target)."""
    return frame[frame[["baseline", "latest", "target"]].notna().any(axis=1)]


def status_counts(statuses: list[str]) -> dict[str, int]:
    """How many tiles have each status, in the order first seen."""
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return counts
