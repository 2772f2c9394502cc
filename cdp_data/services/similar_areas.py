"""Similar areas: the nearest upper-tier local authorities on public data, and the preset peer group.

* :func:`build_features` — ``build_features(folder) -> DataFrame``: reads the public files under ``folder``
  (the folder holding ``imd/``, ``population/``, ``lookups/`` and ``geography/``, laid out as
  ``shared/data/public``; the paths are :data:`cdp_data.sources.area_features.FILES`) and returns one row
  per English upper-tier authority (about 153): ``area_code``, ``area_name`` and the figures in
  :data:`cdp_data.geography.similar.FEATURE_COLUMNS`. Writes nothing.
* :func:`store_features` — ``store_features(ws, frame) -> str``: stores that table in the workspace (the
  dataset store, kind ``similar_area_features``) and saves the peer group “15 similar areas (public
  data)” for every partnership in the table, in one transaction; returns a one-line summary.
* :func:`similar_areas` — the ``n`` nearest areas to one, from a folder or from the stored table.

The method is in :mod:`cdp_data.statistics.neighbours` (z-scores, Euclidean distance).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.attributions import LINES
from ..core.errors import CDPError, LoadError
from ..core.kinds import Kind
from ..geography import similar as features_domain
from ..present import similar_areas as words
from ..sources import area_features
from ..statistics.neighbours import nearest
from ..store import Workspace, peer_group_members, stored_datasets
from ..store.indicator_values import read_values
from .access import SHARED, writes

KIND = Kind.SIMILAR_AREA_FEATURES
NAME = "Similar areas: upper-tier authority figures (public data)"
OCU_PREVALENCE_ID = "91117"   # Fingertips: estimated prevalence of opiate and/or crack cocaine use, per 1,000
N_PEERS = 15


class SimilarAreasError(CDPError):
    """The similar areas cannot be worked out (no figures, unknown area, a bad table)."""


@dataclass
class SimilarAreas:
    area: pd.DataFrame          # the area's own row
    neighbours: pd.DataFrame    # rank, area_code, area_name, distance and the figures, nearest first
    columns: list[str]          # the figures the distance used

    def as_dict(self) -> dict:
        def records(frame):
            return [{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in frame.to_dict("records")]
        return {"area": records(self.area)[0], "method": "z-scores, Euclidean distance",
                "features": self.columns, "neighbours": records(self.neighbours)}


def _read(folder: Path, key: str) -> bytes:
    path = folder / area_features.FILES[key]
    if not path.is_file():
        raise LoadError(words.missing_file(area_features.FILES[key], str(folder)))
    return path.read_bytes()


def build_features(folder) -> pd.DataFrame:
    """The feature table (one row per English upper-tier authority) from the public files under ``folder``."""
    folder = Path(folder)
    tables = {key: area_features.read_table(key, _read(folder, key), path)
              for key, path in area_features.FILES.items() if key != "outlines"}
    outlines = area_features.read_outline_areas(_read(folder, "outlines"), area_features.FILES["outlines"])
    lsoa_utla = features_domain.lsoa11_to_upper_tier(tables["lsoa11_lsoa21"], tables["lsoa21_lad"],
                                                     tables["lad_utla"])
    return features_domain.build_feature_table(tables["imd"], tables["population"], lsoa_utla,
                                               features_domain.upper_tier_areas(tables["lad_utla"]), outlines)


def _check_table(frame: pd.DataFrame) -> None:
    missing = [c for c in ["area_code", "area_name", *features_domain.FEATURE_COLUMNS] if c not in frame.columns]
    if missing:
        raise SimilarAreasError(words.bad_table(missing))


def _peer_groups(features: pd.DataFrame, partnerships: list[str]) -> dict[str, list[str]]:
    table, columns = features_domain.distance_inputs(features)
    held = set(table["area_code"])
    return {code: nearest(table, code, columns, N_PEERS)["area_code"].tolist()
            for code in partnerships if code in held}


@writes("similar areas stored", "admin", scope=SHARED)
def store_features(ws: Workspace, frame: pd.DataFrame) -> str:
    """Store the feature table and save the preset peer group for every partnership it holds."""
    _check_table(frame)
    frame = frame[["area_code", "area_name", *features_domain.FEATURE_COLUMNS]].reset_index(drop=True)
    groups = _peer_groups(_with_ocu_prevalence(ws, frame), ws.partnerships()["code"].tolist())
    attribution = "\n".join([LINES["iod2019"], LINES["mysociety"], LINES["ons_boundaries"]])  # a line a source
    with ws.begin() as conn:
        stored_datasets.put(ws, KIND, NAME, frame, conn=conn, vintage="IoD2019, mid-2020",
                            source="Built by cdp_data from public files", attribution=attribution)
        for code, members in groups.items():
            peer_group_members.replace_group(ws, code, words.PEER_GROUP_NAME, members, conn=conn)
    return words.stored_summary(len(frame), len(groups))


def stored_features(ws: Workspace) -> pd.DataFrame | None:
    """The stored feature table, or None."""
    frame = stored_datasets.latest(ws, KIND)
    return frame if isinstance(frame, pd.DataFrame) and not frame.empty else None


def _with_ocu_prevalence(ws: Workspace, features: pd.DataFrame) -> pd.DataFrame:
    """Add each area's latest OCU prevalence (Fingertips 91117) when the workspace holds it."""
    values = read_values(ws, ["area_code", "period_end", "value"], indicator_id=OCU_PREVALENCE_ID)
    values = values[values["value"].notna()] if not values.empty else values
    if values.empty:
        return features
    latest = values.sort_values("period_end", na_position="first").groupby("area_code")["value"].last()
    return features.assign(ocu_prevalence=features["area_code"].map(latest))


def similar_areas(ws: Workspace | None, area_code: str, n: int = N_PEERS, folder=None,
                  features: pd.DataFrame | None = None) -> SimilarAreas:
    """The ``n`` nearest upper-tier authorities to ``area_code``, from ``features`` when given, else built
    from ``folder``, else the table stored in the workspace (OCU prevalence added when the workspace holds
    it for every area)."""
    if features is None and folder is not None:
        features = build_features(folder)
    if features is None and ws is not None:
        features = stored_features(ws)
    if features is None:
        raise SimilarAreasError(words.no_features())
    _check_table(features)
    if ws is not None:
        features = _with_ocu_prevalence(ws, features)
    table, columns = features_domain.distance_inputs(features)
    try:
        neighbours = nearest(table, area_code, columns, n)
    except KeyError:
        raise SimilarAreasError(words.unknown_area(area_code)) from None
    keep = ["rank", "area_code", "area_name", "distance", *[c for c in words.LABELS if c in table.columns]]
    own = table[table["area_code"] == area_code][[c for c in keep if c in table.columns]]
    return SimilarAreas(own.reset_index(drop=True), neighbours[keep], columns)


@writes("peer group saved", partnership="partnership_code")
def save_similar_peer_group(ws: Workspace, partnership_code: str) -> list[str]:
    """Save (or refresh) the preset peer group for one partnership from the stored table."""
    found = similar_areas(ws, partnership_code, N_PEERS)
    codes = found.neighbours["area_code"].tolist()
    peer_group_members.replace_group(ws, partnership_code, words.PEER_GROUP_NAME, codes)
    return codes
