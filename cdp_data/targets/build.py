"""TargetStatus rows from frames: the latest value, the baseline and the target per (partnership,
indicator), then the status rule for each (pure: the frames are read by the service)."""

from __future__ import annotations

import datetime as dt
from typing import Callable

import pandas as pd

from ..core.numbers import as_date, plain
from .freshness import allowed_age_months, data_age_months, is_stale
from .rule import TargetStatus, assess, is_monitor_target, pick_target, trend_word

# Whether a figure may not be used (value, value type, count): the services' gate decides
# (cdp_data.services.disclosure.withholds); the domain only leaves withheld figures out.
Withhold = Callable[[float | None, str | None, float | None], bool]

Key = tuple[str, str]  # (partnership code, indicator id)


def latest_and_series(values: pd.DataFrame) -> tuple[dict[Key, dict], dict[Key, list[dict]]]:
    """For each (area, indicator), the row with the latest period end that has a value, and its rows with a value
    by period end (for the value at a target date), from one pass over the rows: a stable sort by period end,
    unreadable ends first, so the last row of a key is its latest; rows with an unreadable end are in no series."""
    if values.empty:
        return {}, {}
    valid = values[values["value"].notna()]
    records = valid.assign(_end=pd.to_datetime(valid["period_end"], errors="coerce")) \
        .sort_values("_end", na_position="first", kind="stable").to_dict("records")
    latest: dict[Key, dict] = {}
    series: dict[Key, list[dict]] = {}
    for r in records:
        key = (r["area_code"], r["indicator_id"])
        latest[key] = r
        if r["_end"] is not pd.NaT:
            series.setdefault(key, []).append(r)
    return {key: {k: v for k, v in r.items() if k != "_end"} for key, r in latest.items()}, series


def value_at(series: list[dict], target_date: dt.date | None) -> dict | None:
    """The row judged at a target date: the last with a period end on or before it; when every period ends
    after it, the first (the period covering the date)."""
    if not series or target_date is None:
        return None
    before = [r for r in series if as_date(r["period_end"]) <= target_date]
    return before[-1] if before else series[0]


def baselines_by_key(baselines: pd.DataFrame) -> dict[Key, object]:
    """Each partnership's baseline row per indicator (one per indicator)."""
    return {(r.partnership_code, r.indicator_id): r for r in baselines.itertuples()}


def targets_by_key(targets: pd.DataFrame) -> dict[Key, list[dict]]:
    """Each partnership's target rows per indicator (a trajectory may hold several), dates as dates."""
    out: dict[Key, list[dict]] = {}
    for r in targets.to_dict("records"):
        r = {k: plain(v) for k, v in r.items()}
        r["target_date"] = as_date(r.get("target_date"))
        out.setdefault((r["partnership_code"], r["indicator_id"]), []).append(r)
    return out


def status_keys(values: pd.DataFrame, baselines: pd.DataFrame, targets: pd.DataFrame) -> list[Key]:
    """Every (partnership, indicator) with a latest value, a baseline or a target, sorted."""
    keys: set[Key] = set()
    if not values.empty:
        keys |= set(zip(values["area_code"], values["indicator_id"]))
    keys |= set(zip(baselines["partnership_code"], baselines["indicator_id"]))
    keys |= set(zip(targets["partnership_code"], targets["indicator_id"]))
    return sorted(keys)


def _latest(last: dict | None, value_type: str | None, withhold: Withhold) -> dict:
    """The latest figure, its period and source; a figure the gate withholds is left out (``suppressed``)."""
    figures = dict(latest=None, latest_period=None, latest_end=None, latest_source=None, suppressed=False)
    if last is None:
        return figures
    figures.update(latest=float(last["value"]), latest_period=last["period"], latest_end=last["period_end"],
                   latest_source=plain(last["source"]))
    if withhold(figures["latest"], value_type, plain(last["count"])):
        figures.update(latest=None, suppressed=True)
    return figures


def _baseline(base, value_type: str | None, withhold: Withhold) -> dict:
    """The baseline figure and its period; a figure the gate withholds is left out."""
    if base is None:
        return dict(baseline=None, baseline_period=None, baseline_end=None)
    value = plain(base.value)
    value = float(value) if value is not None else None
    if value is not None and withhold(value, value_type, None):
        value = None
    return dict(baseline=value, baseline_period=plain(base.period), baseline_end=as_date(base.period_end))


def _change(baseline: float | None, latest: float | None, value_type: str | None) -> tuple[float | None, float | None]:
    """``latest - baseline``, and for counts also as a percentage of the baseline."""
    if baseline is None or latest is None:
        return None, None
    change = latest - baseline
    return change, (100 * change / baseline if value_type == "count" and baseline else None)


