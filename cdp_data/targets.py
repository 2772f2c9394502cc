"""Baselines, targets and the "are we on track?" status.

For one partnership and one indicator the app takes three figures:

* the **baseline** (``baselines`` table: value and the period it covers, usually
  the 12 months to March 2022 but set per row),
* the **latest** value (the stored indicator value with the latest period end
  for the area, all persons, no breakdown category),
* the **target** (``targets`` table). A partnership may hold a trajectory (one
  target per year): the target used is the earliest one whose date is on or
  after the latest period end; when every target date has passed, the last one.

Change since baseline
    ``latest - baseline``. For proportions it is given in *percentage points*;
    for counts also as a percentage of the baseline
    (``100 * (latest - baseline) / baseline``); for rates in the indicator's unit.

Direction of progress ``d``
    +1 when higher is better, -1 when lower is better (fewer deaths is
    progress). For indicators with no polarity the direction is the sign of
    ``target - baseline``; with no baseline (or a baseline equal to the target)
    it cannot be known.

Pace (per month, months = days / 30.4375)
    required = ``(target - latest) / months from latest period end to target date``
    observed = ``(latest - baseline) / months from baseline period end to latest period end``

Status rule, applied in this order (the first that applies wins):

1. **No target**: the partnership has no target for the indicator.
2. **Monitor**: the target says "monitor" (or "set baseline"): no judgement,
   only the trend (Rising / Falling / No change) is shown.
3. **Not enough data**: no latest value, or the target has no number.
4. **Achieved**: the latest value is at or beyond the target
   (``d * (latest - target) >= 0``).
5. **Off track**: the target date is on or before the latest period end, and
   the target was not met.
6. **Not enough data**: no baseline, a baseline not earlier than the latest
   value, or no direction (see above): the pace cannot be measured.
7. **Off track**: no movement or movement the wrong way since the baseline
   (``d * observed <= 0``).
8. **On track**: observed pace at least the required pace
   (``observed / required >= 1``).
9. **At risk**: observed pace at least half the required pace (``>= 0.5``).
10. **Off track**: otherwise.

Worked example (Lancashire, seed 004): young people in treatment 196 (12 months
to Mar 2022) to 301 (Nov 2023) against a 2023/24 target of 244: 301 >= 244, so
**Achieved**; change +105 (+53.6%). Caseload per worker 70 in 2024 against the
national ambition of 40 for 2024 (lower is better): the target date has been
reached and 70 > 40, so **Off track**.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa

from .store import indicator_catalogue as cat
from .core.errors import LoadError
from .store.indicator_values import read_table, to_frame
from .sources.base import LoadReport
from .store import Workspace, areas, baselines, catalogue, targets
from .core.suppression import THRESHOLD
from .core.numbers import as_date, plain

ACHIEVED = "Achieved"
ON_TRACK = "On track"
AT_RISK = "At risk"
OFF_TRACK = "Off track"
NO_TARGET = "No target"
NOT_ENOUGH_DATA = "Not enough data"
MONITOR = "Monitor"
STATUSES = (ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, NO_TARGET, NOT_ENOUGH_DATA, MONITOR)

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

TARGET_KINDS = ("ohid_local_target", "local_ambition", "national_expectation", "monitor")
DAYS_PER_MONTH = 30.4375
MONITOR_WORDS = re.compile(r"\bmonitor|\bbase ?line\b", re.IGNORECASE)


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
    reason: str
    latest_suppressed: bool = False

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


def assess(*, polarity: str | None, baseline: float | None, baseline_end: dt.date | None,
           latest: float | None, latest_end: dt.date | None, target: float | None,
           target_date: dt.date | None, has_target: bool = True, monitor: bool = False) -> tuple[str, str, dict]:
    """Apply the status rule in the module docstring; return (status, reason, pace figures).

    ``pace`` holds ``required_per_month`` and ``observed_per_month`` (None when not computable).
    """
    pace: dict = {"required_per_month": None, "observed_per_month": None}
    observed = None
    if baseline is not None and latest is not None and baseline_end and latest_end and latest_end > baseline_end:
        observed = (latest - baseline) / months_between(baseline_end, latest_end)
        pace["observed_per_month"] = observed
    if not has_target:
        return NO_TARGET, "No target has been set for this indicator.", pace
    if monitor:
        return MONITOR, "The target is to monitor: the trend is shown without a judgement.", pace
    if latest is None:
        return NOT_ENOUGH_DATA, "There is no latest value yet.", pace
    if target is None:
        return NOT_ENOUGH_DATA, "The target has no number to compare with.", pace
    d = direction(polarity, baseline, target)
    if d == 0 and latest == target:
        return ACHIEVED, "The latest value equals the target.", pace
    if d != 0 and d * (latest - target) >= 0:
        return ACHIEVED, "The latest value has reached the target.", pace
    months_left = months_between(latest_end, target_date) if (latest_end and target_date) else None
    if months_left is not None and months_left <= 0:
        return OFF_TRACK, "The target date has been reached and the target was not met.", pace
    if d == 0:
        return NOT_ENOUGH_DATA, "Without a polarity or a baseline the direction of progress is unknown.", pace
    if observed is None:
        return NOT_ENOUGH_DATA, "There is no earlier baseline to measure the pace of change from.", pace
    if d * observed <= 0:
        return OFF_TRACK, "Since the baseline the figure has not moved, or has moved the wrong way.", pace
    if months_left is None:
        return NOT_ENOUGH_DATA, "The target has no date, so the pace needed cannot be worked out.", pace
    required = (target - latest) / months_left
    pace["required_per_month"] = required
    ratio = observed / required
    if ratio >= 1:
        return ON_TRACK, "Moving at least at the pace needed to reach the target by its date.", pace
    if ratio >= 0.5:
        return AT_RISK, "Moving the right way at between half and all of the pace needed.", pace
    return OFF_TRACK, "Moving the right way at under half the pace needed.", pace


def trend_word(baseline: float | None, latest: float | None) -> str | None:
    if baseline is None or latest is None:
        return None
    if latest > baseline:
        return "Rising"
    if latest < baseline:
        return "Falling"
    return "No change"


# ---- formatting (plain text, UK style) -------------------------------------
def format_number(value: float | None, value_type: str | None = None, unit: str | None = None) -> str:
    """31.0 -> '31', 6119 -> '6,119', 37 (proportion) -> '37%', 40.87 -> '40.9%'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if value_type == "proportion" or unit == "%":
        return f"{text}%"
    if unit == "GBP":
        return f"£{text}"
    return text


