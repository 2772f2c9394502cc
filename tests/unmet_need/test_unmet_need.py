"""Unmet need's arithmetic (cdp_data.unmet_need): the comparison with England, what it would take, and
what the page picks out of the tables; hand-worked reference values in each test."""

import pandas as pd
import pytest

from cdp_data import unmet_need as domain
from cdp_data.present import unmet_need as words


def test_compare_with_england_follows_the_fingertips_rule():
    # Hartlepool 2019/20: 48.77% (40.39 to 59.05) vs England 52.15% -> Similar (published)
    assert domain.compare_with_england(0.4877, 0.4039, 0.5905, 0.5215) == "Similar"
    # Middlesbrough 2019/20: 41.08% (34.12 to 46.91) vs 52.15% -> Better (published)
    assert domain.compare_with_england(0.4108, 0.3412, 0.4691, 0.5215) == "Better"
    assert domain.compare_with_england(0.70, 0.60, 0.80, 0.5215) == "Worse"
    assert domain.compare_with_england(0.83, None, None, 0.80) == "Not compared"


def test_what_would_it_take_hand_worked_for_wirral():
    # P = 3,090, T = 1,827; to 30%: T* = 3090 x 0.7 = 2,163 -> 336 more people; 336/40 = 8.4 -> 9 workers
    result = domain.what_would_it_take(3090, 1827, 0.30, 40)
    assert result["in_treatment_needed"] == 2163
    assert result["additional_people"] == 336
    assert result["additional_workers"] == 9
    assert result["workforce_for_target"] == 55          # 2163 / 40 = 54.1 -> 55
    # Lancashire's reported caseload of 70: 336 / 70 = 4.8 -> 5
    assert domain.what_would_it_take(3090, 1827, 0.30, 70)["additional_workers"] == 5


def test_what_would_it_take_with_a_range_and_when_already_below_target():
    result = domain.what_would_it_take(1000, 600, 0.30, 40, prevalence_lower=800, prevalence_upper=1300)
    assert (result["additional_people_low"], result["additional_people"], result["additional_people_high"]) \
        == (0, 100, 310)                                  # 560-600 -> 0; 700-600; 910-600
    assert domain.what_would_it_take(1000, 900, 0.30)["additional_people"] == 0
    with pytest.raises(ValueError, match="between 0% and 100%"):
        domain.what_would_it_take(1000, 600, 1.2)


def test_rows_with_figure_and_has_synthetic():
    rows = pd.DataFrame({"substance": ["opiates_crack", "alcohol", "cannabis"], "unmet_need_share": [0.409, 0.8, None],
                         "is_synthetic": [False, None, True]})
    assert domain.rows_with_figure(rows)["substance"].tolist() == ["opiates_crack", "alcohol"]
    assert domain.has_synthetic(rows) and not domain.has_synthetic(rows.iloc[:2])


def test_one_period_each_needs_two_periods_in_some_group_for_a_trend():
    one = pd.DataFrame({"substance": ["a", "b"], "period": ["2019/20", "2019/20"]})
    assert domain.one_period_each(one)
    two = pd.DataFrame({"substance": ["a", "a", "b"], "period": ["2018/19", "2019/20", "2019/20"]})
    assert not domain.one_period_each(two)


def test_has_england_figure():
    assert domain.has_england_figure(pd.DataFrame({"england_share": [None, 0.47]}))
    assert not domain.has_england_figure(pd.DataFrame({"england_share": [None]}))
    assert not domain.has_england_figure(pd.DataFrame({"unmet_need_share": [0.4]}))


def test_target_share_and_substance_labels():
    assert domain.target_share("england", None) == "england"
    assert domain.target_share("level", 30) == 0.3
    labels = words.substance_labels()
    assert set(domain.WITH_ESTIMATE) <= set(labels)
    assert labels["ocu"] == "Opiate and/or crack (OCU)" and labels["alcohol"] == "Alcohol (dependent drinkers)"

