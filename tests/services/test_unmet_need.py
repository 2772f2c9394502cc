"""Unmet need by substance group, read from the workspace (cdp_data.services.unmet_need).

Reference values are independent of the code: the seed documents (Wirral:
3,090 estimated OCU, 1,263 not in treatment), the labels Fingertips published
in the real 93517 export, and hand-worked arithmetic in each test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cdp_data.services import unmet_need as un
from cdp_data.store import indicator_values as indicator_data

EXPORT_93517 = "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv"


def insert(ws, *rows: dict) -> None:
    """Put indicator rows straight into the store (as any loader would)."""
    base = dict(sex="Persons", age="", category_type="", category="", source="test figures", is_synthetic=False,
                value=None, lower_ci95=None, upper_ci95=None, count=None, denominator=None)
    with ws.begin() as conn:
        indicator_data.write_values(conn, indicator_data.to_table(pd.DataFrame([{**base, **r} for r in rows])))
    names = {r["area_code"]: r.get("area_name") or r["area_code"] for r in rows}
    ws.upsert_areas([{"code": code, "name": name} for code, name in names.items()])


def treated(area, period, category, value):
    return dict(indicator_id="ndtms_in_treatment", area_code=area, area_name=area, period=period,
                category_type="Substance group", category=category, value=value)


def estimate(indicator, area, period, value, lower=None, upper=None):
    return dict(indicator_id=indicator, area_code=area, area_name=area, period=period, value=value,
                lower_ci95=lower, upper_ci95=upper)


def row_for(table, substance, period=None):
    rows = table[(table["substance"] == substance) & ((table["period"] == period) if period else True)]
    assert len(rows) == 1, rows
    return rows.iloc[0]



def test_demo_wirral_ocu_unmet_need_matches_the_seed_figures(workspace):
    table = un.partnership_unmet_need(workspace, "E08000015")
    ocu = row_for(table, "ocu")
    # Wirral Drugs Strategy 2023-27: 1,263 of an estimated 3,090 OCU not in treatment = 40.9%
    assert round(ocu["unmet_need_share"], 3) == 0.409
    assert ocu["prevalence"] == 3090
    assert ocu["not_in_treatment"] == 1263
    assert ocu["in_treatment"] == 3090 - 1263


def test_demo_lancashire_alcohol_is_shown_against_england(workspace):
    table = un.partnership_unmet_need(workspace, "E10000017")
    alcohol = row_for(table, "alcohol_at_risk")
    assert alcohol["unmet_need_share"] == pytest.approx(0.83)   # Lancashire report: about 83%
    assert alcohol["england_share"] == pytest.approx(0.80)      # England: about 80%
    # No interval was published, so Fingertips' test cannot be applied
    assert alcohol["compared_with_england"] == "Not compared"
    assert "83.0%" in alcohol["comparison_text"] and "80.0%" in alcohol["comparison_text"]


def test_non_opiate_groups_say_no_estimate_never_zero(workspace):
    table = un.partnership_unmet_need(workspace, "E08000015")
    for key in ("non_opiate_only", "non_opiate_and_alcohol"):
        row = row_for(table, key)
        assert row["method"] == "no estimate"
        assert pd.isna(row["unmet_need_share"])
        assert "No prevalence estimate exists" in row["note"]


def test_unknown_area_is_a_plain_error(workspace):
    with pytest.raises(un.UnknownArea, match="E08999999 is not in the workspace"):
        un.area_unmet_need(workspace, "E08999999")


def test_prevalence_interval_is_carried_through_to_the_range(empty_workspace):
    # P = 1,000 (800 to 1,300), T = 600: share 400/1000; (800-600)/800 = 0.25; (1300-600)/1300 = 0.53846
    insert(empty_workspace, estimate("opiate_prevalence_estimate", "E06000001", "2019/20", 1000, 800, 1300),
           treated("E06000001", "2019/20", "Opiate", 600))
    row = row_for(un.area_unmet_need(empty_workspace, "E06000001"), "opiate", "2019/20")
    assert row["unmet_need_share"] == pytest.approx(0.4)
    assert row["unmet_need_lower"] == pytest.approx(0.25)
    assert row["unmet_need_upper"] == pytest.approx(700 / 1300)
    assert row["method"] == "computed" and bool(row["periods_match"])
    assert row["not_in_treatment"] == 400


def test_alcohol_in_treatment_sums_alcohol_only_and_non_opiate_and_alcohol(empty_workspace):
    # 14,048 dependent drinkers (Lancashire 2017/18); 2,000 + 500 in alcohol treatment -> 1 - 2500/14048
    insert(empty_workspace, estimate("alcohol_dependency_prevalence", "E10000017", "2017/18", 14048, 11502, 17688),
           treated("E10000017", "2017/18", "Alcohol only", 2000),
           treated("E10000017", "2017/18", "Non-opiate and alcohol", 500))
    row = row_for(un.area_unmet_need(empty_workspace, "E10000017"), "alcohol", "2017/18")
    assert row["in_treatment"] == 2500
    assert row["unmet_need_share"] == pytest.approx(11548 / 14048)
    assert row["unmet_need_lower"] == pytest.approx(9002 / 11502)


def test_more_in_treatment_than_estimated_is_clipped_at_zero_with_a_note(empty_workspace):
    insert(empty_workspace, estimate("opiate_prevalence_estimate", "E06000002", "2020/21", 1000, 900, 1200),
           treated("E06000002", "2020/21", "Opiate", 1100))
    row = row_for(un.area_unmet_need(empty_workspace, "E06000002"), "opiate", "2020/21")
    assert row["unmet_need_share"] == 0
    assert row["unmet_need_unclipped"] == pytest.approx(-0.1)
    assert row["unmet_need_lower"] == 0               # (900-1100)/900 < 0, clipped
    assert row["unmet_need_upper"] == pytest.approx(100 / 1200)
    assert "More people in treatment than estimated" in row["note"]


def test_missing_estimate_gives_no_figure(empty_workspace):
    insert(empty_workspace, treated("E06000003", "2020/21", "Opiate", 700))
    row = row_for(un.area_unmet_need(empty_workspace, "E06000003"), "opiate", "2020/21")
    assert pd.isna(row["unmet_need_share"])
    assert row["in_treatment"] == 700
    assert "No prevalence estimate loaded" in row["note"]


def test_suppressed_treatment_count_is_not_shown_or_subtracted(empty_workspace):
    insert(empty_workspace, estimate("opiate_prevalence_estimate", "E06000004", "2020/21", 40, 30, 55),
           treated("E06000004", "2020/21", "Opiate", 3))
    row = row_for(un.area_unmet_need(empty_workspace, "E06000004"), "opiate", "2020/21")
    assert pd.isna(row["in_treatment"])
    assert pd.isna(row["unmet_need_share"]) and pd.isna(row["not_in_treatment"])
    assert "suppressed" in row["note"]
    rows = un.unmet_need_cli_rows(empty_workspace, "E06000004")
    assert 3 not in [r["in_treatment"] for r in rows] and 37 not in [r.get("not_in_treatment") for r in rows]


def test_suppressed_published_count_reveals_nothing_by_subtraction(empty_workspace):
    insert(empty_workspace, dict(indicator_id="93517", area_code="E06000005", area_name="Darlington",
                                 period="2020/21", value=0.5, count=3, denominator=600))
    row = row_for(un.area_unmet_need(empty_workspace, "E06000005"), "ocu", "2020/21")
    assert pd.isna(row["in_treatment"]) and pd.isna(row["not_in_treatment"])
    assert pd.isna(row["prevalence"])        # 0.5% x 600 would give the suppressed 3 back
    assert "suppressed" in row["note"]


def test_mismatched_years_are_paired_with_the_nearest_estimate_and_flagged(empty_workspace):
    insert(empty_workspace, estimate("opiate_prevalence_estimate", "E06000006", "2016/17", 1000, 800, 1300),
           treated("E06000006", "2019/20", "Opiate", 500))
    row = row_for(un.area_unmet_need(empty_workspace, "E06000006"), "opiate", "2019/20")
    assert not bool(row["periods_match"])
    assert row["estimate_period"] == "2016/17" and row["treatment_period"] == "2019/20"
    assert "Periods differ" in row["note"]
    assert row["unmet_need_share"] == pytest.approx(0.5)


def test_estimate_without_treatment_count_is_listed_without_a_figure(empty_workspace):
    insert(empty_workspace, estimate("alcohol_dependency_prevalence", "E08000014", "2017/18", 3882, 2818, 5679))
    row = row_for(un.area_unmet_need(empty_workspace, "E08000014"), "alcohol", "2017/18")
    assert row["prevalence"] == 3882 and pd.isna(row["unmet_need_share"])
    assert row["method"] == "no treatment count"


def test_estimates_feed_unmet_need_with_their_interval(empty_workspace, shared_data):
    from cdp_data.services.loading import load_file

    path = shared_data / "public/fingertips/phe_estimates_alcohol_dependent_adults_utla_2010_2018.csv"
    load_file(empty_workspace, path.name, path.read_bytes())
    row = dict(indicator_id="ndtms_in_treatment", area_code="E08000015", area_name="Wirral", sex="Persons",
               category_type="Substance group", category="Alcohol only", period="2017/18", value=1000)
    with empty_workspace.begin() as conn:
        indicator_data.write_values(conn, indicator_data.to_table(pd.DataFrame([row])))
    row = un.area_unmet_need(empty_workspace, "E08000015")
    row = row[(row["substance"] == "alcohol") & (row["period"] == "2017/18")].iloc[0]
    # Wirral 2017/18: 5,033 (3,318 to 7,850); 1,000 in treatment
    assert row["unmet_need_share"] == pytest.approx(4033 / 5033)
    assert (row["unmet_need_lower"], row["unmet_need_upper"]) == pytest.approx((2318 / 3318, 6850 / 7850))


def test_figures_entered_in_the_app_template(workspace):
    from cdp_data.services.loading import load_file
    from cdp_data.sources.template import TEMPLATE_COLUMNS

    rows = [
        ["93517", "OCU not in treatment", "E08000014", "Sefton", "2022/23", "", "", "", 600, 1500, "", "", "%",
         "Local needs assessment", ""],
        ["opiate_prevalence_estimate", "Opiate users", "E08000014", "Sefton", "2022/23", "", "", 1200, "", "",
         1000, 1500, "count", "Local needs assessment", ""],
        ["opiate_in_treatment", "Opiate users in treatment", "E08000014", "Sefton", "2022/23", "", "", "", 700, "",
         "", "", "count", "Treatment provider", ""],
    ]
    content = pd.DataFrame(rows, columns=TEMPLATE_COLUMNS).to_csv(index=False).encode()
    load_file(workspace, "local.csv", content)
    table = un.area_unmet_need(workspace, "E08000014")
    ocu = row_for(table, "ocu", "2022/23")
    assert ocu["unmet_need_share"] == pytest.approx(0.4)            # 600 / 1500
    # The template fills in a Wilson interval of 600/1500; unmet need's range comes from prevalence, so it is dropped
    assert pd.isna(ocu["unmet_need_lower"]) and "Wilson" in ocu["note"]
    opiate = row_for(table, "opiate", "2022/23")
    # (1200 - 700) / 1200; (1000 - 700) / 1000; (1500 - 700) / 1500
    assert opiate["unmet_need_share"] == pytest.approx(500 / 1200)
    assert (opiate["unmet_need_lower"], opiate["unmet_need_upper"]) == pytest.approx((0.3, 800 / 1500))


def test_ndtms_counts_are_preferred_to_a_local_opiate_count_not_added_to_it(empty_workspace):
    insert(empty_workspace, estimate("opiate_prevalence_estimate", "E06000008", "2020/21", 1000, 800, 1300),
           treated("E06000008", "2020/21", "Opiate", 600),
           dict(indicator_id="opiate_in_treatment", area_code="E06000008", area_name="E06000008", period="2020/21",
                value=650))
    row = row_for(un.area_unmet_need(empty_workspace, "E06000008"), "opiate", "2020/21")
    assert row["in_treatment"] == 600


def test_real_93517_export_loads_and_comparisons_agree_with_published_labels(empty_workspace, shared_data):
    from cdp_data.services.loading import load_file

    path = shared_data / EXPORT_93517
    report = load_file(empty_workspace, path.name, path.read_bytes())
    assert report.rows == 13
    table = un.all_areas_unmet_need(empty_workspace)
    areas = table[table["area_code"] != un.ENGLAND]
    assert len(areas) == 11
    assert (areas["compared_with_england"] == areas["published_compared_england"]).all(), \
        areas[["area_name", "period", "compared_with_england", "published_compared_england"]]
    assert set(areas["compared_with_england"]) == {"Better", "Similar", "Not compared"}
    # Values and intervals as published (Middlesbrough 2019/20: 41.08%, 34.12% to 46.91%, Better)
    mid = areas[(areas["area_code"] == "E06000002") & (areas["period"] == "2019/20")].iloc[0]
    assert mid["unmet_need_share"] == pytest.approx(0.4107615406)
    assert (mid["unmet_need_lower"], mid["unmet_need_upper"]) == pytest.approx((0.3412228797, 0.4691390727))
    assert mid["england_share"] == pytest.approx(0.5214774596)
    assert "Better than England (95%)" in mid["comparison_text"]


def test_what_would_it_take_to_reach_england(empty_workspace):
    insert(empty_workspace, estimate("opiate_prevalence_estimate", "E06000007", "2020/21", 2000, 1600, 2500),
           treated("E06000007", "2020/21", "Opiate", 800),
           estimate("opiate_prevalence_estimate", "E92000001", "2020/21", 100000, 95000, 105000),
           treated("E92000001", "2020/21", "Opiate", 50000))
    rows = un.partnership_unmet_need(empty_workspace, "E06000007")
    plan = un.what_would_it_take_table(rows, "england", 40)
    opiate = plan[plan["substance"] == "opiate"].iloc[0]
    # England 50%: 2000 x 0.5 = 1000 needed, 200 more, 5 workers at 40
    assert opiate["additional_people"] == 200 and opiate["additional_workers"] == 5
    assert plan[plan["substance"] == "non_opiate_only"].iloc[0]["note"].startswith("Needs a prevalence")


def test_across_areas_for_one_substance(empty_workspace, shared_data):
    from cdp_data.services.loading import load_file

    path = shared_data / EXPORT_93517
    load_file(empty_workspace, path.name, path.read_bytes())
    table = un.unmet_need_across_areas(empty_workspace, "ocu", "2020/21")
    assert set(table["area_name"]) == {"England", "Hartlepool", "Middlesbrough", "Redcar and Cleveland",
                                       "Stockton-on-Tees"}
    assert table["unmet_need_share"].is_monotonic_increasing
    # 2019/20 covers the most areas (England and five others), then 2020/21 (England and four), then 2018/19 (two)
    assert un.substance_periods(empty_workspace, "ocu") == ["2019/20", "2020/21", "2018/19"]


def test_ward_link_needs_harm_counts(empty_workspace):
    assert un.has_ward_treatment_counts(empty_workspace) is False
    naloxone = pd.DataFrame({"geography_code": ["E05000001"], "measure": ["naloxone_supplied"], "count": [12]})
    empty_workspace.put_dataset("harm_counts", "Ward and LSOA harm counts (local)", naloxone)
    assert un.has_ward_treatment_counts(empty_workspace) is False
    people = pd.concat([naloxone, naloxone.assign(measure="people_in_treatment")])
    empty_workspace.put_dataset("harm_counts", "Ward and LSOA harm counts (local)", people)
    assert un.has_ward_treatment_counts(empty_workspace) is True


def test_ward_link_through_the_real_harm_template(empty_workspace):
    from cdp_data.services.loading import load_file
    from cdp_data.services.geography_loading import harm_template_csv as template_csv

    load_file(empty_workspace, "harm.csv", template_csv())   # the template's rows include people in treatment
    assert un.has_ward_treatment_counts(empty_workspace) is True


def test_real_ndtms_england_counts_use_the_all_persons_total(empty_workspace, shared_data):
    from cdp_data.services.loading import load_file

    path = shared_data / "public/ndtms/ndtms_viewit_england_numbers_in_treatment_by_substance_2009_2022.csv"
    load_file(empty_workspace, path.name, path.read_bytes())
    # A hypothetical England opiate estimate for 2021/22 (no real one is in the shared data)
    insert(empty_workspace, estimate("opiate_prevalence_estimate", "E92000001", "2021/22", 300000, 280000, 320000))
    row = row_for(un.area_unmet_need(empty_workspace, "E92000001"), "opiate", "2021/22")
    # SOURCES.md / the ViewIt export: 140,558 adults in treatment for opiates in England in 2021/22
    assert row["in_treatment"] == 140558
    assert row["unmet_need_share"] == pytest.approx((300000 - 140558) / 300000)
    alcohol = row_for(un.area_unmet_need(empty_workspace, "E92000001"), "non_opiate_only", "2021/22")
    assert alcohol["method"] == "no estimate" and pd.isna(alcohol["unmet_need_share"])

