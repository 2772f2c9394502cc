"""The status rule: one partnership, one indicator, baseline -> latest against a target.

See the package docstring for the rule in words; this module holds it as code.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import asdict, dataclass


ACHIEVED = "Achieved"
ON_TRACK = "On track"
AT_RISK = "At risk"
OFF_TRACK = "Off track"
NO_TARGET = "No target"
NOT_ENOUGH_DATA = "Not enough data"
MONITOR = "Monitor"
AWAITING_DATA = "Awaiting data"
STATUSES = (ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, AWAITING_DATA, NO_TARGET, NOT_ENOUGH_DATA, MONITOR)

TARGET_KINDS = ("ohid_local_target", "local_ambition", "national_expectation", "monitor")
DAYS_PER_MONTH = 30.4375
MONITOR_WORDS = re.compile(r"\bmonitor|\bbase ?line\b", re.IGNORECASE)

# Why each status was given: the reason codes of the rule, in its order (worded in present.targets).
REASON_CODES = ("no_target", "monitor", "no_latest", "no_number", "awaiting_data", "met_by_date", "missed",
                "equals", "reached", "date_passed", "no_direction", "no_baseline", "wrong_way", "no_date", "on_pace",
                "half_pace", "slow", "small_count")


@dataclass
class TargetStatus:
    """The figures and status for one partnership and indicator (JSON-able via :meth:`as_dict`)."""

    partnership_code: str
    indicator_id: str
    indicator: str
    unit: str | None
    value_type: str | None
    polarity: str
    baseline: float | None
    baseline_period: str | None
    baseline_end: dt.date | None
    latest: float | None
    latest_period: str | None
    latest_end: dt.date | None
    latest_source: str | None
    target: float | None
    target_text: str | None
    target_date: dt.date | None
    target_period: str | None
    target_kind: str | None
    change: float | None
    change_percent: float | None
    change_text: str | None
    distance_to_target: float | None
    required_per_month: float | None
    observed_per_month: float | None
    trend: str | None
    status: str
    reason: str          # a reason code from the rule; the service puts the words in its place
    latest_suppressed: bool = False
    as_of: dt.date | None = None             # the day the status is judged on
    judged_value: float | None = None        # a passed target: the value at (or last up to) its date
    judged_period: str | None = None
    frequency: str | None = None             # the indicator's reporting frequency (catalogue)
    data_age_months: int | None = None       # whole months from the latest period end to as_of
    stale_after_months: int | None = None    # the age the frequency allows (freshness.allowed_age_months)
    data_stale: bool = False                 # data_age_months > stale_after_months

    def as_dict(self) -> dict:
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, dt.date):
                out[key] = value.isoformat()
            elif isinstance(value, float) and math.isnan(value):
                out[key] = None
        return out


def months_between(start: dt.date, end: dt.date) -> float:
    """Months from ``start`` to ``end`` as days / 30.4375 (negative when end is earlier)."""
    return (end - start).days / DAYS_PER_MONTH


def is_monitor_target(target_text: str | None, kind: str | None, value: float | None) -> bool:
    """A target that only asks to monitor (or to set a baseline) carries no judgement."""
    if kind == "monitor":
        return True
    return value is None and bool(target_text) and bool(MONITOR_WORDS.search(str(target_text)))


def direction(polarity: str | None, baseline: float | None, target: float | None) -> int:
    """+1 if higher is progress, -1 if lower is progress, 0 when it cannot be known."""
    if polarity == "high_is_good":
        return 1
    if polarity == "low_is_good":
        return -1
    if baseline is None or target is None or target == baseline:
        return 0
    return 1 if target > baseline else -1


def observed_pace(baseline: float | None, baseline_end: dt.date | None, latest: float | None,
                  latest_end: dt.date | None) -> float | None:
    """``(latest - baseline) / months from baseline period end to latest period end``; None when the
    baseline is missing or not earlier than the latest value."""
    if baseline is None or latest is None or not baseline_end or not latest_end or latest_end <= baseline_end:
        return None
    return (latest - baseline) / months_between(baseline_end, latest_end)


def _without_pace(has_target: bool, monitor: bool, latest: float | None, target: float | None) -> str | None:
    """Steps 1-3 of the rule: the cases judged before any figure is compared (a reason code, or None)."""
    if not has_target:
        return "no_target"
    if monitor:
        return "monitor"
    if latest is None:
        return "no_latest"
    if target is None:
        return "no_number"
    return None


def _passed_target(d: int, judged: float, target: float, latest_end: dt.date | None,
                   target_date: dt.date) -> str:
    """Steps 4-5 when the target date has passed (``target_date <= as_of``): awaiting data that covers the date,
    else met or missed on the value at (or last up to) the target date."""
    if latest_end is None or latest_end < target_date:
        return "awaiting_data"
    if (d == 0 and judged == target) or (d != 0 and d * (judged - target) >= 0):
        return "met_by_date"
    return "missed"


def _against_target(d: int, latest: float, target: float, months_left: float | None) -> str | None:
    """Steps 4-5: reached the target, or its date has passed without reaching it (a reason code, or None)."""
    if d == 0 and latest == target:
        return "equals"
    if d != 0 and d * (latest - target) >= 0:
        return "reached"
    if months_left is not None and months_left <= 0:
        return "date_passed"
    return None


def _pace_reason(d: int, observed: float | None, required: float | None) -> str:
    """Steps 6-10: compare the observed pace with the pace needed."""
    if d == 0:
        return "no_direction"
    if observed is None:
        return "no_baseline"
    if d * observed <= 0:
        return "wrong_way"
    if required is None:
        return "no_date"
    ratio = observed / required
    if ratio >= 1:
        return "on_pace"
    return "half_pace" if ratio >= 0.5 else "slow"


STATUS_OF_REASON = {
    "no_target": NO_TARGET, "monitor": MONITOR, "no_latest": NOT_ENOUGH_DATA, "no_number": NOT_ENOUGH_DATA,
    "awaiting_data": AWAITING_DATA, "met_by_date": ACHIEVED, "missed": OFF_TRACK,
    "equals": ACHIEVED, "reached": ACHIEVED, "date_passed": OFF_TRACK, "no_direction": NOT_ENOUGH_DATA,
    "no_baseline": NOT_ENOUGH_DATA, "wrong_way": OFF_TRACK, "no_date": NOT_ENOUGH_DATA, "on_pace": ON_TRACK,
    "half_pace": AT_RISK, "slow": OFF_TRACK,
}


def assess(*, polarity: str | None, baseline: float | None, baseline_end: dt.date | None,
           latest: float | None, latest_end: dt.date | None, target: float | None,
           target_date: dt.date | None, as_of: dt.date, has_target: bool = True, monitor: bool = False,
           at_target: float | None = None) -> tuple[str, str, dict]:
    """Apply the status rule in the package docstring as of the day ``as_of``; return (status, reason code,
    pace figures).

    ``at_target`` is the value at (or the last up to) the target date, used when that date has passed and the
    data covers it (the latest value when not given). ``pace`` holds ``required_per_month`` and
    ``observed_per_month`` (None when not computable).
    """
    observed = observed_pace(baseline, baseline_end, latest, latest_end)
    pace: dict = {"required_per_month": None, "observed_per_month": observed}
    code = _without_pace(has_target, monitor, latest, target)
    if code is None and target_date is not None and target_date <= as_of:
        judged = at_target if at_target is not None else latest
        code = _passed_target(direction(polarity, baseline, target), judged, target, latest_end, target_date)
    if code is None:
        d = direction(polarity, baseline, target)
        months_left = months_between(latest_end, target_date) if (latest_end and target_date) else None
        code = _against_target(d, latest, target, months_left)
        if code is None:
            if d != 0 and observed is not None and d * observed > 0 and months_left is not None:
                pace["required_per_month"] = (target - latest) / months_left
            code = _pace_reason(d, observed, pace["required_per_month"])
    return STATUS_OF_REASON[code], code, pace


def trend_word(baseline: float | None, latest: float | None) -> str | None:
    """Rising, Falling or No change from the baseline to the latest value (None when one is missing)."""
    if baseline is None or latest is None:
        return None
    if latest > baseline:
        return "Rising"
    if latest < baseline:
        return "Falling"
    return "No change"


def pick_target(rows: list[dict], as_of: dt.date) -> dict | None:
    """From a partnership's targets for one indicator, the one that applies on the day ``as_of``: the earliest
    target dated on or after ``as_of``; when every date has passed, the latest passed one; else the first
    undated."""
    if not rows:
        return None
    dated = sorted((r for r in rows if r.get("target_date")), key=lambda r: r["target_date"])
    if not dated:
        return rows[0]  # every row is undated
    ahead = [r for r in dated if r["target_date"] >= as_of]
    return ahead[0] if ahead else dated[-1]
