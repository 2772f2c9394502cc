"""The ward map in words (cdp_data.present.geography): captions, the area rate's rounding, tables."""

import pandas as pd

from cdp_data.geography.ward_map import WardMap
from cdp_data.present import geography as words


# ---- the page's texts and tables -----------------------------------------
def _wm(**kwargs) -> WardMap:
    wards = pd.DataFrame({"ward_code": ["E05000001", "E05000002", "E05000003"],
                          "ward_name": ["Alpha", "Beta", "Gamma"], "imd_score": [10.0, 40.0, 25.0],
                          "rate": [2.0, 9.0, 5.0], "geometry": [None, None, None]})
    base = {"wards": wards, "is_synthetic": False, "vintage": "IoD2019", "harm_measure": "drug_offences",
            "harm_label": "Drug offences", "harm_period": "Apr 2024 to Mar 2025"}
    return WardMap(**{**base, **kwargs})


def test_area_rate_texts_rounded_as_area_rate_decimals_says():
    area = {"rate": 12.3456, "lower_ci95": 11.6951, "upper_ci95": 13.0249, "population": 128_000, "multiplier": 1_000}
    assert words.area_rate_texts({**area, "decimals": 2}) == ("12.35", "11.70", "13.02")
    # suppressed ward: 1 dp (by hand in tests/services/test_disclosure.py)
    assert words.area_rate_texts({**area, "decimals": 1}) == ("12.3", "11.7", "13.0")
    assert words.area_rate_texts({**area, "decimals": None}) == ("not shown",) * 3


def test_source_text_and_has_harm():
    assert words.has_harm(_wm()) and not words.has_harm(_wm(harm_measure=None))
    assert words.source_text(_wm()) == "IoD2019; ONS ward boundaries; Drug offences, Apr 2024 to Mar 2025"
    assert words.source_text(_wm(harm_measure=None, vintage=None)) == (
        "no deprivation index loaded; ONS ward boundaries; no harm data loaded")
    assert words.source_text(_wm(is_synthetic=True)) == "synthetic demo data"


def test_not_located_text_has_thousands_separators_and_never_a_small_count():
    text = words.not_located_text({"Merseyside": 1234, "Lancashire": 7, "Cheshire": None})
    assert text == ("Not located (no map position, so in no ward): Merseyside: 1,234 offences; Lancashire: 7 "
                    "offences; Cheshire: fewer than 5 offences in the loaded police files (whole force, not only "
                    "this area).")


def test_unmatched_note_never_prints_a_small_count():
    from cdp_data.geography.ward_map import NOTE_UNMATCHED
    assert words.note_texts(_wm(notes=[NOTE_UNMATCHED], unmatched=None)) == [
        "Fewer than 5 offences had an LSOA code in no loaded lookup."]
    assert words.note_texts(_wm(notes=[NOTE_UNMATCHED], unmatched=1234)) == [
        "1,234 offences had an LSOA code in no loaded lookup."]


def test_window_label():
    from cdp_data.geography.windows import window_for_key
    assert words.window_label(window_for_key("2025-Q3")) == "Jul to Sep 2025 (2025 Q3)"
    assert words.window_label(window_for_key("2024-Q4")) == "Oct to Dec 2024 (2024 Q4)"


def test_selected_ward_turns_the_row_on_its_side():
    shown = pd.DataFrame({"Ward": ["Alpha", "Beta"], "Ward code": ["E05000001", "E05000002"], "Count": [12, 30]})
    row = words.selected_ward(shown, "E05000002")
    assert row.to_dict("records") == [{"Figure": "Ward", "Value": "Beta"},
                                      {"Figure": "Ward code", "Value": "E05000002"},
                                      {"Figure": "Count", "Value": "30"}]


def test_correlation_text():
    corr = {"r": 0.5, "lower": 0.156, "upper": 0.736, "n": 28}  # Fisher z by hand, see cdp_data.geography.pearson_with_ci
    assert words.correlation_text(corr, "IoD2019") == (
        "Pearson correlation r = 0.50 (95% CI 0.16 to 0.74, Fisher z) over 28 wards with figures; suppressed "
        "wards left out. Source: IoD2019.")
    assert words.correlation_text({"r": float("nan"), "lower": 0, "upper": 0, "n": 3}, "x") == (
        "Too few wards with figures to estimate a correlation.")


def test_top_wards_table_puts_the_ward_high_on_both_first():
    wm = _wm()
    shown = pd.DataFrame({"Ward": ["Alpha", "Beta", "Gamma"], "Ward code": ["E05000001", "E05000002", "E05000003"]})
    top = words.top_wards_table(wm, shown)
    # Beta is the most deprived (40) and has the highest rate (9): first; Alpha is lowest on both: last
    assert top["Ward"].tolist() == ["Beta", "Gamma", "Alpha"]
    assert top.columns.tolist() == ["Ward code", "Ward"]


def test_attribution_lines_add_ons_boundaries_except_for_synthetic_data():
    from cdp_data.core.attributions import LINES
    assert words.attribution_lines(_wm(attributions=["IoD line"])) == ["IoD line", LINES["ons_boundaries"]]
    assert words.attribution_lines(_wm(is_synthetic=True)) == []


def test_population_text_words_each_source_code():
    """The domain says where ward populations come from as a code; the words, with the table's own label."""
    import pandas as pd

    from cdp_data.geography import harm
    from cdp_data.present.geography import population_text

    census = pd.DataFrame({"lsoa_code": [], "population": []})
    census.attrs["label"] = "Census 2021 usual residents"
    wards = pd.DataFrame({"ward_code": [], "population": []})
    assert population_text(harm.FROM_LSOA["2021"], lsoa_population={"2021": census}) == \
        "Census 2021 usual residents (summed to wards)"
    assert population_text(harm.FROM_LSOA["2011"], lsoa_population={}) == "LSOA population (summed to wards)"
    assert population_text(harm.FROM_WARD_TABLE, ward_population=wards) == "ward population"
    assert population_text(harm.FROM_IOD) == "IoD population denominators"
    assert population_text("") == ""
