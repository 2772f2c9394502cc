"""Unmet need by substance group (cdp_data.unmet_need).

Reference values are independent of the code: the seed documents (Wirral:
3,090 estimated OCU, 1,263 not in treatment), the labels Fingertips published
in the real 93517 export, and hand-worked arithmetic in each test.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cdp_data.store import indicator_values as indicator_data
from cdp_data import unmet_need as domain
from cdp_data.present import unmet_need as words
from cdp_data.services import unmet_need as un

REPO = Path(__file__).resolve().parents[2]
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


# ---- the demo -------------------------------------------------------------
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


# ---- the arithmetic ----------------------------------------------------------
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


# ---- the real Fingertips export ----------------------------------------------
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


def test_comparison_in_words():
    worse = {"area_code": "E06000009", "period": "2020/21", "unmet_need_share": 0.70, "unmet_need_lower": 0.60,
             "unmet_need_upper": 0.80, "england_share": 0.52, "compared_with_england": "Worse"}
    assert words.comparison_sentence(worse) == ("70.0% (60.0% to 80.0%) is higher than England's (worse) 52.0%: "
                                             "Worse than England (95%).")
    similar = {**worse, "unmet_need_lower": 0.45, "compared_with_england": "Similar"}
    assert words.comparison_sentence(similar).endswith("Similar to England (95%).")
    assert words.comparison_sentence({**worse, "england_share": None}) == \
        "70.0%; no England value for 2020/21 to compare with."


def test_compare_with_england_follows_the_fingertips_rule():
    # Hartlepool 2019/20: 48.77% (40.39 to 59.05) vs England 52.15% -> Similar (published)
    assert domain.compare_with_england(0.4877, 0.4039, 0.5905, 0.5215) == "Similar"
    # Middlesbrough 2019/20: 41.08% (34.12 to 46.91) vs 52.15% -> Better (published)
    assert domain.compare_with_england(0.4108, 0.3412, 0.4691, 0.5215) == "Better"
    assert domain.compare_with_england(0.70, 0.60, 0.80, 0.5215) == "Worse"
    assert domain.compare_with_england(0.83, None, None, 0.80) == "Not compared"


# ---- what would it take ---------------------------------------------------------
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


# ---- across areas, ward link, CLI -------------------------------------------------
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
    from cdp_data.sources.harm import template_csv

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


# ---- the page (AppTest) -------------------------------------------------------------
def open_page(partnership: str, **params):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["partnership"] = partnership
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/unmet_need.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def frame_with(at, column):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def test_page_shows_wirral_ocu_and_what_it_would_take(workspace):
    at = open_page("E08000015")
    assert at.session_state["partnership"] == "E08000015"
    table = frame_with(at, "Unmet need")
    ocu = table[table["Group"] == "Opiate and/or crack (OCU)"].iloc[0]
    assert (ocu["Unmet need"], ocu["Estimated number (95% range)"], ocu["In treatment"]) == ("40.9%", "3,090", "1,827")
    assert table[table["Group"] == "Non-opiate only"].iloc[0]["Unmet need"] == "no estimate"
    assert len(at.get("vega_lite_chart")) == 1  # only the open tab is drawn
    assert not at.number_input
    at = open_page("E08000015", unmet_need_tab="What would it take?")
    # No England OCU value in the demo: the calculator starts on a chosen level (30%)
    plan = frame_with(at, "Additional workers")
    assert plan.iloc[0]["Additional people (range)"] == "336" and plan.iloc[0]["Additional workers"] == "9"
    at.number_input(key="unmet_need_caseload").set_value(70).run()
    assert frame_with(at, "Additional workers").iloc[0]["Additional workers"] == "5"   # 336 / 70 = 4.8


def test_page_shows_lancashire_alcohol_against_england(workspace):
    at = open_page("E10000017")
    words = " ".join(m.value for m in at.markdown)
    assert "83.0% against England's 80.0%" in words and "Not compared" in words
    table = frame_with(at, "Unmet need")
    alcohol = table[table["Group"] == "Alcohol (at-risk drinkers, local measure)"].iloc[0]
    assert (alcohol["Unmet need"], alcohol["England"]) == ("83.0%", "80.0%")
    # The dependent-drinker group is listed separately, with nothing loaded for it in the demo
    assert table[table["Group"] == "Alcohol (dependent drinkers)"].iloc[0]["Unmet need"] == "not loaded"


def test_page_across_partnerships_keeps_the_drug_type_in_the_url(workspace):
    at = open_page("E10000017", substance="alcohol_at_risk")
    assert at.selectbox(key="unmet_need_substance").value == "alcohol_at_risk"
    across = frame_with(at, "Area")
    assert set(across["Area"]) == {"Lancashire", "England"}
    at.selectbox(key="unmet_need_substance").set_value("ocu").run()
    assert at.query_params["substance"] == ["ocu"] or at.query_params["substance"] == "ocu"
    assert set(frame_with(at, "Area")["Area"]) == {"Wirral"}


def test_page_links_to_the_ward_map_when_treatment_counts_by_ward_are_loaded(workspace):
    from cdp_data.services.loading import load_file
    from cdp_data.sources.harm import template_csv

    assert not [link for link in at_page_links(open_page("E08000015")) if "ward_map" in link]
    load_file(workspace, "harm.csv", template_csv())
    assert [link for link in at_page_links(open_page("E08000015")) if "ward_map" in link]


def at_page_links(at) -> list[str]:
    return [str(el.proto.page) for el in at.get("page_link")]


def test_page_in_meeting_mode_has_no_inputs_and_uses_the_national_caseload(workspace):
    at = open_page("E08000015", mode="meeting", unmet_need_tab="What would it take?")
    assert not at.number_input and not at.radio and not at.get("selectbox")[1:]
    assert any("÷ 40 per worker" in c.value for c in at.caption)  # the national caseload
    across = open_page("E08000015", mode="meeting", unmet_need_tab="Across partnerships")
    assert not across.get("selectbox")[1:]  # no drug-type or period picker in meeting mode
    assert "Wirral" in set(frame_with(across, "Area")["Area"])


def test_page_tabs_run_only_when_open_and_each_draws(workspace):
    first = open_page("E08000015")
    assert [h.value for h in first.header] == ["By drug type: Wirral", "Where do the people in treatment live?"]
    years = open_page("E08000015", unmet_need_tab="Over the years")
    assert [h.value for h in years.header] == ["Over the years available"] and years.get("vega_lite_chart")
    across = open_page("E08000015", unmet_need_tab="Across partnerships")
    assert [h.value for h in across.header] == ["Across partnerships for one drug type"]


def test_page_for_a_partnership_without_figures_offers_the_data_page(workspace):
    at = open_page("E08000014")   # Sefton: no unmet-need figures in the demo
    assert any("No unmet-need figures for Sefton yet" in i.value for i in at.info)
    assert [link for link in at_page_links(at) if "data" in link]
    table = frame_with(at, "Unmet need")
    assert set(table["Unmet need"]) == {"not loaded", "no estimate"}   # never 0%


def test_page_bad_drug_type_in_link_falls_back_with_a_notice(workspace):
    at = open_page("E08000015", substance="heroin")
    assert any("heroin" in w.value for w in at.warning)
    assert at.selectbox(key="unmet_need_substance").value == "ocu"


def test_plan_display_says_it_in_words():
    rows = pd.DataFrame([{"substance": "ocu", "substance_label": "Opiate and/or crack (OCU)", "period": "2023",
                          "prevalence": 3090, "prevalence_lower": None, "prevalence_upper": None,
                          "in_treatment": 1827, "england_share": None}])
    table, sentences = words.plan_display(un.what_would_it_take_table(rows, 0.30, 40))
    assert table.iloc[0]["In treatment needed"] == "2,163" and table.iloc[0]["Additional workers"] == "9"
    assert sentences == ["**Opiate and/or crack (OCU)**: to bring unmet need to 30.0% needs **336** more people "
                         "in treatment (2,163 in all), about **9** more workers at 40 per worker."]


def test_page_across_areas_with_the_real_export_shows_published_comparisons(workspace, shared_data):
    from cdp_data.services.loading import load_file

    path = shared_data / EXPORT_93517
    load_file(workspace, path.name, path.read_bytes())
    at = open_page("E08000015", substance="ocu")
    # The default period is the one covering the most areas (2019/20), not Wirral's lone 2023 figure
    assert at.selectbox(key="unmet_need_across_period").value == "2019/20"
    across = frame_with(at, "Area").set_index("Area")
    # Fingertips' published labels for 2019/20: Middlesbrough Better; Hartlepool, Warwickshire Similar
    assert across.loc["Middlesbrough", "Compared with England"] == "Better"
    assert across.loc["Hartlepool", "Compared with England"] == "Similar"
    assert across.loc["Middlesbrough", "95% range"] == "34.1% to 46.9%"


# ---- what the page picks out of the tables, worked out in the domain -------------------------------
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
