"""How the app words and colours the "are we on track?" status: the status styles, the rule in words,
the figures on a tile and the lines under it (plain text; Markdown where noted)."""

from __future__ import annotations

import datetime as dt

from ..targets import (ACHIEVED, AT_RISK, AWAITING_DATA, MONITOR, NO_TARGET, NOT_ENOUGH_DATA, OFF_TRACK, ON_TRACK, STATUSES,
                       TargetStatus)
from . import MISSING, RATE_UNITS, format_change, format_value, uk_date, uk_month

# Okabe-Ito colours (colour-blind safe), always shown with the word and a symbol.
# Text on each pill has a contrast of at least 4.5:1 (WCAG AA): white on green (3.4:1) and on orange (3.9:1) did not.
STATUS_STYLE = {
    ACHIEVED: {"colour": "#0072B2", "symbol": "✔", "text_colour": "#FFFFFF"},  # white on blue 5.2:1
    ON_TRACK: {"colour": "#009E73", "symbol": "▲", "text_colour": "#000000"},  # black on green 6.1:1
    AT_RISK: {"colour": "#E69F00", "symbol": "!", "text_colour": "#000000"},
    OFF_TRACK: {"colour": "#D55E00", "symbol": "✖", "text_colour": "#000000"},  # black on orange 5.4:1
    AWAITING_DATA: {"colour": "#56B4E9", "symbol": "◔", "text_colour": "#000000"},  # black on sky blue 9.1:1
    NO_TARGET: {"colour": "#6F777B", "symbol": "–", "text_colour": "#FFFFFF"},
    NOT_ENOUGH_DATA: {"colour": "#B1B4B6", "symbol": "?", "text_colour": "#000000"},
    MONITOR: {"colour": "#CC79A7", "symbol": "~", "text_colour": "#000000"},
}

STATUS_RULE = (
    "The status is judged as of today, against the target that applies today (the next target date; once every "
    "date has passed, the last one). "
    "**When the target date has passed**: **Achieved** or **Off track** on the value at the target date when the "
    "data covers that date; **Awaiting data** when the latest data ends before the target date (the status "
    "never guesses past the data, and the reason says how old the data is). "
    "**Before the target date**: "
    "**Achieved**: the latest value has reached the target (in the better direction). "
    "**Off track**: the figure has not moved, or moved the "
    "wrong way, since the baseline, or it is moving at under half the pace needed. "
    "**At risk**: moving the right way at half to all of the pace needed per month to reach the target by its date. "
    "**On track**: moving at least at the pace needed. "
    "**Monitor**: the target is to monitor only, so the trend is shown without a judgement. "
    "**Not enough data**: no latest value, or no baseline to measure the pace from. "
    "**No target**: the partnership has not set one. Fewer deaths, admissions or unmet need count as progress. "
    "Each tile says how old its data is (\"data to Nov 2023\") and flags it as **out of date** when it is older "
    "than the indicator's reporting allows: its reporting interval (monthly 1, quarterly 3, annual 12 months) "
    "plus 3 months for publication, so over 4 months for monthly figures, 6 for quarterly, 15 for annual "
    "(15 when the frequency is not known)."
)
PACE_NOTE = ("Required pace: the change per month needed from the latest period to the target date. "
             "Observed pace: the change per month since the baseline. Percentages change in percentage points.")
# Why each status was given, by the rule's reason code (cdp_data.targets.rule.REASON_CODES).
REASONS = {
    "no_target": "No target has been set for this indicator.",
    "monitor": "The target is to monitor: the trend is shown without a judgement.",
    "no_latest": "There is no latest value yet.",
    "no_number": "The target has no number to compare with.",
    "awaiting_data": "The target date has passed and the latest data ends before it: awaiting data that covers it.",
    "met_by_date": "The value at the target date reached the target.",
    "missed": "The target date has passed and the value at that date did not reach the target.",
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


AWAITING_REASON = ("The target date ({target_date}) has passed and the latest data ends in {data_to} "
                   "({age}): awaiting data that covers the target date.")
STALE_FLAG = "Out of date"


def months_text(months: int) -> str:
    """'1 month old', '36 months old'."""
    return f"{months} month{'' if months == 1 else 's'} old"


def data_to_text(latest_end) -> str | None:
    """'data to Nov 2023' (None without data)."""
    month = uk_month(latest_end)
    return f"data to {month}" if month else None


def stale_text(status: TargetStatus) -> str | None:
    """'Out of date: 36 months old, more than the 4 months monthly figures allow' when stale, else None."""
    if not status.data_stale:
        return None
    how = f"{status.frequency.split()[0].lower()} figures" if status.frequency else "figures of unknown frequency"
    return (f"{STALE_FLAG}: {months_text(status.data_age_months)}, more than the {status.stale_after_months} "
            f"months {how} allow")


def stale_flag(status: TargetStatus) -> str | None:
    """The short flag for a slide: 'Out of date: 36 months old' when stale, else None."""
    return f"{STALE_FLAG}: {months_text(status.data_age_months)}" if status.data_stale else None


def reason_text(status: TargetStatus) -> str:
    """Why the status was given, in words; Awaiting data names the target date and the data's age."""
    if status.reason == "awaiting_data":
        age = months_text(status.data_age_months) if status.data_age_months is not None else "no data"
        return AWAITING_REASON.format(target_date=uk_date(status.target_date),
                                      data_to=uk_month(status.latest_end) or "no period", age=age)
    return REASONS[status.reason]


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
    """The lines under a tile: latest period (with "data to Nov 2023" and the out-of-date flag), baseline and
    target, each saying when it is missing."""
    latest = f"Latest: {tile['latest_period']}" if tile["latest_period"] else "Load it on the Data page"
    if tile.get("data_to_text") and tile["latest_period"]:
        latest += f" ({tile['data_to_text']})"
    flag = [f"⚠ {tile['stale_text']}"] if tile.get("stale_text") else []
    return [latest, *flag,
            f"Baseline: {tile['baseline_text']}" if tile["baseline_text"] else "No baseline",
            f"Target: {tile['target_text']}" if tile["target_text"] else "No target set"]


def milestones_met_text(checklist) -> str:
    """'2 of 8 national milestones met: Partnership formed (1 Aug 2022); ...' for the board paper."""
    met = [f"{r.label} ({uk_date(r.met_on)})" for r in checklist.itertuples() if r.met]
    return f"{len(met)} of {len(checklist)} national milestones met" + (": " + "; ".join(met) + "." if met else ".")


def milestone_line(label: str, met: bool, met_on: dt.date | None) -> str:
    """'✔ Partnership formed (1 Aug 2022)' or '○ Footprint confirmed'."""
    return f"{'✔' if met else '○'} {label}" + (f" ({uk_date(met_on)})" if met else "")
