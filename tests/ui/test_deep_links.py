"""Deep links (AppTest): every control that changes what a page shows opens on the link's value, and a change
of the control is written back into the address; a value the app does not recognise falls back with a notice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from cdp_data.services import plan

APP = Path(__file__).resolve().parents[2] / "app.py"
WIRRAL, LANCASHIRE = "E08000015", "E10000017"


def _open(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)  # opened from a link
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _url(at: AppTest, key: str):
    """The address's value for ``key`` (None when absent; a list when the key is repeated)."""
    value = at.query_params.get(key)
    if isinstance(value, list):
        return value[0] if len(value) == 1 else value or None
    return value


def _notices(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


def test_ward_map_link_restores_rates_per_and_the_selected_ward(demo_workspace):
    at = _open("pages/ward_map.py", partnership=WIRRAL, map="Harm rate", per="100000", ward="E05000956",
               ward_map_tab="Selected ward")
    assert at.radio(key="ward_map_view").value == "Harm rate"
    assert at.radio(key="ward_map_per").value == 100000
    assert [m.label for m in at.metric] == ["Area rate: Drug offences recorded by police (data.police.uk) per 100,000"]
    assert at.selectbox(key="ward_map_ward").value == "E05000956"
    assert at.dataframe[0].value.set_index("Figure")["Value"]["Ward code"] == "E05000956"
    at.radio(key="ward_map_per").set_value(1000).run()
    at.selectbox(key="ward_map_ward").set_value("E05000955").run()
    assert not at.exception
    assert (_url(at, "per"), _url(at, "ward"), _url(at, "map")) == ("1000", "E05000955", "Harm rate")
    assert at.metric[0].label.endswith("per 1,000")


def test_a_bad_value_in_a_link_falls_back_to_the_default_with_a_notice(demo_workspace):
    at = _open("pages/ward_map.py", partnership=WIRRAL, map="Harm rate", per="7", ward="E05NOWHERE",
               ward_map_tab="Selected ward")
    notices = _notices(at)
    assert "The link's rates per “7” is not recognised; showing the default instead." in notices
    assert "The link's ward “E05NOWHERE” is not recognised" in notices
    assert at.radio(key="ward_map_per").value == 1000 and _url(at, "per") == "1000"
    assert at.selectbox(key="ward_map_ward").value == "E05000954" and _url(at, "ward") == "E05000954"


def test_delivery_plan_link_restores_compare_with_date_and_filters(demo_workspace):
    ids = [int(v) for v in plan.versions(demo_workspace, LANCASHIRE)["id"]]
    latest, older = ids[0], ids[1]
    at = _open("pages/delivery_plan.py", partnership=LANCASHIRE, plan_version=str(older), compare=str(latest),
               delivery_plan_tab="What changed", as_at="2024-03-31")
    assert at.selectbox(key="delivery_plan_version").value == older
    assert at.selectbox(key="delivery_plan_compare_with").value == latest
    assert str(at.date_input(key="delivery_plan_as_at").value) == "2024-03-31"
    assert _url(at, "as_at") == "2024-03-31" and _url(at, "compare") == str(latest)
    # the filters of "All actions": repeated keys for a multiselect, ``q`` for the search
    at = _open("pages/delivery_plan.py", partnership=LANCASHIRE, delivery_plan_tab="All actions",
               status=["Red", "Amber"], q="naloxone")
    assert at.multiselect(key="delivery_plan_filter_status").value == ["Red", "Amber"]
    assert at.text_input(key="delivery_plan_search").value == "naloxone"
    at.multiselect(key="delivery_plan_filter_status").set_value(["Green"]).run()
    at.text_input(key="delivery_plan_search").set_value("").run()
    assert not at.exception
    assert _url(at, "status") == "Green" and _url(at, "q") is None


def test_delivery_plan_compare_with_change_is_written_to_the_link(workspace, shared_data):
    content = (shared_data / "plans" / "tracker_flat.xlsx").read_bytes()
    plan.add_plan_version(workspace, LANCASHIRE, "tracker_flat.xlsx", content)  # a third version, the latest
    latest, previous, first = [int(v) for v in plan.versions(workspace, LANCASHIRE)["id"]][:3]
    at = _open("pages/delivery_plan.py", partnership=LANCASHIRE, delivery_plan_tab="What changed")
    assert at.selectbox(key="delivery_plan_compare_with").value == previous  # by default the version before
    assert _url(at, "compare") == str(previous)
    at.selectbox(key="delivery_plan_compare_with").set_value(first).run()
    assert not at.exception and _url(at, "compare") == str(first)
    again = _open("pages/delivery_plan.py", partnership=LANCASHIRE, delivery_plan_tab="What changed",
                  compare=str(first))
    assert again.selectbox(key="delivery_plan_compare_with").value == first


def test_unmet_need_link_restores_period_target_and_caseload(workspace, shared_data):
    from cdp_data.services.loading import load_file
    from tests.services.test_unmet_need import EXPORT_93517

    path = shared_data / EXPORT_93517
    load_file(workspace, path.name, path.read_bytes())
    at = _open("pages/unmet_need.py", partnership=WIRRAL, unmet_need_tab="Across partnerships", substance="ocu",
               need_period="2018/19")
    assert at.selectbox(key="unmet_need_across_period").value == "2018/19"
    assert any(c.value.startswith("Opiate and/or crack (OCU), 2018/19") for c in at.caption)
    at.selectbox(key="unmet_need_across_period").set_value("2020/21").run()
    assert not at.exception and _url(at, "need_period") == "2020/21"

    at = _open("pages/unmet_need.py", partnership=WIRRAL, unmet_need_tab="What would it take?", to="level",
               pct="20", caseload="65")
    assert at.radio(key="unmet_need_target_kind").value == "level"
    assert (at.number_input(key="unmet_need_level").value, at.number_input(key="unmet_need_caseload").value) == (
        20, 65)
    assert any("÷ 65 per worker" in c.value for c in at.caption)
    at.number_input(key="unmet_need_caseload").set_value(40).run()
    assert not at.exception and (_url(at, "to"), _url(at, "pct"), _url(at, "caseload")) == ("level", "20", "40")
    bad = _open("pages/unmet_need.py", partnership=WIRRAL, unmet_need_tab="What would it take?", caseload="9999")
    assert "The link's caseload per worker “9999” is not recognised" in _notices(bad)
    assert bad.number_input(key="unmet_need_caseload").value == 40


def test_outcomes_link_restores_breakdown_and_spc_chart(workspace, shared_data):
    from cdp_data.services.loading import load_file
    from cdp_data.services import partnerships
    from tests.services.test_unmet_need import EXPORT_93517

    path = shared_data / EXPORT_93517
    load_file(workspace, path.name, path.read_bytes())
    partnerships.declare_partnership(workspace, "E06000002")  # a load makes no area a partnership
    at = _open("pages/outcomes.py", partnership="E06000002", indicator="93517", breakdown="Persons, 15-64 yrs",
               chart="spc")
    assert at.selectbox(key="outcomes_breakdown").value == ("Persons", "15-64 yrs", "", "")
    assert at.toggle(key="outcomes_spc").value is True
    assert any("XmR chart" in c.value for c in at.caption)
    at.toggle(key="outcomes_spc").set_value(False).run()
    at.selectbox(key="outcomes_breakdown").set_value(("Persons", "", "", "")).run()
    assert not at.exception
    assert (_url(at, "chart"), _url(at, "breakdown")) == (None, "Persons")


def test_a_choice_kept_by_another_page_that_this_page_does_not_offer_gives_its_default(demo_workspace):
    # ``indicator`` is shared by Overview, Outcomes and Compare; the session keeps the last one chosen, and a
    # page that does not offer it opens on its own default (it used to fail on ``ids.index``).
    at = _open("pages/outcomes.py", partnership=LANCASHIRE, indicator="caseload_per_worker")
    at.query_params.pop("indicator")  # a page switch drops the address's other keys
    at.session_state["url_indicator"] = "an_indicator_only_another_page_offers"
    at.switch_page("pages/compare.py").run()
    assert not at.exception, [e.value for e in at.exception]
    fresh = _open("pages/compare.py", partnership=LANCASHIRE)
    assert at.selectbox(key="compare_indicator").value == fresh.selectbox(key="compare_indicator").value
    assert _url(at, "indicator") == fresh.selectbox(key="compare_indicator").value and not _notices(at)


def test_admin_audit_trail_filters_are_kept_in_the_link(demo_workspace):
    at = _open("pages/admin.py", admin_tab="Audit trail", audit_area=LANCASHIRE, audit_since="2020-01-31")
    assert at.selectbox(key="audit_partnership").value == LANCASHIRE
    assert at.date_input(key="audit_since").value == dt.date(2020, 1, 31)
    at.selectbox(key="audit_partnership").set_value("All").run()
    at.date_input(key="audit_since").set_value(dt.date(2021, 6, 1)).run()
    assert not at.exception
    assert (_url(at, "audit_area"), _url(at, "audit_since")) == (None, "2021-06-01")
    bad = _open("pages/admin.py", admin_tab="Audit trail", audit_since="31/01/2020")
    assert "The link's date “31/01/2020” is not recognised" in _notices(bad)
    assert bad.date_input(key="audit_since").value == dt.date.today() - dt.timedelta(days=30)
