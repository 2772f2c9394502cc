"""The status rule and the choice of target (hand-worked values in each test)."""

import datetime as dt

import pytest

from cdp_data import targets as tg

D = dt.date


BASE_END, LATEST_END = D(2022, 3, 31), D(2023, 3, 31)  # 12 months apart (365 days = 11.99 months)
SOON_AFTER = D(2023, 4, 15)  # judged a fortnight after the latest data: the 2024 target date has not passed


def status(**kw):
    args = dict(polarity="high_is_good", baseline=100.0, baseline_end=BASE_END, latest=112.0,
                latest_end=LATEST_END, target=130.0, target_date=D(2024, 3, 31), as_of=SOON_AFTER)
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
    # Jan 2023 target, data to Mar 2023 (covers it), judged Apr 2023: 112 < 130
    assert status(target_date=D(2023, 1, 31))[:2] == (tg.OFF_TRACK, "missed")


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
    assert tg.pick_target(rows, D(2024, 3, 31))["value"] == 1  # on its date it still applies
    assert tg.pick_target(rows, D(2024, 4, 1))["value"] == 2
    assert tg.pick_target([{"value": 9, "target_date": None}], D(2024, 1, 1))["value"] == 9


def test_the_reason_is_a_code_of_the_rule():
    assert status(latest=130.0)[1] == "reached"
    assert status(target_date=D(2023, 1, 31))[1] == "missed"
    assert status(as_of=D(2024, 4, 1))[1] == "awaiting_data"
    assert status(latest=95.0)[1] == "wrong_way"
    assert status(target=142.0)[1] == "slow"


# --- judged as of a day: a passed target date needs data covering it -------------------------------------------

def test_passed_target_date_with_old_data_is_awaiting_data_never_extrapolated():
    # target 130 by 31 Mar 2024, data to 31 Mar 2023, judged 2 Dec 2026: the date passed, the data ends before it
    assert status(as_of=D(2026, 12, 2))[:2] == (tg.AWAITING_DATA, "awaiting_data")
    # even a latest value already beyond the target, or on a pace to reach it, is not Achieved / On track
    assert status(as_of=D(2026, 12, 2), latest=140.0)[0] == tg.AWAITING_DATA
    assert status(as_of=D(2026, 12, 2), target=122.0)[0] == tg.AWAITING_DATA
    # the day after the target date is already "passed"; the target date itself counts as passed too
    assert status(as_of=D(2024, 3, 31))[0] == tg.AWAITING_DATA
    assert status(as_of=D(2024, 3, 30))[0] == tg.AT_RISK


def test_passed_target_date_with_data_covering_it_is_judged_at_the_target_date():
    late = dict(latest_end=D(2024, 6, 30), as_of=D(2026, 12, 2))
    # the value at the target date (31 Mar 2024) is 131 >= 130: Achieved, even though the latest (Jun) fell to 125
    assert status(latest=125.0, at_target=131.0, **late)[:2] == (tg.ACHIEVED, "met_by_date")
    # 129 at the target date: Off track, even though the latest (Jun) reached 135
    assert status(latest=135.0, at_target=129.0, **late)[:2] == (tg.OFF_TRACK, "missed")
    # data ending exactly on the target date covers it; without at_target the latest is that value
    assert status(latest=130.0, latest_end=D(2024, 3, 31), as_of=D(2026, 12, 2))[0] == tg.ACHIEVED
    # lower is better: 38 deaths at the date against at most 40 is met; 41 is not
    low = dict(polarity="low_is_good", baseline=50.0, latest=45.0, target=40.0, **late)
    assert status(at_target=38.0, **low)[0] == tg.ACHIEVED
    assert status(at_target=41.0, **low)[0] == tg.OFF_TRACK


def test_target_date_not_passed_keeps_the_pace_rule():
    # same figures as test_on_track_when_observed_pace_meets_required_pace, judged later but before the date
    for as_of in (SOON_AFTER, D(2024, 1, 15), D(2024, 3, 30)):
        s, code, pace = status(as_of=as_of)
        assert (s, code) == (tg.AT_RISK, "half_pace")
        # months left still run from the latest period end (31 Mar 2023) to the target date: 18 in 366 days
        assert pace["required_per_month"] == pytest.approx(18 / (366 / 30.4375))
    assert status(as_of=D(2024, 1, 15), target=122.0)[0] == tg.ON_TRACK
    assert status(as_of=D(2024, 1, 15), target=142.0)[0] == tg.OFF_TRACK
    # an undated target never "passes"
    assert status(as_of=D(2030, 1, 1), target_date=None)[:2] == (tg.NOT_ENOUGH_DATA, "no_date")


def test_no_target_monitor_and_no_number_come_before_the_date():
    late = D(2030, 1, 1)
    assert status(as_of=late, has_target=False)[0] == tg.NO_TARGET
    assert status(as_of=late, monitor=True)[0] == tg.MONITOR
    assert status(as_of=late, target=None)[0] == tg.NOT_ENOUGH_DATA
    assert status(as_of=late, latest=None, latest_end=None)[0] == tg.NOT_ENOUGH_DATA


def test_pick_target_as_of_the_day_not_the_data():
    rows = [{"value": 1, "target_date": D(2024, 3, 31)}, {"value": 2, "target_date": D(2025, 3, 31)}]
    # data to Nov 2023 would pick the 2024 target; as of Dec 2026 both passed: the latest passed one
    assert tg.pick_target(rows, D(2026, 12, 2))["value"] == 2
    assert tg.pick_target(rows, D(2024, 1, 15))["value"] == 1
