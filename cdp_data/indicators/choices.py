"""What there is to show, and what the Outcomes and Compare pages open on."""

from __future__ import annotations

import pandas as pd

from . import ENGLAND

CHOICE_COLUMNS = ["indicator_id", "label", "outcome", "unit", "polarity", "value_type", "areas", "local_areas",
                  "periods"]


def indicator_choices(held: dict[str, dict[str, set]], labels: pd.DataFrame) -> pd.DataFrame:
    """Indicators with at least one value: id, label, outcome, unit, polarity, value type, areas, local_areas,
    periods, ordered by outcome then label.

    ``held`` maps each indicator to its distinct indicator names, area codes and periods; ``labels`` is the
    catalogue's short name, name, outcome, unit, polarity and value type. ``local_areas`` counts areas other
    than England and the regions.
    """
    if not held:
        return pd.DataFrame(columns=CHOICE_COLUMNS)
    counts = pd.DataFrame([
        {"indicator_id": indicator_id, "indicator_name": max(sets["indicator_name"], default=None),
         "areas": len(sets["area_code"]), "periods": len(sets["period"]),
         "local_areas": sum(1 for a in sets["area_code"] if a != ENGLAND and not a.startswith("E12"))}
        for indicator_id, sets in held.items()])
    out = counts.merge(labels, on="indicator_id", how="left")
    out["label"] = out["short_name"].fillna(out["name"]).fillna(out["indicator_name"]).fillna(out["indicator_id"])
    out["outcome"] = out["outcome"].fillna("Other indicators")
    out["polarity"] = out["polarity"].fillna("not_compared")
    return out.sort_values(["outcome", "label"]).reset_index(drop=True)[CHOICE_COLUMNS]


def default_outcome_indicator(ids: list[str], own: set[str]) -> str:
    """The indicator the Outcomes page opens on: the first the partnership has values for, else the first."""
    return next((i for i in ids if i in own), ids[0])


def comparable_choices(choices: pd.DataFrame) -> pd.DataFrame:
    """The indicators with a value for at least one local area (the ones the Compare page can rank)."""
    return choices[choices["local_areas"] >= 1] if not choices.empty else choices


def default_compare_indicator(comparable: pd.DataFrame, own: set[str]) -> str:
    """The indicator the Compare page opens on: among the partnership's own indicators (if any),
    the one with the most local areas."""
    ranked = comparable.assign(own=comparable["indicator_id"].isin(own)).sort_values(["own", "local_areas"],
                                                                                      ascending=False)
    return ranked["indicator_id"].iloc[0]


def peer_group_candidates(areas_frame: pd.DataFrame) -> dict[str, str]:
    """Areas that can be in a peer group (not England, not a region): code -> name."""
    areas_frame = areas_frame[~areas_frame["code"].isin([ENGLAND]) & ~areas_frame["code"].str.startswith("E12")]
    return dict(zip(areas_frame["code"], areas_frame["name"]))
