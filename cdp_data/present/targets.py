"""How the app words and colours the "are we on track?" status: the status styles, the rule in words,
the figures on a tile and the lines under it (plain text; Markdown where noted)."""

from __future__ import annotations

import datetime as dt

from ..targets import (ACHIEVED, AT_RISK, MONITOR, NO_TARGET, NOT_ENOUGH_DATA, OFF_TRACK, ON_TRACK, STATUSES,
                       TargetStatus)
from . import MISSING, RATE_UNITS, format_change, format_value, uk_date

# Okabe-Ito colours (colour-blind safe), always shown with the word and a symbol.
STATUS_STYLE = {
    ACHIEVED: {"colour": "#0072B2", "symbol": "✔", "text_colour": "#FFFFFF"},
    ON_TRACK: {"colour": "#009E73", "symbol": "▲", "text_colour": "#FFFFFF"},
    AT_RISK: {"colour": "#E69F00", "symbol": "!", "text_colour": "#000000"},
    OFF_TRACK: {"colour": "#D55E00", "symbol": "✖", "text_colour": "#FFFFFF"},
    NO_TARGET: {"colour": "#6F777B", "symbol": "–", "text_colour": "#FFFFFF"},
    NOT_ENOUGH_DATA: {"colour": "#B1B4B6", "symbol": "?", "text_colour": "#000000"},
    MONITOR: {"colour": "#CC79A7", "symbol": "~", "text_colour": "#000000"},
}

STATUS_RULE = (
    "**Achieved**: the latest value has reached the target (in the better direction). "
    "**Off track**: the target date has passed without reaching it, or the figure has not moved, or moved the "
    "wrong way, since the baseline, or it is moving at under half the pace needed. "
    "**At risk**: moving the right way at half to all of the pace needed per month to reach the target by its date. "
    "**On track**: moving at least at the pace needed. "
    "**Monitor**: the target is to monitor only, so the trend is shown without a judgement. "
    "**Not enough data**: no latest value, or no baseline to measure the pace from. "
    "**No target**: the partnership has not set one. Fewer deaths, admissions or unmet need count as progress."
)
PACE_NOTE = ("Required pace: the change per month needed from the latest period to the target date. "
             "Observed pace: the change per month since the baseline. Percentages change in percentage points.")
# Why each status was given, by the rule's reason code (cdp_data.targets.rule.REASON_CODES).
REASONS = {
    "no_target": "No target has been set for this indicator.",
    "monitor": "The target is to monitor: the trend is shown without a judgement.",
    "no_latest": "There is no latest value yet.",
    "no_number": "The target has no number to compare with.",
    "equals": "The latest value equals the target.",
    "reached": "The latest value has reached the target.",
    "date_passed": "The target date has been reached and the target was not met.",
    "no_direction": "Without a polarity or a baseline the direction of progress is unknown.",
    "no_baseline": "There is no earlier baseline to measure the pace of change from.",
    "wrong_way": "Since the baseline the figure has not moved, or has moved the wrong way.",
    "no_date": "The target has no date, so the pace needed cannot be worked out.",
    "on_pace": "Moving at least at the pace needed to reach the target by its date.",
    "half_pace": "Moving the right way at between half and all of the pace needed.",
    "slow": "Moving the right way at under half the pace needed.",
    "small_count": "The latest count is under 5 and is not shown.",
}
NO_DATA_TEXT = "No data yet"
SUPPRESSED_TEXT = "Under 5 (not shown)"
NO_DATA_REASON = "There is no data yet."
NO_DATA_HELP = "No data for this indicator and partnership yet: load it on the Data page."
SUPPRESSED_HELP = "The latest count is under 5, so it is not shown (small-number rule)."


def number_text(value: float | None, value_type: str | None = None, unit: str | None = None) -> str:
    """A figure on a tile: the app's one formatter (``64.0%``, ``6,119``), and a rate's own unit when the
    formatter does not name it ("70 per worker")."""
    text = format_value(value, unit, value_type)
    if value_type == "rate" and unit and unit not in RATE_UNITS and text != MISSING:
        return f"{text} {unit}"
    return text


def status_change_text(status: TargetStatus) -> str | None:
    """The change since the baseline of one status, in words."""
    return format_change(status.change, status.change_percent, status.value_type, status.unit)


def latest_text(status: TargetStatus) -> str:
    """The latest figure as the tile shows it (a rate with its unit)."""
    return number_text(status.latest, status.value_type, status.unit)


def baseline_text(status: TargetStatus) -> str | None:
    """'37.0% (12 months to Mar 2022)'; None without a baseline."""
    if status.baseline is None:
        return None
    return f"{number_text(status.baseline, status.value_type, status.unit)} ({status.baseline_period})"


def target_text(status: TargetStatus | None) -> str | None:
    """'244 by 2023/24', the target as written when it has no number ('Monitor'), else None."""
    if status is None:
        return None
    if status.target is not None:
        when = status.target_period or (uk_date(status.target_date) if status.target_date else None)
        return number_text(status.target, status.value_type, status.unit) + (f" by {when}" if when else "")
    return status.target_text or None


def tile_help(status: TargetStatus) -> str:
    """The hover text of a tile with a figure: period, source, baseline period and the status's reason."""
    return (f"Latest period: {status.latest_period}. Source: {status.latest_source or 'not recorded'}."
            + (f" Baseline period: {status.baseline_period}." if status.baseline_period else "")
            + (f" Status: {status.reason}" if status.status not in (NO_TARGET,) else ""))


def status_label(status: str, trend: str | None) -> str:
    """The word shown on the tile: Monitor targets show the trend instead of a judgement."""
    if status == MONITOR and trend:
        return f"Monitor: {trend.lower()}"
    return status


def status_counts_text(counts: dict[str, int]) -> str:
    """The line above the tiles, in the order of the statuses (Markdown, counts in bold):
    ``"**3** on track · **1** off track"``."""
    return " · ".join(f"**{counts[s]}** {s.lower()}" for s in STATUSES if s in counts)


def tile_details(tile: dict) -> list[str]:
    """The three lines under a tile: latest period, baseline and target, each saying when it is missing."""
    return [f"Latest: {tile['latest_period']}" if tile["latest_period"] else "Load it on the Data page",
            f"Baseline: {tile['baseline_text']}" if tile["baseline_text"] else "No baseline",
            f"Target: {tile['target_text']}" if tile["target_text"] else "No target set"]


def milestones_met_text(checklist) -> str:
    """'2 of 8 national milestones met: Partnership formed (1 Aug 2022); ...' for the board paper."""
    met = [f"{r.label} ({uk_date(r.met_on)})" for r in checklist.itertuples() if r.met]
    return f"{len(met)} of {len(checklist)} national milestones met" + (": " + "; ".join(met) + "." if met else ".")


def milestone_line(label: str, met: bool, met_on: dt.date | None) -> str:
    """'✔ Partnership formed (1 Aug 2022)' or '○ Footprint confirmed'."""
    return f"{'✔' if met else '○'} {label}" + (f" ({uk_date(met_on)})" if met else "")