def change_text(change: float | None, change_percent: float | None, value_type: str | None,
                unit: str | None) -> str | None:
    """'+27 percentage points', '+800 (+13.1%)', '-3.2 per 100000'."""
    if change is None:
        return None
    sign = "+" if change > 0 else ("-" if change < 0 else "±")
    magnitude = format_number(abs(change))
    if value_type == "proportion" or unit == "%":
        return f"{sign}{magnitude} percentage points"
    if value_type == "count" and change_percent is not None:
        pct = f"{change_percent:+.1f}%"
        return f"{sign}{magnitude} ({pct})"
    suffix = f" {unit}" if unit and unit not in ("count",) else ""
    return f"{sign}{magnitude}{suffix}"


# ---- reading the workspace ---------------------------------------------------
def headline_values(ws: Workspace, partnership: str | None = None) -> pd.DataFrame:
    """Indicator values without breakdowns (all persons, no category), one row per area, indicator, period."""
    table = read_table(ws, ["indicator_id", "area_code", "period", "period_end", "value", "count", "source", "note",
                            "is_synthetic", "category_type", "sex", "load_id"], area_code=partnership or None)
    headline = pc.and_(pc.fill_null(pc.equal(table.column("category_type"), ""), False),
                       pc.fill_null(pc.is_in(table.column("sex"), value_set=pa.array(["", "Persons"])), False))
    frame = to_frame(table.filter(headline))  # filtered before becoming Python objects
    if frame.empty:
        return frame.drop(columns=["category_type", "sex", "load_id"]).reset_index(drop=True)
    frame["period_end"] = frame["period_end"].map(as_date)
    # Between rows of one period: "Persons" before a blank sex, then the earlier load (as stored before).
    frame["_sex"] = frame["sex"] != "Persons"
    frame = frame.sort_values(["indicator_id", "area_code", "period_end", "_sex", "load_id"], kind="stable",
                              na_position="first")
    frame = frame.drop_duplicates(["indicator_id", "area_code", "period"], keep="first")
    return frame.drop(columns=["category_type", "sex", "load_id", "_sex"]).reset_index(drop=True)


