"""AppTest of the Outcomes and Compare pages and the Data page's Indicators tab, on the demo and on a loaded extract."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cdp_data.services import indicators, partnerships
from cdp_data.services.loading import load_file
from tests.ui.late_draw import not_drawn_from_their_value
from tests.ui.sharing import copy_of_demo, on_sqlite, read_only, settled

APP = Path(__file__).resolve().parents[2] / "app.py"
EXPORT = "public/fingertips/fingertips_export_93517_ocu_not_in_treatment_SAMPLE.csv"


def _open(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _load_extract(ws, shared_data):
    load_file(ws, "export.csv", (shared_data / EXPORT).read_bytes())
    partnerships.declare_partnership(ws, "E06000002")  # a load makes no area a partnership
    return ws


@pytest.fixture
def loaded(workspace, shared_data):
    """The demo with the Fingertips extract loaded, for a test that writes."""
    return _load_extract(workspace, shared_data)


@pytest.fixture(scope="module")
def _loaded_shared(_seeded_sqlite_file, tmp_path_factory, shared_data):
    ws = settled(_load_extract(copy_of_demo(_seeded_sqlite_file, tmp_path_factory.mktemp("loaded") / "ws"),
                               shared_data))
    yield ws
    ws.dispose()


@pytest.fixture
def loaded_read_only(request, monkeypatch, shared_data):
    """The same for a test that only reads: on SQLite one per module."""
    if not on_sqlite(request):
        yield _load_extract(request.getfixturevalue("workspace"), shared_data)
        return
    with read_only(request.getfixturevalue("_loaded_shared"), monkeypatch) as ws:
        yield ws


def _metric(at, label_start):
    metrics = {m.label: m.value for m in at.metric}
    return next((v for k, v in metrics.items() if k.startswith(label_start)), metrics)


def test_outcomes_on_the_demo_is_honest_about_few_points(demo_workspace):
    at = _open("pages/outcomes.py", partnership="E10000017")
    assert at.selectbox(key="outcomes_indicator").value == "continuity_of_care"  # first with data, by outcome
    assert _metric(at, "Recent trend") == "Cannot be calculated"
    assert any("Only 2 values" in c.value for c in at.caption)
    at.selectbox(key="outcomes_indicator").set_value("adults_in_treatment").run()
    assert not at.exception
    assert "adults_in_treatment" in str(at.query_params["indicator"])
    at.toggle(key="outcomes_spc").set_value(True).run()
    assert not at.exception and any("XmR chart" in c.value for c in at.caption)


def test_outcomes_on_a_loaded_extract_shows_the_published_comparison(loaded_read_only):
    at = _open("pages/outcomes.py", partnership="E06000002", indicator="93517")
    assert at.selectbox(key="outcomes_indicator").value == "93517"
    assert _metric(at, "Middlesbrough, 2020/21") == "41.7%"
    assert _metric(at, "Compared with England") == "Better"  # published: Better
    table = at.dataframe[0].value
    assert set(table["Line"]) == {"Partnership", "England"} and len(table) == 4


def test_compare_on_the_demo_opens(demo_workspace):
    at = _open("pages/compare.py", partnership="E10000017")
    assert [t.value for t in at.title][:1] == ["How do we compare?"]
    assert not at.error


def _compare_chart(at) -> tuple[list, str]:
    """The marks of the Compare chart's layers and the caption under it."""
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    caption = next(c.value for c in at.caption if c.value.startswith("Bars coloured"))
    return [layer.get("mark") for layer in spec["layer"]], caption


def test_compare_draws_no_england_line_beside_counts(demo_workspace):
    # the published estimates of alcohol-dependent adults, 2017/18, every upper-tier area and England: England's
    # figure is all of England's, and its line drawn beside one area's count squashed every bar to nothing
    at = _open("pages/compare.py", partnership="E10000017", indicator="alcohol_dependency_prevalence",
               period="2017/18")
    assert any("a count depends on the size of the area" in c.value for c in at.caption)
    marks, caption = _compare_chart(at)
    assert not any(isinstance(m, dict) and m.get("strokeDash") for m in marks), marks
    assert "dashed line is England" not in caption and "Lancashire is outlined" in caption


def test_compare_draws_the_england_line_beside_a_proportion(loaded_read_only):
    at = _open("pages/compare.py", partnership="E06000002", indicator="93517", period="2019/20")
    marks, caption = _compare_chart(at)
    assert any(isinstance(m, dict) and m.get("strokeDash") == [6, 3] for m in marks), marks
    assert "the dashed line is England" in caption


def test_compare_on_a_loaded_extract_ranks_and_saves_a_peer_group(loaded):
    closed = _open("pages/compare.py", partnership="E06000002", indicator="93517", period="2019/20")
    assert not [s for s in closed.selectbox if s.key == "compare_region"]  # no filter set: drawn only when opened
    assert closed.expander[0].label == "Filter areas, peer groups"
    assert "Areas shown: all areas" in " ".join(c.value for c in closed.caption)
    at = _open("pages/compare.py", partnership="E06000002", indicator="93517", period="2019/20",
               compare_filters="true")
    assert at.selectbox(key="compare_period").value == "2019/20"
    assert any("Middlesbrough has the 5th highest value of 5 areas (lower is better)" in m.value for m in at.markdown)
    table = at.dataframe[0].value
    assert table.set_index("Area code").loc["E06000002", "Compared with England"] == "Better"
    at.text_input(key="compare_peer_name").set_value("North East")
    at.multiselect(key="compare_peer_members").set_value(["E06000001", "E06000002"]).run()
    at.button(key="compare_peer_save").click().run()
    assert not at.exception
    assert indicators.peer_group_names(loaded, "E06000002") == ["North East"]
    assert at.selectbox(key="compare_peer_group").value == "North East"  # the saved group is selected
    assert not_drawn_from_their_value(at) == []  # selected by the page: also the widget's default
    assert any("Saved peer group" in m.value for m in at.success)
    table = at.dataframe[0].value
    assert set(table["Area code"]) == {"E06000001", "E06000002"}
    assert "Areas shown: peer group North East" in " ".join(c.value for c in at.caption)
    at.button(key="compare_peer_delete").click().run()  # and delete it: back to all areas, still open
    assert not at.exception and indicators.peer_group_names(loaded, "E06000002") == []
    assert at.selectbox(key="compare_peer_group").value is None and len(at.dataframe[0].value) == 5


