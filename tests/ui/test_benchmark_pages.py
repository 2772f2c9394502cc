"""AppTest of the benchmark picker on the Outcomes and Compare pages and of the heatmap tab, on the hand-worked
extract (tests/services/bench_data.py): each benchmark gives its own hand-worked answer."""

import pytest

from tests.services import bench_data
from tests.services.bench_data import WIRRAL
from tests.ui.sharing import copy_of_demo, on_sqlite, read_only, settled
from tests.ui.test_pages_indicators import _open


@pytest.fixture(scope="module")
def _bench_shared(_seeded_sqlite_file, tmp_path_factory):
    ws = copy_of_demo(_seeded_sqlite_file, tmp_path_factory.mktemp("bench") / "ws")
    bench_data.load(ws)
    settled(ws)  # the loads written through into the database file
    yield ws
    ws.dispose()


@pytest.fixture
def bench(request, monkeypatch):
    """The demo with the hand-worked extract loaded: on SQLite one per module, which the tests only read."""
    if not on_sqlite(request):
        workspace = request.getfixturevalue("workspace")
        bench_data.load(workspace)
        yield workspace
        return
    with read_only(request.getfixturevalue("_bench_shared"), monkeypatch) as ws:
        yield ws


def _captions(at) -> str:
    return " | ".join(c.value for c in at.caption)


@pytest.mark.parametrize("benchmark,metric_label,expected,method", [
    # 90999 for Wirral (40): among all 8 areas fifth 3, among the North West's 7 fifth 3, in the group of 5 fifth 4
    (None, "Compared with England", "Middle", "Compared with England by quintiles"),
    ("region", "Compared with the North West", "Middle", "Compared with the North West by quintiles"),
    ("group:Four near", "Compared with the peer group “Four near”", "Better",
     "Compared with the peer group “Four near” by quintiles"),
])
def test_outcomes_with_each_benchmark(bench, benchmark, metric_label, expected, method):
    params = {"partnership": WIRRAL, "indicator": "90999"} | ({"benchmark": benchmark} if benchmark else {})
    at = _open("pages/outcomes.py", **params)
    assert at.selectbox(key="outcomes_benchmark").value == (benchmark or "england")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[metric_label] == expected
    assert method in _captions(at)
    table = at.dataframe[0].value.set_index("Area code")
    assert table.loc[WIRRAL, "Compared with benchmark"] == expected
    assert table.loc[WIRRAL, "Comparison method"] == "quintiles"


def test_outcomes_benchmark_choice_goes_into_the_link(bench):
    at = _open("pages/outcomes.py", partnership=WIRRAL, indicator="90998")
    assert "by 95% confidence intervals" in _captions(at)
    at.selectbox(key="outcomes_benchmark").set_value("region").run()
    assert not at.exception
    assert at.query_params["benchmark"] in ("region", ["region"])
    assert {m.label: m.value for m in at.metric}["Compared with the North West"] == "Worse"
    buttons = [b.proto for b in at.get("download_button")]
    assert [b.label for b in buttons] == ["Download these values (CSV)"]


@pytest.mark.parametrize("benchmark,wirral,hartlepool", [
    (None, "Middle", "Best"), ("region", "Middle", "Not compared"), ("group:Four near", "Better", None),
])
def test_compare_with_each_benchmark(bench, benchmark, wirral, hartlepool):
    params = {"partnership": WIRRAL, "indicator": "90999", "period": "2022/23"}
    at = _open("pages/compare.py", **(params | ({"benchmark": benchmark} if benchmark else {})))
    table = at.dataframe[0].value.set_index("Area code")
    assert table.loc[WIRRAL, "Compared with benchmark"] == wirral
    if hartlepool is None:
        assert "E06000001" not in table.index   # a peer group shows its own areas
    else:
        assert table.loc["E06000001", "Compared with benchmark"] == hartlepool
    assert "by quintiles" in _captions(at)


def test_heatmap_tab_draws_chart_table_and_download(bench):
    at = _open("pages/compare.py", partnership=WIRRAL, compare_tab="Heatmap", benchmark="region")
    assert at.selectbox(key="heatmap_benchmark").value == "region"
    table = at.dataframe[0].value.set_index("Indicator (period)")
    assert table.columns.tolist()[:2] == ["Wirral", "Halton"]
    assert table.columns.tolist()[-2:] == ["North West", "England"]   # the recorded names
    row = table.loc["Made-up share without intervals (2022/23)"]
    assert (row["Wirral"], row["Cheshire East"], row["North West"]) == ("40 ●", "60 ▲▲", "33")
    assert [b.proto.label for b in at.get("download_button")] == ["Download the heatmap (CSV)"]
    assert "Compared with the North West by 95% or 99.8% confidence intervals where the indicator has them, else " \
           "quintiles" in _captions(at)
