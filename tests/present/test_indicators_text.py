"""What the pages say about indicators: the one formatter, ordinals, the profile table."""

import pandas as pd

from cdp_data.present import format_value, uk_date
from cdp_data.present import indicators as text


def test_formatting_helpers():
    assert format_value(41.07615406, "%") == "41.1%"
    assert format_value(6119, "count") == "6,119"
    assert format_value(12.34, "per 100000") == "12.3 per 100,000"
    assert format_value(None, "%") == "–"
    assert format_value(12.0, "per 100000") == "12 per 100,000"  # the one formatter: whole rates have no decimals
    assert uk_date(pd.Timestamp("2025-03-31")) == "31 Mar 2025"
    assert [text.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd"]


def test_profile_table_names_columns_and_rounds_to_one_place():
    profile = pd.DataFrame({"indicator": ["Unmet need"], "period": ["2019/20"], "value": [40.87],
                            "england_value": [47.04], "compared_to_england": ["Better"], "areas": [150],
                            "worst": [70.95], "q25": [38.26], "q75": [52.51], "best": [20.04], "extra": [1]})
    table = text.profile_table(profile)
    assert table.columns.tolist() == ["Indicator", "Period", "Value", "England", "Compared with England", "Areas",
                                      "Worst / lowest", "25th percentile", "75th percentile", "Best / highest"]
    assert (table["Value"].iloc[0], table["England"].iloc[0], table["75th percentile"].iloc[0]) \
        == (40.9, 47.0, 52.5)
    assert (table["Worst / lowest"].iloc[0], table["Best / highest"].iloc[0]) == (71.0, 20.0)