def test_compare_filter_change_shows_at_once_and_the_filters_stay_open(loaded_read_only):
    at = _open("pages/compare.py", partnership="E06000002", indicator="93517", period="2019/20",
               compare_filters="true")
    at.selectbox(key="compare_area_type").set_value("UA").run()
    assert "Areas shown: UA" in " ".join(c.value for c in at.caption)  # in the same run, not the next
    assert "UA" in str(at.query_params["area_type"]) and at.selectbox(key="compare_area_type").value == "UA"
    assert set(at.dataframe[0].value["Area code"]) == {"E06000001", "E06000002"}  # the sample's two unitaries
    at.selectbox(key="compare_area_type").set_value(None).run()
    assert "Areas shown: all areas" in " ".join(c.value for c in at.caption)
    assert [s for s in at.selectbox if s.key == "compare_region"]  # the expander stayed open


def test_compare_area_profile_tab_runs_only_when_open(loaded_read_only):
    at = _open("pages/compare.py", partnership="E06000002", compare_tab="Area profile")
    assert [s.value for s in at.subheader] == ["Area profile: Middlesbrough across all its indicators"]
    profile = at.dataframe[0].value
    assert profile.set_index("Period").loc["2020/21", "Compared with England"] == "Better"  # as published
    assert not [s for s in at.selectbox if s.key == "compare_indicator"]  # the other tab did not run
    england = _open("pages/compare.py", partnership="E06000002")
    assert not [s for s in england.subheader if s.value.startswith("Area profile")]


def test_data_tab_sets_polarity_of_an_unknown_indicator(workspace, shared_data):
    content = (shared_data / EXPORT).read_bytes().replace(b"93517,", b"99999,")
    load_file(workspace, "export.csv", content)
    at = _open("pages/data.py", data_tab="Indicators")
    assert any("no polarity yet" in w.value for w in at.warning)
    assert indicators.indicator_info(workspace, "99999")["polarity"] == "not_compared"


def test_data_tab_downloads_from_fingertips_with_progress(workspace, shared_data, monkeypatch):
    from tests.services.test_fingertips_api import Recorded, recorded
    from tests.support import local_server

    handler = recorded({("/api/all_data/csv/by_indicator_id", "93517"): (shared_data / EXPORT).read_bytes()})
    with local_server(handler) as base:
        monkeypatch.setenv("CDP_FINGERTIPS_BASE_URL", f"{base}/api")
        at = _open("pages/data.py", data_tab="Indicators")
        at.text_input(key="data_indicators_ids").set_value("93517")
        next(b for b in at.button if b.label == "Download and load").click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert any("13 values for 1 indicator" in s.value for s in at.success)
        assert "child_area_type_id=502" in Recorded.requests[0]
        assert indicators.comparison_table(workspace, "93517")[0]["area_code"] == "E10000032"


def test_outcomes_lists_the_plan_actions_linked_to_the_indicator(demo_workspace):
    # the demo plan links "Open two satellite clinics ..." and the outreach action to adults_in_treatment
    first = _open("pages/outcomes.py", partnership="E10000017", indicator="adults_in_treatment")
    assert not first.subheader and len(first.dataframe) == 1  # the values; the actions' tab is not open
    at = _open("pages/outcomes.py", partnership="E10000017", indicator="adults_in_treatment",
               outcomes_tab="Delivery plan actions")
    assert any(h.value == "Delivery plan actions aimed at this indicator" for h in at.subheader)
    table = at.dataframe[-1].value
    assert "Open two satellite clinics in the most deprived wards" in set(table["action"])
    assert len(table) == 2


def test_compare_filters_and_peer_group_are_kept_in_the_link(loaded):
    indicators.save_peer_group(loaded, "E06000002", "Tees Valley", ["E06000001", "E06000002"])
    link = _open("pages/compare.py", partnership="E06000002", indicator="93517", period="2019/20",
                 area_type="UA", peers="Tees Valley")  # the filters apply with their expander closed
    assert set(link.dataframe[0].value["Area code"]) == {"E06000001", "E06000002"}
    assert "Areas shown: UA, peer group Tees Valley" in " ".join(c.value for c in link.caption)
    at = _open("pages/compare.py", partnership="E06000002", indicator="93517", period="2019/20",
               area_type="UA", peers="Tees Valley", compare_filters="true")
    assert at.selectbox(key="compare_area_type").value == "UA"
    assert at.selectbox(key="compare_peer_group").value == "Tees Valley"
    assert "Tees Valley" in str(at.query_params["peers"])
    assert set(at.dataframe[0].value["Area code"]) == {"E06000001", "E06000002"}
    # a value the app does not know falls back to "all" with a notice
    bad = _open("pages/compare.py", partnership="E06000002", indicator="93517", region="E99999999")
    assert any("not recognised" in w.value for w in bad.warning)
    assert "region" not in bad.query_params and len(bad.dataframe[0].value) == 4  # all areas of 2020/21
    opened = _open("pages/compare.py", partnership="E06000002", indicator="93517", region="E99999999",
                   compare_filters="true")
    assert opened.selectbox(key="compare_region").value is None
