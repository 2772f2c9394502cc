"""The words of the "similar areas" section: the method in plain words, the CIPFA note, column labels."""

from __future__ import annotations

import pandas as pd

from . import format_value

PEER_GROUP_NAME = "15 similar areas (public data)"

CIPFA_NOTE = ("CIPFA's Nearest Neighbours list, the usual way councils pick comparators, is licensed and cannot be "
              "shipped with this app. This list is an open alternative computed from public data; if your council "
              "holds a CIPFA licence you can still type its list in as a peer group.")

METHOD = ("Every upper-tier local authority in England (counties, unitary authorities, "
          "metropolitan districts and London boroughs) is described by the same public figures — the IMD 2019 "
          "average score and its Income and Employment domain scores, the population (on a log scale), the "
          "shares aged 0-15 and 65 and over, and the number of people per square kilometre (log scale), plus OCU "
          "prevalence when it is loaded for every area. Each figure is turned into a z-score (how many standard "
          "deviations it sits from the average of all the areas), so each counts equally. The distance between "
          "two areas is the square root of the sum of the squared differences of their z-scores (Euclidean "
          "distance): 0 means identical on every figure, and on these figures nine pairs of areas in ten are "
          "between 1.3 and 6.0 apart (half are more than 3.3 apart). The 15 areas with the smallest distance "
          "are the most similar.")

SOURCES = ("Sources: MHCLG English Indices of Deprivation 2019 (scores re-published by mySociety, CC BY 4.0), ONS "
           "mid-2020 population estimates, ONS lookups and Counties and Unitary Authorities (December 2023) "
           "boundaries, all under the Open Government Licence v3.0.")

LABELS = {"imd_score": "IMD score", "income_score": "Income (%)", "employment_score": "Employment (%)",
          "population": "Population", "share_0_15": "Age 0-15 (%)", "share_16_64": "Age 16-64 (%)",
          "share_65_plus": "Age 65+ (%)", "density": "People per km²", "ocu_prevalence": "OCU per 1,000"}
LABEL_NOTE = ("IMD score: IMD 2019 average score (higher = more deprived). Income, Employment: the IoD2019 domain "
              "scores, % of people (of working age for Employment) in deprivation. Population and ages: ONS mid-2020 "
              "estimates. People per km²: population over land area.")
_UNITS = {"imd_score": None, "income_score": "%", "employment_score": "%", "population": None,
          "share_0_15": "%", "share_16_64": "%", "share_65_plus": "%", "density": None, "ocu_prevalence": None}


def no_features() -> str:
    return ("No similar-areas figures are stored in this workspace: build them from the public data folder with "
            "`python -m cdp_data areas similar --from DIR --area CODE` (or rebuild the demo).")


def unknown_area(code: str) -> str:
    return (f"{code} is not an English upper-tier local authority in the similar-areas table (codes start E06, "
            "E08, E09 or E10).")


def missing_file(path: str, folder: str) -> str:
    return f"The similar-areas figures need {path} in {folder}, and it is not there."


def bad_table(missing: list[str]) -> str:
    return f"This is not a similar-areas table: it lacks the column(s) {', '.join(missing)}."


def stored_summary(areas: int, groups: int) -> str:
    return (f"Similar-areas figures stored for {areas:,} upper-tier authorities; “{PEER_GROUP_NAME}” saved for "
            f"{groups} partnership{'s' if groups != 1 else ''}.")


def headline(area_name: str, n: int) -> str:
    return f"The {n} upper-tier authorities most like {area_name} on public data, nearest first."


def _feature_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in LABELS if c in frame.columns]


def neighbours_table(target: pd.DataFrame, neighbours: pd.DataFrame) -> pd.DataFrame:
    """The area itself then its neighbours: rank, area, distance and each figure, formatted for reading."""
    rows = pd.concat([target.assign(rank=0, distance=0.0), neighbours], ignore_index=True)
    own = rows["rank"] == 0
    out = pd.DataFrame({"Rank": rows["rank"].map(lambda r: "" if r == 0 else str(int(r))),
                        "Area": rows["area_name"].where(~own, rows["area_name"] + " (this area)"),
                        "Code": rows["area_code"], "Distance": rows["distance"].map(lambda d: f"{d:.2f}")})
    for column in _feature_columns(rows):
        out[LABELS[column]] = rows[column].map(lambda v, c=column: _figure(v, c))
    return out


def _figure(value, column: str) -> str:
    if column in ("population", "density") and pd.notna(value):
        value = round(value)  # whole people
    elif column in ("imd_score", "ocu_prevalence") and pd.notna(value):
        return f"{value:.1f}"
    return format_value(value, _UNITS[column])
