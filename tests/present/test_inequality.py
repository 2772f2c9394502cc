"""The inequality section's words: the headline sentence, the SII sentence and the table by fifth."""

import pandas as pd

from cdp_data.geography import ward_inequality
from cdp_data.present import inequality as words


def _result(counts, populations=None):
    n = len(counts)
    frame = pd.DataFrame({"ward_code": [f"E05{i:06d}" for i in range(n)], "imd_score": [100.0 - i for i in range(n)],
                          "count": counts, "population": populations or [10_000] * n})
    return ward_inequality(frame, repetitions=2_000)


def test_headline_sentence_hand_worked():
    # RR = 62 / 20 = 3.1; SE = sqrt(1/62 + 1/20) = 0.257156; x 1.959964 = 0.504016;
    # 3.1 exp(-0.504016) = 1.873, 3.1 exp(0.504016) = 5.132
    result = _result([62, 40, 30, 25, 20])
    assert words.rate_ratio_sentence(result, "Drug offences recorded by police") == (
        "Drug offences recorded by police in the most deprived fifth of wards were 3.1 times the rate in the least "
        "deprived fifth (95% CI 1.9 to 5.1).")
    assert words.sii_sentence(result).startswith("Slope index of inequality: -4.")
    assert "falls by 4." in words.sii_sentence(result)


def test_range_sentence_and_table_for_a_fifth_holding_a_small_ward():
    result = _result([62, 40, 30, 25, 20, 20, 18, 17, 16, 3])
    sentence = words.rate_ratio_sentence(result, "Drug offences")
    assert sentence.startswith("Drug offences in the most deprived fifth of wards were between ")
    assert "least deprived fifth holds ward counts under 5, which are not shown." in sentence
    table = words.quintile_rows(result).set_index("Deprivation fifth")
    assert table.loc["5 (least deprived)", "Count"] == "not shown (1 ward under 5)"
    # (16 + 1) to (16 + 4) in 20,000 per 1,000
    assert table.loc["5 (least deprived)", "Rate per 1,000"] == "0.85 to 1.00"
    assert table.loc["1 (most deprived)", "Count"] == "102"
    chart = words.chart_rows(result)
    assert chart["rate_text"].iloc[-1] == "0.85 to 1.00"


def test_not_calculable_sentences():
    result = _result([62, 40, 30, 25, 0])
    assert words.rate_ratio_sentence(result, "X") == (
        "The rate ratio of the most to the least deprived fifth cannot be calculated: a fifth has none, and a "
        "ratio or logarithm of zero is not defined.")
    few = _result([10, 10, 10])
    assert "at least 5 wards" in words.sii_sentence(few)


def test_harm_subject_drops_the_source_but_keeps_synthetic():
    assert words.harm_subject("Drug offences recorded by police (data.police.uk)") == "Drug offences recorded by police"
    assert words.harm_subject("Police recorded drug offences (synthetic)") == "Police recorded drug offences (synthetic)"