def is_small_count(value: float | None, value_type: str | None, count: float | None) -> bool:
    """A count under the threshold is never shown (it would reveal a small number)."""
    if value_type == "count" and value is not None and 0 < value < THRESHOLD:
        return True
    return count is not None and 0 < count < THRESHOLD and value_type == "count"


def pick_target(rows: list[dict], latest_end: dt.date | None) -> dict | None:
    """From a partnership's targets for one indicator, the one that applies now (see module docstring)."""
    if not rows:
        return None
    dated = sorted((r for r in rows if r.get("target_date")), key=lambda r: r["target_date"])
    undated = [r for r in rows if not r.get("target_date")]
    if dated:
        if latest_end is not None:
            ahead = [r for r in dated if r["target_date"] >= latest_end]
            if ahead:
                return ahead[0]
        return dated[-1]
    return undated[0]


def _latest_values(values: pd.DataFrame) -> dict[tuple[str, str], dict]:
    """The row with the latest period end that has a value, for each (area, indicator)."""
    if values.empty:
        return {}
    valid = values[values["value"].notna()]
    ends = pd.to_datetime(valid["period_end"], errors="coerce")
    last = valid.assign(_end=ends).sort_values("_end", na_position="first", kind="stable") \
        .groupby(["area_code", "indicator_id"], sort=False).tail(1)
    return {(r["area_code"], r["indicator_id"]): r for r in last.drop(columns="_end").to_dict("records")}


