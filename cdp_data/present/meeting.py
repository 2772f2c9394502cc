"""The meeting's words: slide titles, the slide counter, exceptions' reasons, what changed, the notices."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from . import format_value, uk_date

SECTION_TITLES = {"tiles": "Are we on track?", "exceptions": "Delivery plan exceptions",
                  "changes": "What changed since the last meeting", "unmet_need": "Unmet need by drug type",
                  "ward_map": "Deprivation and drug harm by ward", "milestones": "National milestones"}
CHANGE_STATUS = "Status"
CHANGE_DATA = "New data"
NOTHING = "none"
NO_EXCEPTIONS = "No red, overdue or slipped actions in the delivery plan."
NO_PLAN = "No delivery plan stored for this partnership yet: upload one on the Delivery plan page."
NO_CHANGES = "Nothing changed since the last meeting."
KEYS_HELP = "Next: → or Page Down · Previous: ← or Page Up"


def day_text(day) -> str:
    return uk_date(day) if day is not None else ""


def section_title(section: str, names: dict[str, str]) -> str:
    if section.startswith("indicator:"):
        indicator_id = section.split(":", 1)[1]
        return names.get(indicator_id, indicator_id)
    return SECTION_TITLES.get(section, section)


def slide_title(slide, names: dict[str, str]) -> str:
    """The slide's heading: "Delivery plan exceptions (2 of 3)"; an indicator's later pages say "plan actions"."""
    title = section_title(slide.section, names)
    if slide.kind == "actions":
        title += ": plan actions"
    return f"{title} ({slide.page} of {slide.pages})" if slide.pages > 1 else title


def counter_text(position: int, total: int) -> str:
    return f"{position} of {total}"


def since_text(meeting: dict | None, as_of: dt.date, has_rows: bool = False) -> str:
    if meeting is None:
        text = f"No meeting recorded before {uk_date(as_of)}: record this one so the next can compare with it."
        return text + (" Meanwhile, the delivery plan's changes since its previous version:" if has_rows else "")
    return f"Since the meeting of {uk_date(meeting['meeting_date'])}:"


def meeting_label(meeting: dict) -> str:
    return f"Meeting of {uk_date(meeting['meeting_date'])}"


def recorded_text(day: dt.date) -> str:
    return f"Recorded the meeting of {uk_date(day)}: the next meeting's changes compare with it."


def reasons_text(reasons: list[str]) -> str:
    """'Red; overdue by 45 days; slipped 92 days' from the codes ``red``, ``overdue:45``, ``slipped:92``."""
    out = []
    for reason in reasons:
        code, _, days = reason.partition(":")
        out.append({"red": "Red", "overdue": f"overdue by {days} days",
                    "slipped": f"slipped {days} days"}.get(code, code))
    text = "; ".join(out)
    return text[:1].upper() + text[1:]


def plan_change_rows(comparison) -> list[dict]:
    """A plan comparison (statuses already in words) as rows of what changed: what, item, before, after."""
    rows = [{"what": "Plan: new action", "item": r.action, "before": "not in the plan",
             "after": f"added, led by {r.lead}" if r.lead else "added"} for r in comparison.added.itertuples()]
    rows += [{"what": "Plan: action removed", "item": r.action,
              "before": f"led by {r.lead}" if r.lead else "in the plan", "after": "removed"}
             for r in comparison.removed.itertuples()]
    rows += [{"what": "Plan: status", "item": r.action, "before": r.before or NOTHING, "after": r.after or NOTHING}
             for r in comparison.status_changes.itertuples()]
    rows += [{"what": "Plan: date slipped", "item": r.action, "before": uk_date(r.before), "after": uk_date(r.after)}
             for r in comparison.slipped.itertuples()]
    return rows


def milestone_text(label: str, met: bool, met_on) -> str:
    return f"{'✔' if met else '○'} {label}" + (f" ({uk_date(met_on)})" if met and met_on is not None else "")


def milestones_lead(met: int, total: int) -> str:
    return f"{met} of {total} national milestones met."


def comparison_text(series: pd.DataFrame, unit: str | None, value_type: str | None) -> str:
    """The latest value compared with England: 'Latest 2023/24: 47.0%; England 55.0%: worse than England'."""
    if series is None or series.empty or "line" not in series:
        return ""
    own = series[series["line"] == "Partnership"].dropna(subset=["value"])
    if own.empty:
        return ""
    last = own.sort_values("period_end").iloc[-1]
    text = f"Latest ({last['period']}): {format_value(last['value'], unit, value_type)}"
    england = series[(series["line"] == "England") & (series["period"] == last["period"])].dropna(subset=["value"])
    if not england.empty:
        text += f"; England {format_value(england.iloc[0]['value'], unit, value_type)}"
    compared = last.get("compared_to_england")
    if isinstance(compared, str) and compared and compared.lower() != "not compared":
        text += f": {compared[:1].lower() + compared[1:]}"
    return text + "."