def _indicator(entry, indicator_id: str) -> dict:
    """Name, unit, value type and polarity from a catalogue row (the id alone when not catalogued)."""
    if entry is None:
        return dict(indicator=indicator_id, unit=None, value_type=None, polarity="not_compared", frequency=None)
    return dict(indicator=plain(entry.short_name) or entry.name, unit=entry.unit, value_type=entry.value_type,
                polarity=entry.polarity or "not_compared", frequency=plain(getattr(entry, "frequency", None)))


def _judged(row: dict | None, value_type: str | None, withhold: Withhold) -> dict:
    """The value at the target date and its period (None for a withheld figure)."""
    if row is None or withhold(float(row["value"]), value_type, plain(row.get("count"))):
        return dict(judged_value=None, judged_period=None)
    return dict(judged_value=float(row["value"]), judged_period=row["period"])


def _covered(target_date, latest_end, as_of: dt.date) -> bool:
    """The target date has passed and the data reaches it (so a value at the target date is judged)."""
    return target_date is not None and target_date <= as_of and latest_end is not None and latest_end >= target_date


def _freshness(latest_end, frequency: str | None, as_of: dt.date) -> dict:
    """How old the latest data is on ``as_of`` and whether the frequency allows it."""
    age = data_age_months(as_date(latest_end), as_of)
    return dict(as_of=as_of, data_age_months=age, stale_after_months=allowed_age_months(frequency),
                data_stale=is_stale(age, frequency))


def _target(target_row: dict | None) -> dict:
    """The chosen target's number, wording, date, period and kind."""
    row = target_row or {}
    value = float(row["value"]) if row.get("value") is not None else None
    return dict(target=value, target_text=row.get("target_text"), target_date=row.get("target_date"),
                target_period=row.get("period"), target_kind=row.get("kind"))


def status_for(key: Key, entry, last: dict | None, base, target_rows: list[dict], as_of: dt.date,
               series: list[dict] | None = None, *, withhold: Withhold) -> TargetStatus:
    """The figures and the status for one (partnership, indicator), judged on the day ``as_of``; a figure
    ``withhold`` names is neither shown nor judged (``latest_suppressed``, reason ``small_count``)."""
    info = _indicator(entry, key[1])
    latest = _latest(last, info["value_type"], withhold)
    suppressed = latest.pop("suppressed")
    baseline = _baseline(base, info["value_type"], withhold)
    target_row = pick_target(target_rows, as_of)
    target = _target(target_row)
    judged = _judged(value_at(series or [], target["target_date"])
                     if _covered(target["target_date"], as_date(latest["latest_end"]), as_of) else None,
                     info["value_type"], withhold)
    monitor = target_row is not None and is_monitor_target(target["target_text"], target["target_kind"],
                                                           target["target"])
    status, reason, pace = assess(
        polarity=info["polarity"], baseline=baseline["baseline"], baseline_end=baseline["baseline_end"],
        latest=latest["latest"], latest_end=latest["latest_end"], target=target["target"],
        target_date=target["target_date"], as_of=as_of, has_target=target_row is not None, monitor=monitor,
        at_target=judged["judged_value"])
    change, change_percent = _change(baseline["baseline"], latest["latest"], info["value_type"])
    distance = (target["target"] - latest["latest"]
                if target["target"] is not None and latest["latest"] is not None else None)
    return TargetStatus(
        partnership_code=key[0], indicator_id=key[1], **info, **baseline, **latest, **target,
        change=change, change_percent=change_percent, change_text=None, distance_to_target=distance,
        required_per_month=pace["required_per_month"], observed_per_month=pace["observed_per_month"],
        trend=trend_word(baseline["baseline"], latest["latest"]), status=status,
        reason="small_count" if suppressed else reason, latest_suppressed=suppressed, **judged,
        **_freshness(latest["latest_end"], info["frequency"], as_of))


def build_statuses(catalogue: pd.DataFrame, values: pd.DataFrame, baselines: pd.DataFrame,
                   targets: pd.DataFrame, as_of: dt.date, *, withhold: Withhold) -> list[TargetStatus]:
    """Status for every (partnership, indicator) with a latest value, a baseline or a target, judged on the
    day ``as_of``.

    ``catalogue``: indicator_id, name, short_name, unit, value_type, polarity (frequency when given); ``values``: headline
    indicator values of the partnerships (area_code, indicator_id, period, period_end, value, count,
    source); ``baselines`` and ``targets``: rows of those tables. ``change_text`` is left empty (the
    service words it).
    """
    info = {r.indicator_id: r for r in catalogue.itertuples()}
    latest_by_key, series = latest_and_series(values)
    base_by_key = baselines_by_key(baselines)
    target_rows = targets_by_key(targets)
    return [status_for(key, info.get(key[1]), latest_by_key.get(key), base_by_key.get(key), target_rows.get(key, []),
                       as_of, series.get(key), withhold=withhold)
            for key in status_keys(values, baselines, targets)]