def target_statuses(ws: Workspace, partnership: str | None = None) -> list[TargetStatus]:
    """Status for every partnership (or one) and every indicator with a latest value, a baseline or a target."""
    cat_frame = ws.read(sa.select(catalogue.c.indicator_id, catalogue.c.name, catalogue.c.short_name,
                                  catalogue.c.unit, catalogue.c.value_type, catalogue.c.polarity))
    info = {r.indicator_id: r for r in cat_frame.itertuples()}
    partner_codes = set(ws.read(sa.select(areas.c.code).where(areas.c.is_partnership.is_(True)))["code"]) \
        if partnership is None else {partnership}
    values = headline_values(ws, partnership)
    if not values.empty:
        values = values[values["area_code"].isin(partner_codes)]
    base_frame = ws.table(baselines)
    target_frame = ws.table(targets)
    if partnership:
        base_frame = base_frame[base_frame["partnership_code"] == partnership]
        target_frame = target_frame[target_frame["partnership_code"] == partnership]

    keys: set[tuple[str, str]] = set()
    if not values.empty:
        keys |= set(zip(values["area_code"], values["indicator_id"]))
    keys |= set(zip(base_frame["partnership_code"], base_frame["indicator_id"]))
    keys |= set(zip(target_frame["partnership_code"], target_frame["indicator_id"]))

    latest_by_key = _latest_values(values)
    base_by_key = {(r.partnership_code, r.indicator_id): r for r in base_frame.itertuples()}
    targets_by_key: dict[tuple[str, str], list[dict]] = {}
    for r in target_frame.to_dict("records"):
        r = {k: plain(v) for k, v in r.items()}
        r["target_date"] = as_date(r.get("target_date"))
        targets_by_key.setdefault((r["partnership_code"], r["indicator_id"]), []).append(r)

    out = []
    for code, indicator_id in sorted(keys):
        entry = info.get(indicator_id)
        value_type = entry.value_type if entry is not None else None
        unit = entry.unit if entry is not None else None
        polarity = (entry.polarity if entry is not None else None) or "not_compared"
        name = (entry.short_name or entry.name) if entry is not None else indicator_id
        latest = latest_period = latest_end = latest_source = None
        suppressed = False
        last = latest_by_key.get((code, indicator_id))
        if last is not None:
            latest = float(last["value"])
            latest_period, latest_end, latest_source = last["period"], last["period_end"], plain(last["source"])
            if is_small_count(latest, value_type, plain(last["count"])):
                latest, suppressed = None, True
        base = base_by_key.get((code, indicator_id))
        baseline = plain(base.value) if base is not None else None
        baseline = float(baseline) if baseline is not None else None
        baseline_period = plain(base.period) if base is not None else None
        baseline_end = as_date(base.period_end) if base is not None else None
        if baseline is not None and is_small_count(baseline, value_type, None):
            baseline = None
        target_row = pick_target(targets_by_key.get((code, indicator_id), []), latest_end)
        target = float(target_row["value"]) if target_row and target_row.get("value") is not None else None
        monitor = bool(target_row) and is_monitor_target(target_row.get("target_text"), target_row.get("kind"),
                                                          target)
        status, reason, pace = assess(
            polarity=polarity, baseline=baseline, baseline_end=baseline_end, latest=latest, latest_end=latest_end,
            target=target, target_date=target_row.get("target_date") if target_row else None,
            has_target=target_row is not None, monitor=monitor,
        )
        change = change_pct = None
        if baseline is not None and latest is not None:
            change = latest - baseline
            if value_type == "count" and baseline:
                change_pct = 100 * change / baseline
        distance = None
        if target is not None and latest is not None:
            distance = target - latest
        out.append(TargetStatus(
            partnership_code=code, indicator_id=indicator_id, indicator=name, unit=unit, value_type=value_type,
            polarity=polarity, baseline=baseline, baseline_period=baseline_period, baseline_end=baseline_end,
            latest=latest, latest_period=latest_period, latest_end=latest_end, latest_source=latest_source,
            target=target, target_text=target_row.get("target_text") if target_row else None,
            target_date=target_row.get("target_date") if target_row else None,
            target_period=target_row.get("period") if target_row else None,
            target_kind=target_row.get("kind") if target_row else None,
            change=change, change_percent=change_pct, change_text=change_text(change, change_pct, value_type, unit),
            distance_to_target=distance, required_per_month=pace["required_per_month"],
            observed_per_month=pace["observed_per_month"], trend=trend_word(baseline, latest),
            status=status, reason=reason if not suppressed else "The latest count is under 5 and is not shown.",
            latest_suppressed=suppressed,
        ))
    return out


def status_table(ws: Workspace, partnership: str | None = None) -> list[dict]:
    """The CLI's ``targets status`` rows: partnership_code, indicator, baseline, baseline_period,
    latest, latest_period, target, target_date, change, status (plus a few extras)."""
    rows = []
    for s in target_statuses(ws, partnership):
        rows.append({
            "partnership_code": s.partnership_code, "indicator": s.indicator_id, "indicator_name": s.indicator,
            "baseline": s.baseline, "baseline_period": s.baseline_period,
            "latest": s.latest, "latest_period": s.latest_period,
            "target": s.target if s.target is not None else s.target_text,
            "target_date": s.target_date.isoformat() if s.target_date else None,
            "change": s.change, "change_text": s.change_text, "status": s.status, "reason": s.reason,
        })
    return rows


