"""The Overview page's one door: headline tiles, the dumbbell chart's data, the sources.

Everything here is plain data (dicts and DataFrames); the page draws it and
:mod:`cdp_data.services.report` prints it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..store import indicator_catalogue as cat
from ..present import targets as words
from ..store import Workspace
from ..store import targets_repo as repo
from ..store.indicator_values import read_values
from .ownership import readable
from ..targets import NOT_ENOUGH_DATA, TargetStatus
from ..targets.headlines import default_dumbbell_indicator, status_counts, tile_indicators, with_points  # noqa: F401
from . import disclosure
from .access import require_readable
from .targets import target_statuses

DUMBBELL_COLUMNS = ["partnership_code", "partnership", "baseline", "baseline_period", "latest", "latest_period",
                    "target", "target_period", "change", "status"]


def _names(ws: Workspace) -> dict[str, str]:
    catalogue = cat.read_catalogue(ws, ["indicator_id", "name", "short_name"])
    return dict(zip(catalogue["indicator_id"], catalogue["short_name"].fillna(catalogue["name"])))


def _sparkline(series: pd.DataFrame, value_type: str | None) -> list[dict]:
    """The tile's trend points, small counts left out."""
    if series is None or series.empty:
        return []
    rows = zip(series["period"], series["period_end"], series["value"], series["count"])
    return [{"period": period, "period_end": end.isoformat() if end else None, "value": value}
            for period, end, value, count in rows if pd.notna(value)
            and not disclosure.withholds(float(value), value_type, None if pd.isna(count) else float(count))]


def _empty_tile(status: TargetStatus | None, spark: list[dict]) -> dict:
    """The figures of a tile with no latest value to show (none yet, or a withheld small count)."""
    suppressed = bool(status and status.latest_suppressed)
    return {
        "has_data": False, "latest": None, "latest_text": words.SUPPRESSED_TEXT if suppressed else words.NO_DATA_TEXT,
        "latest_period": status.latest_period if suppressed else None,
        "baseline_text": None, "change_text": None,
        "status": status.status if status else NOT_ENOUGH_DATA,
        "status_reason": status.reason if status else words.NO_DATA_REASON,
        "sparkline": spark if suppressed else [], "source": None,
        "help": words.SUPPRESSED_HELP if suppressed else words.NO_DATA_HELP, "trend": None,
        "value_type": status.value_type if status else None, "polarity": status.polarity if status else None,
    }


def _age(status: TargetStatus | None) -> dict:
    """How old the tile's data is: "data to Nov 2023", its age in months and the out-of-date flag."""
    if status is None or status.latest_end is None:
        return {"data_to_text": None, "data_age_months": None, "stale": False, "stale_text": None, "stale_flag": None}
    return {"data_to_text": words.data_to_text(status.latest_end), "data_age_months": status.data_age_months,
            "stale": status.data_stale, "stale_text": words.stale_text(status),
            "stale_flag": words.stale_flag(status)}


def _data_tile(status: TargetStatus, spark: list[dict]) -> dict:
    return {
        "has_data": True, "latest": status.latest, "latest_text": words.latest_text(status),
        "latest_period": status.latest_period, "baseline_text": words.baseline_text(status),
        "change_text": status.change_text, "status": status.status, "status_reason": status.reason,
        "sparkline": spark, "source": status.latest_source, "help": words.tile_help(status), "trend": status.trend,
        "value_type": status.value_type, "polarity": status.polarity,
    }


def tile(status: TargetStatus | None, indicator_id: str, title: str, series: pd.DataFrame) -> dict:
    """One headline tile: figures and their words, the status with its colour, symbol and label."""
    spark = _sparkline(series, status.value_type if status else None)
    has_figure = status is not None and status.latest is not None
    figures = _data_tile(status, spark) if has_figure else _empty_tile(status, spark)
    style = words.STATUS_STYLE[figures["status"]]
    return {"indicator_id": indicator_id, "title": title, **figures, **_age(status),
            "target_text": words.target_text(status),
            "colour": style["colour"], "symbol": style["symbol"], "text_colour": style["text_colour"],
            "status_label": words.status_label(figures["status"], figures["trend"])}


