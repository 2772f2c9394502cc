"""The status rule and the choice of target (hand-worked values in each test)."""

import datetime as dt

import pytest

from cdp_data import targets as tg

D = dt.date


BASE_END, LATEST_END = D(2022, 3, 31), D(2023, 3, 31)  # 12 months apart (365 days = 11.99 months)


def status(**kw):
    args = dict(polarity="high_is_good", baseline=100.0, baseline_end=BASE_END, latest=112.0,
                latest_end=LATEST_END, target=130.0, target_date=D(2024, 3, 31))
    args.update(kw)
    return tg.assess(**args)


def test_target_already_met_is_achieved():
    assert status(latest=130.0)[0] == tg.ACHIEVED
    assert status(latest=150.0)[0] == tg.ACHIEVED


def test_on_track_when_observed_pace_meets_required_pace():
    # observed 12 in 12 months = 1.0/month; needs 18 in 12 months = 1.5/month -> ratio 0.67 -> At risk
    s, _, pace = status()
    assert s == tg.AT_RISK
    assert pace["observed_per_month"] == pytest.approx(12 / (365 / 30.4375))
    assert pace["required_per_month"] == pytest.approx(18 / (366 / 30.4375))
    # needs only 10 more in 12 months -> On track
    assert status(target=122.0)[0] == tg.ON_TRACK
    # needs 30 more (2.5/month) against 1/month -> ratio 0.4 -> Off track
    assert status(target=142.0)[0] == tg.OFF_TRACK


def test_wrong_direction_is_off_track():
    assert status(latest=95.0)[0] == tg.OFF_TRACK
    assert status(latest=100.0)[0] == tg.OFF_TRACK  # no movement


def test_low_is_good_counts_falls_as_progress():
    # deaths 50 -> 44 in 12 months, target 40 a year later: observed -0.5/month, needs -0.33/month
    s, _, _ = status(polarity="low_is_good", baseline=50.0, latest=44.0, target=40.0)
    assert s == tg.ON_TRACK
    assert status(polarity="low_is_good", baseline=50.0, latest=55.0, target=40.0)[0] == tg.OFF_TRACK
    assert status(polarity="low_is_good", baseline=50.0, latest=38.0, target=40.0)[0] == tg.ACHIEVED


def test_no_baseline_is_not_enough_data_unless_met_or_date_passed():
    assert status(baseline=None, baseline_end=None)[0] == tg.NOT_ENOUGH_DATA
    assert status(baseline=None, baseline_end=None, latest=140.0)[0] == tg.ACHIEVED
    assert status(baseline=None, baseline_end=None, target_date=D(2023, 3, 31))[0] == tg.OFF_TRACK


def test_baseline_equals_target():
    assert status(baseline=130.0, latest=130.0, target=130.0)[0] == tg.ACHIEVED
    # slipped below a target it started at: the wrong way
    assert status(baseline=130.0, latest=125.0, target=130.0)[0] == tg.OFF_TRACK
    # no polarity and baseline == target: direction unknown, only exact equality counts
    assert status(polarity="no_judgement", baseline=130.0, latest=125.0, target=130.0)[0] == tg.NOT_ENOUGH_DATA


def test_target_date_passed_and_not_met_is_off_track():
    assert status(target_date=D(2023, 1, 31))[0] == tg.OFF_TRACK


def test_monitor_no_target_and_no_latest():
    assert status(monitor=True)[0] == tg.MONITOR
    assert status(has_target=False)[0] == tg.NO_TARGET
    assert status(latest=None, latest_end=None)[0] == tg.NOT_ENOUGH_DATA


def test_no_polarity_takes_direction_from_baseline_to_target():
    assert status(polarity="no_judgement", latest=125.0, target=122.0)[0] == tg.ACHIEVED
    assert status(polarity="no_judgement", baseline=150.0, latest=140.0, target=135.0)[0] == tg.ON_TRACK


def test_pick_target_from_a_trajectory():
    rows = [{"value": 1, "target_date": D(2024, 3, 31)}, {"value": 2, "target_date": D(2025, 3, 31)},
            {"value": 3, "target_date": D(2026, 3, 31)}]
    assert tg.pick_target(rows, D(2024, 11, 30))["value"] == 2
    assert tg.pick_target(rows, D(2027, 1, 1))["value"] == 3
    assert tg.pick_target(rows, None)["value"] == 3


def test_the_reason_is_a_code_of_the_rule():
    assert status(latest=130.0)[1] == "reached"
    assert status(target_date=D(2023, 1, 31))[1] == "date_passed"
    assert status(latest=95.0)[1] == "wrong_way"
    assert status(target=142.0)[1] == "slow"
