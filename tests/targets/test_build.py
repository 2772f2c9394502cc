"""Statuses built from frames, without a workspace (hand-worked figures)."""

import datetime as dt

import pandas as pd

from cdp_data import targets as tg
from cdp_data.targets.build import build_statuses, latest_values

D = dt.date
CATALOGUE = pd.DataFrame([
    {"indicator_id": "yp", "name": "Young people in treatment", "short_name": "Young people", "unit": "count",
     "value_type": "count", "polarity": "high_is_good"},
    {"indicator_id": "deaths", "name": "Deaths", "short_name": None, "unit": "count", "value_type": "count",
     "polarity": "low_is_good"}])
VALUES = pd.DataFrame([
    {"area_code": "A", "indicator_id": "yp", "period": "2023", "period_end": D(2023, 11, 30), "value": 301.0,
     "count": 301.0, "source": "NDTMS"},
    {"area_code": "A", "indicator_id": "yp", "period": "2022", "period_end": D(2022, 3, 31), "value": 196.0,
     "count": 196.0, "source": "NDTMS"},
    {"area_code": "A", "indicator_id": "deaths", "period": "2023", "period_end": D(2023, 12, 31), "value": 3.0,
     "count": 3.0, "source": "ONS"},
    {"area_code": "B", "indicator_id": "yp", "period": "2024", "period_end": D(2024, 3, 31), "value": None,
     "count": None, "source": "NDTMS"}])
BASELINES = pd.DataFrame([{"partnership_code": "A", "indicator_id": "yp", "value": 196.0, "period": "Mar 2022",
                           "period_end": D(2022, 3, 31), "source": None, "note": None}])
TARGETS = pd.DataFrame([
    {"partnership_code": "A", "indicator_id": "yp", "value": 244.0, "target_text": "244", "kind": "local_ambition",
     "target_date": D(2024, 3, 31), "period": "2023/24", "source": None, "note": None},
    {"partnership_code": "A", "indicator_id": "yp", "value": 400.0, "target_text": "400", "kind": "local_ambition",
     "target_date": D(2025, 3, 31), "period": "2024/25", "source": None, "note": None},
    {"partnership_code": "B", "indicator_id": "other", "value": None, "target_text": "Monitor", "kind": "monitor",
     "target_date": None, "period": None, "source": None, "note": None}])


def test_latest_value_per_area_and_indicator_skips_empty_values():
    latest = latest_values(VALUES)
    assert latest[("A", "yp")]["value"] == 301.0
    assert ("B", "yp") not in latest


def test_statuses_from_frames():
    statuses = {(s.partnership_code, s.indicator_id): s for s in build_statuses(CATALOGUE, VALUES, BASELINES,
                                                                                 TARGETS)}
    assert sorted(statuses) == [("A", "deaths"), ("A", "yp"), ("B", "other"), ("B", "yp")]
    yp = statuses[("A", "yp")]
    # the 2023/24 target applies (the first dated on or after Nov 2023): 301 >= 244
    assert (yp.indicator, yp.baseline, yp.latest, yp.target, yp.target_period) == ("Young people", 196, 301, 244,
                                                                                  "2023/24")
    assert (yp.status, yp.reason, yp.change, yp.distance_to_target) == (tg.ACHIEVED, "reached", 105, -57)
    assert round(yp.change_percent, 2) == 53.57 and yp.trend == "Rising" and yp.change_text is None
    deaths = statuses[("A", "deaths")]  # a count of 3 is withheld
    assert deaths.latest is None and deaths.latest_suppressed and deaths.reason == "small_count"
    assert (deaths.indicator, deaths.status) == ("Deaths", tg.NO_TARGET)
    other = statuses[("B", "other")]  # not in the catalogue: its id names it
    assert (other.indicator, other.polarity, other.status) == ("other", "not_compared", tg.MONITOR)