def overview_tiles(ws: Workspace, partnership: str | None, as_of: dt.date | None = None,
                   statuses: list[TargetStatus] | None = None) -> list[dict]:
    """Headline tiles for one partnership, statuses as of ``as_of`` (today when not given): the six headline
    indicators, then any other indicator with a target. Tiles without data say so (``has_data`` False, "No data
    yet"), never zero; each says how old its data is (``data_to_text``) and flags it (``stale``, ``stale_text``).
    ``statuses``: :func:`target_statuses` of every partnership (or of this one) as of the same day, when the
    caller has them already (the Overview's comparison and the meeting's agenda read them too): the
    partnership's own are taken from them."""
    if not partnership:
        return []
    if statuses is None:
        statuses = target_statuses(ws, partnership, as_of)
    else:
        require_readable(ws, partnership)
        statuses = [s for s in statuses if s.partnership_code == partnership]
    statuses = {s.indicator_id: s for s in statuses}
    values = repo.headline_values(ws, partnership, readable(ws))
    if not values.empty:  # the columns a sparkline reads, so that each tile's rows are taken from fewer
        values = values[["indicator_id", "period", "period_end", "value", "count"]]

    def series(indicator_id: str) -> pd.DataFrame:
        if values.empty:
            return values
        return values[values["indicator_id"] == indicator_id].sort_values("period_end")

    return [tile(statuses.get(i), i, title, series(i)) for title, i in tile_indicators(statuses, _names(ws))]


def tile_status_counts(tiles: list[dict]) -> dict[str, int]:
    """How many tiles have each status."""
    return status_counts([t["status"] for t in tiles])


def dumbbell_indicators(ws: Workspace, statuses: list[TargetStatus] | None = None) -> list[tuple[str, str]]:
    """Indicators with a baseline, a target or a value for some partnership: (id, display name), by name.
    ``statuses``: :func:`target_statuses` of every partnership as of today, when the caller has them already."""
    partner_codes = ws.partnerships()["code"].tolist()
    ids = set(read_values(ws, ["indicator_id"], area_code=partner_codes, owners=readable(ws))["indicator_id"])
    statuses = target_statuses(ws) if statuses is None else statuses
    ids |= {s.indicator_id for s in statuses if s.baseline is not None or s.target is not None}
    names = _names(ws)
    return sorted(((i, names.get(i, i)) for i in ids), key=lambda x: x[1].lower())


def _dumbbell_row(code: str, name: str, s: TargetStatus | None) -> dict:
    if s is None:
        return {**dict.fromkeys(DUMBBELL_COLUMNS), "partnership_code": code, "partnership": name,
                "status": NOT_ENOUGH_DATA}
    return {"partnership_code": code, "partnership": name, "baseline": s.baseline,
            "baseline_period": s.baseline_period, "latest": s.latest, "latest_period": s.latest_period,
            "target": s.target,
            "target_period": s.target_period or (s.target_date.isoformat() if s.target_date else None),
            "change": s.change_text, "status": s.status}


def dumbbell_data(ws: Workspace, indicator_id: str, as_of: dt.date | None = None,
                  statuses: list[TargetStatus] | None = None) -> pd.DataFrame:
    """One row per partnership: baseline, latest, target (each with its period), change and status,
    for the dumbbell chart and its table. Partnerships without data are kept with empty values.
    ``statuses``: :func:`target_statuses` of every partnership as of ``as_of``, when the caller has them already."""
    statuses = target_statuses(ws, as_of=as_of) if statuses is None else statuses
    by_code = {s.partnership_code: s for s in statuses if s.indicator_id == indicator_id}
    rows = [_dumbbell_row(p.code, p.name, by_code.get(p.code)) for p in ws.partnerships().itertuples()]
    return pd.DataFrame(rows, columns=DUMBBELL_COLUMNS)


def overview_sources(tiles: list[dict]) -> list[str]:
    """The distinct sources behind the tiles, in tile order."""
    return list(dict.fromkeys(t["source"] for t in tiles if t.get("source")))


def uses_synthetic_data(ws: Workspace, partnership: str | None) -> bool:
    """Whether any figure stored for the partnership is synthetic (the demo's)."""
    if not partnership:
        return False
    return bool(read_values(ws, ["is_synthetic"], area_code=partnership, owners=readable(ws))["is_synthetic"].any())