# ---- editing baselines and targets -------------------------------------------
BASELINE_COLUMNS = ["partnership_code", "indicator_id", "value", "period", "period_end", "source", "note"]
TARGET_COLUMNS = ["partnership_code", "indicator_id", "value", "target_text", "target_date", "period", "kind",
                  "source", "note"]


def baselines_frame(ws: Workspace, partnership: str | None = None) -> pd.DataFrame:
    query = sa.select(*[baselines.c[c] for c in BASELINE_COLUMNS]).order_by(baselines.c.indicator_id)
    if partnership:
        query = query.where(baselines.c.partnership_code == partnership)
    frame = ws.read(query)
    frame["period_end"] = frame["period_end"].map(as_date)
    return frame


def targets_frame(ws: Workspace, partnership: str | None = None) -> pd.DataFrame:
    query = sa.select(*[targets.c[c] for c in TARGET_COLUMNS]).order_by(targets.c.indicator_id,
                                                                        targets.c.target_date)
    if partnership:
        query = query.where(targets.c.partnership_code == partnership)
    frame = ws.read(query)
    frame["target_date"] = frame["target_date"].map(as_date)
    return frame


def _records(frame: pd.DataFrame, columns: list[str], partnership: str, date_column: str) -> list[dict]:
    rows = []
    for r in frame.to_dict("records"):
        r = {c: plain(r.get(c)) for c in columns}
        if not r.get("indicator_id"):
            continue
        r["indicator_id"] = str(r["indicator_id"]).strip()
        r["partnership_code"] = partnership
        r[date_column] = as_date(r.get(date_column))
        if r.get("value") is not None:
            try:
                r["value"] = float(r["value"])
            except (TypeError, ValueError) as exc:
                raise LoadError(f"The value {r['value']!r} for {r['indicator_id']} is not a number.") from exc
        rows.append(r)
    return rows


def save_baselines(ws: Workspace, partnership: str, frame: pd.DataFrame) -> int:
    """Replace a partnership's baselines with the rows of ``frame`` (one per indicator)."""
    rows = _records(frame, BASELINE_COLUMNS, partnership, "period_end")
    seen = [r["indicator_id"] for r in rows]
    duplicates = sorted({i for i in seen if seen.count(i) > 1})
    if duplicates:
        raise LoadError(f"Each indicator can have one baseline only; repeated: {', '.join(duplicates)}.")
    with ws.begin() as conn:
        conn.execute(baselines.delete().where(baselines.c.partnership_code == partnership))
        if rows:
            conn.execute(baselines.insert(), rows)
    return len(rows)


def save_targets(ws: Workspace, partnership: str, frame: pd.DataFrame) -> int:
    """Replace a partnership's targets with the rows of ``frame`` (several per indicator allowed)."""
    rows = _records(frame, TARGET_COLUMNS, partnership, "target_date")
    for r in rows:
        if r.get("kind") and r["kind"] not in TARGET_KINDS:
            raise LoadError(f"Target kind must be one of {', '.join(TARGET_KINDS)}; got {r['kind']!r}.")
    with ws.begin() as conn:
        conn.execute(targets.delete().where(targets.c.partnership_code == partnership))
        if rows:
            conn.execute(targets.insert(), rows)
    return len(rows)


# ---- importing an indicators sheet -------------------------------------------
HEADER_WORDS = {"indicator": "indicator", "measure": "indicator", "metric": "indicator",
                "baseline": "baseline", "target": "target", "latest": "latest", "current": "latest",
                "frequency": "frequency", "reporting": "frequency"}
PERIOD_IN_HEADER = re.compile(r"\(([^)]+)\)|(\d{4}/\d{2})")


