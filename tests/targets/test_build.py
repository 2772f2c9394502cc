"""Statuses built from frames, without a workspace (hand-worked figures)."""

import datetime as dt

import pandas as pd

from cdp_data import targets as tg
from cdp_data.targets.build import build_statuses, latest_and_series

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


def small_count(value, value_type, count) -> bool:
    """A hand-made stand-in for the services' gate (cdp_data.services.disclosure.withholds)."""
    return value_type == "count" and ((value is not None and value < 5) or (count is not None and count < 5))


def test_latest_value_per_area_and_indicator_skips_empty_values():
    latest, series = latest_and_series(VALUES)
    assert latest[("A", "yp")]["value"] == 301.0
    assert ("B", "yp") not in latest and ("B", "yp") not in series
    assert [r["value"] for r in series[("A", "yp")]] == [196.0, 301.0]   # by period end, 2022 then 2023


def test_statuses_from_frames():
    statuses = {(s.partnership_code, s.indicator_id): s for s in build_statuses(CATALOGUE, VALUES, BASELINES,
                                                                                 TARGETS, D(2024, 1, 15),
                                                                                 withhold=small_count)}
    assert sorted(statuses) == [("A", "deaths"), ("A", "yp"), ("B", "other"), ("B", "yp")]
    yp = statuses[("A", "yp")]
    # as of 15 Jan 2024 the 2023/24 target applies (the first dated on or after that day): 301 >= 244
    assert (yp.indicator, yp.baseline, yp.latest, yp.target, yp.target_period) == ("Young people", 196, 301, 244,
                                                                                  "2023/24")
    assert (yp.status, yp.reason, yp.change, yp.distance_to_target) == (tg.ACHIEVED, "reached", 105, -57)
    assert round(yp.change_percent, 2) == 53.57 and yp.trend == "Rising" and yp.change_text is None
    deaths = statuses[("A", "deaths")]  # a count of 3 is withheld (the gate's predicate says so)
    assert deaths.latest is None and deaths.latest_suppressed and deaths.reason == "small_count"
    assert (deaths.indicator, deaths.status) == ("Deaths", tg.NO_TARGET)
    other = statuses[("B", "other")]  # not in the catalogue: its id names it
    assert (other.indicator, other.polarity, other.status) == ("other", "not_compared", tg.MONITOR)


def by_key(values, as_of, catalogue=CATALOGUE):
    return {(s.partnership_code, s.indicator_id): s
            for s in build_statuses(catalogue, values, BASELINES, TARGETS, as_of, withhold=small_count)}


def test_as_of_a_later_day_the_later_target_applies_and_old_data_awaits():
    yp = by_key(VALUES, D(2026, 12, 2))[("A", "yp")]
    # both target dates passed: the latest passed one (400 by 2024/25); data to Nov 2023 ends before 31 Mar 2025
    assert (yp.target, yp.status, yp.reason) == (400, tg.AWAITING_DATA, "awaiting_data")
    assert (yp.as_of, yp.data_age_months, yp.stale_after_months, yp.data_stale) == (D(2026, 12, 2), 36, 15, True)
    assert yp.judged_value is None  # no value covers 31 Mar 2025
    # as of 1 Jun 2024 the 2024/25 target (400 by 31 Mar 2025) applies and has not passed: the pace rule.
    # observed 105 in 609 days = 5.25/month; needed 99 in 487 days = 6.19/month; ratio 0.85 -> At risk
    yp = by_key(VALUES, D(2024, 6, 1))[("A", "yp")]
    assert (yp.target, yp.status, yp.reason, yp.data_age_months, yp.data_stale) == (400, tg.AT_RISK, "half_pace",
                                                                                   6, False)


def test_a_passed_target_is_judged_on_the_value_at_its_date():
    later = pd.DataFrame([
        {"area_code": "A", "indicator_id": "yp", "period": "12 months to Mar 2025", "period_end": D(2025, 3, 31),
         "value": 390.0, "count": 390.0, "source": "NDTMS"},
        {"area_code": "A", "indicator_id": "yp", "period": "12 months to Sep 2025", "period_end": D(2025, 9, 30),
         "value": 410.0, "count": 410.0, "source": "NDTMS"}])
    yp = by_key(pd.concat([VALUES, later]), D(2026, 12, 2))[("A", "yp")]
    # 390 at 31 Mar 2025 against 400: Off track, though the latest (Sep 2025) is 410
    assert (yp.latest, yp.judged_value, yp.judged_period, yp.status, yp.reason) == (
        410, 390, "12 months to Mar 2025", tg.OFF_TRACK, "missed")
    assert yp.data_age_months == 14  # 30 Sep 2025 to 2 Dec 2026
    # 400 at the date: Achieved; a value dated after the target date alone is the first period covering it
    later.loc[0, "value"] = 400.0
    assert by_key(pd.concat([VALUES, later]), D(2026, 12, 2))[("A", "yp")].status == tg.ACHIEVED
    only_after = later.iloc[[1]]
    yp = by_key(pd.concat([VALUES, only_after]), D(2026, 12, 2))[("A", "yp")]
    assert (yp.judged_value, yp.status) == (301, tg.OFF_TRACK)  # the last value up to 31 Mar 2025 is Nov 2023's


def test_stale_thresholds_follow_the_catalogue_frequency():
    monthly = CATALOGUE.assign(frequency=["Monthly (rolling 12 months)", "Annual"])
    # data to 30 Nov 2023: 4 months old on 31 Mar 2024 (allowed 1 + 3), 5 months on 1 May 2024
    assert by_key(VALUES, D(2024, 3, 31), monthly)[("A", "yp")].data_stale is False
    five = by_key(VALUES, D(2024, 5, 1), monthly)[("A", "yp")]
    assert (five.data_age_months, five.stale_after_months, five.data_stale) == (5, 4, True)
    # deaths are annual (12 + 3 = 15): data to 31 Dec 2023 is 15 months old on 31 Mar 2025, 16 on 30 Apr 2025
    assert by_key(VALUES, D(2025, 3, 31), monthly)[("A", "deaths")].data_stale is False
    assert by_key(VALUES, D(2025, 4, 30), monthly)[("A", "deaths")].data_stale is True
