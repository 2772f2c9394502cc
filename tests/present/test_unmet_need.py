"""Unmet need in words (cdp_data.present.unmet_need): the comparison with England and "what would it take"."""

import pandas as pd

from cdp_data import unmet_need as domain
from cdp_data.present import unmet_need as words


def test_comparison_in_words():
    worse = {"area_code": "E06000009", "period": "2020/21", "unmet_need_share": 0.70, "unmet_need_lower": 0.60,
             "unmet_need_upper": 0.80, "england_share": 0.52, "compared_with_england": "Worse"}
    assert words.comparison_sentence(worse) == ("70.0% (60.0% to 80.0%) is higher than England's (worse) 52.0%: "
                                             "Worse than England (95%).")
    similar = {**worse, "unmet_need_lower": 0.45, "compared_with_england": "Similar"}
    assert words.comparison_sentence(similar).endswith("Similar to England (95%).")
    assert words.comparison_sentence({**worse, "england_share": None}) == \
        "70.0%; no England value for 2020/21 to compare with."


def test_plan_display_says_it_in_words():
    rows = pd.DataFrame([{"substance": "ocu", "substance_label": "Opiate and/or crack (OCU)", "period": "2023",
                          "prevalence": 3090, "prevalence_lower": None, "prevalence_upper": None,
                          "in_treatment": 1827, "england_share": None}])
    table, sentences = words.plan_display(domain.what_would_it_take_table(rows, 0.30, 40))
    assert table.iloc[0]["In treatment needed"] == "2,163" and table.iloc[0]["Additional workers"] == "9"
    assert sentences == ["**Opiate and/or crack (OCU)**: to bring unmet need to 30.0% needs **336** more people "
                         "in treatment (2,163 in all), about **9** more workers at 40 per worker."]