def _norm(text: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", str(text).lower())
    return " ".join(re.findall(r"[a-z0-9]+", text))


def match_indicator(name: str, entries: list[tuple[str, str, str | None]]) -> tuple[str | None, float]:
    """The catalogue id whose name or short name best matches ``name`` (score 0-1), by word overlap
    and difflib's ratio; None under 0.75."""
    wanted = _norm(name)
    if not wanted:
        return None, 0.0
    best, best_score = None, 0.0
    wanted_words = set(wanted.split())
    for indicator_id, full, short in entries:
        for candidate in (short, full, indicator_id):
            if not candidate:
                continue
            cand = _norm(candidate)
            if not cand:
                continue
            if cand == wanted:
                return indicator_id, 1.0
            words = set(cand.split())
            overlap = len(wanted_words & words) / max(len(wanted_words | words), 1)
            score = max(SequenceMatcher(None, wanted, cand).ratio(), overlap)
            if score > best_score:
                best, best_score = indicator_id, score
    return (best, best_score) if best_score >= 0.75 else (None, best_score)


def parse_target_cell(raw) -> tuple[float | None, str | None, str | None]:
    """'80%' -> (80, '80%', None); '400 +' -> (400, '400 +', None); 'Monitor' -> (None, 'Monitor', 'monitor');
    'Monitor until 2014 and set base line target' -> (None, text, 'monitor'); 6900 -> (6900, '6900', None)."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return None, None, None
    if isinstance(raw, (int, float)):
        return float(raw), f"{raw:g}", None
    text = str(raw).strip()
    if not text:
        return None, None, None
    if MONITOR_WORDS.search(text):
        return None, text, "monitor"
    number = re.search(r"-?\d[\d,]*(?:\.\d+)?", text)
    if number:
        return float(number.group(0).replace(",", "")), text, None
    return None, text, None


def _header_map(row: tuple) -> dict[str, int] | None:
    mapping: dict[str, int] = {}
    for i, cell in enumerate(row):
        if cell is None:
            continue
        low = str(cell).strip().lower()
        for word, field in HEADER_WORDS.items():
            if low.startswith(word) and field not in mapping:
                mapping[field] = i
                break
    return mapping if "indicator" in mapping and "target" in mapping else None


def _fy_end(text: str | None) -> tuple[str | None, dt.date | None]:
    """'Target 2024/25' -> ('2024/25', 31 Mar 2025); 'Baseline (Mar 2022)' -> ('Mar 2022', 31 Mar 2022)."""
    if not text:
        return None, None
    fy = re.search(r"(\d{4})/(\d{2})", text)
    if fy:
        return fy.group(0), dt.date(int(fy.group(1)) + 1, 3, 31)
    month = re.search(r"([A-Za-z]{3})[a-z]* (\d{4})", text)
    if month:
        try:
            first = dt.datetime.strptime(f"1 {month.group(1)} {month.group(2)}", "%d %b %Y").date()
        except ValueError:
            return None, None
        nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return f"{month.group(1)} {month.group(2)}", nxt - dt.timedelta(days=1)
    return None, None


def import_targets_workbook(ws: Workspace, partnership_code: str, filename: str, content: bytes,
                            **_options) -> LoadReport:
    """Read an indicators sheet (Indicator | Baseline | Target | Latest | Frequency) into the
    partnership's baselines and targets.

    Indicator names are matched to the catalogue by name or short name (see
    :func:`match_indicator`); names that match nothing become user-defined
    catalogue entries, with a warning. A baseline column titled with a period
    ("Baseline (Mar 2022)") sets the baseline period; a target column titled
    with a financial year ("Target 2024/25") sets the target date (31 March of
    its second year). "Monitor" targets are stored with kind ``monitor``.
    Existing rows for the same indicators are replaced; others are kept.
    """
    import openpyxl  # local: only needed for this import

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=True, read_only=True)
    except Exception as exc:
        raise LoadError(f"{filename} could not be opened as an Excel workbook.") from exc
    found = None
    for sheet in book.worksheets:
        for index, row in enumerate(sheet.iter_rows(values_only=True, max_row=30)):
            mapping = _header_map(row)
            if mapping:
                found = (sheet, index, row, mapping)
                break
        if found:
            break
    if not found:
        names = ", ".join(s.title for s in book.worksheets)
        raise LoadError(f"{filename} has no sheet with Indicator and Target columns; sheets found: {names}.")
    sheet, header_index, header, mapping = found
    baseline_period, baseline_end = _fy_end(str(header[mapping["baseline"]])) if "baseline" in mapping else (None, None)
    target_period, target_date = _fy_end(str(header[mapping["target"]]))
    rows = list(sheet.iter_rows(values_only=True, min_row=header_index + 2))

    with ws.begin() as conn:
        entries = [(r.indicator_id, r.name, r.short_name) for r in conn.execute(
            sa.select(catalogue.c.indicator_id, catalogue.c.name, catalogue.c.short_name))]
        warnings: list[str] = []
        new_baselines, new_targets, matched = [], [], {}
        new_entries: list[tuple[str, str]] = []
        for row in rows:
            def cell(field):
                i = mapping.get(field)
                return row[i] if i is not None and i < len(row) else None

            name = cell("indicator")
            if name is None or not str(name).strip():
                continue
            name = str(name).strip()
            value, text, kind = parse_target_cell(cell("target"))
            baseline_value, _, _ = parse_target_cell(cell("baseline"))
            if value is None and text is None and baseline_value is None:
                continue  # a section title row (Halton: "Criminal Justice")
            indicator_id, _score = match_indicator(name, entries)
            if indicator_id is None:
                indicator_id = "local_" + "_".join(_norm(name).split())[:56]
                if indicator_id not in {e[0] for e in entries}:
                    new_entries.append((indicator_id, name))
                    entries.append((indicator_id, name, name))
                    warnings.append(f"'{name}' is not in the catalogue: added as a new indicator; "
                                    f"set its polarity on the Data page.")
            matched[name] = indicator_id
            if baseline_value is not None:
                new_baselines.append(dict(
                    partnership_code=partnership_code, indicator_id=indicator_id, value=baseline_value,
                    period=baseline_period, period_end=baseline_end, source=f"Imported from {filename}",
                    note=None))
            if value is not None or text is not None:
                frequency = cell("frequency")
                new_targets.append(dict(
                    partnership_code=partnership_code, indicator_id=indicator_id, value=value, target_text=text,
                    target_date=target_date, period=target_period, kind=kind or "local_ambition",
                    source=f"Imported from {filename}",
                    note=f"Reporting frequency: {frequency}" if frequency else None))
        if not matched:
            raise LoadError(f"The indicators sheet '{sheet.title}' in {filename} has no indicator rows under its header.")
        if new_entries:
            cat.ensure_indicators(conn, new_entries, source=f"Indicators sheet in {filename}")
        ids = sorted(set(matched.values()))
        conn.execute(baselines.delete().where(baselines.c.partnership_code == partnership_code,
                                              baselines.c.indicator_id.in_([b["indicator_id"] for b in new_baselines])))
        conn.execute(targets.delete().where(targets.c.partnership_code == partnership_code,
                                            targets.c.indicator_id.in_(ids)))
        if new_baselines:
            conn.execute(baselines.insert(), new_baselines)
        if new_targets:
            conn.execute(targets.insert(), new_targets)
        ws.log_load("targets_sheet", filename, len(new_baselines) + len(new_targets), conn=conn,
                    detail={"partnership_code": partnership_code, "matched": matched})
    if "latest" in mapping:
        warnings.append("The sheet's Latest column was not imported: latest values come from the data loaded "
                        "on the Data page (Fingertips, NDTMS or the local figures template).")
    if target_date is None and new_targets:
        warnings.append("The target column does not say which year the targets are for; set their dates in the table.")
    return LoadReport(
        kind="targets_sheet", label="Indicators sheet (baselines and targets)", filename=filename,
        rows=len(new_baselines) + len(new_targets),
        summary=(f"{len(matched)} indicators from sheet '{sheet.title}': {len(new_baselines)} baselines, "
                 f"{len(new_targets)} targets for {partnership_code}."),
        warnings=warnings, details={"matched": matched},
    )
