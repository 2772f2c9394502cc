"""Data page (AppTest): undo a load from the load history; several uploads with a bad one among them."""

from cdp_data.core.kinds import Kind
from cdp_data.services import loading
from cdp_data.store.indicator_values import read_values
from tests.services.test_no_silent_loss import extract
from tests.services.test_plan import V1
from tests.sources.plan_books import tracker
from tests.ui.test_data_page import filled_template, open_data_page, submit


def test_the_undo_button_puts_back_what_a_load_replaced(workspace):
    loading.load_file(workspace, "full.csv", extract([str(y) for y in range(2011, 2024)]))
    before, values_before = workspace.summary(), read_values(workspace, indicator_id="90000")
    loading.load_file(workspace, "latest.csv", extract(["2023"], value=lambda i: 99.0))
    load_id = int(workspace.loads()["id"].max())
    assert workspace.summary() != before
    at = open_data_page("Workspace contents")
    assert any("Undo a load" == h.value for h in at.header)
    assert at.selectbox(key="data_undo_load").value == load_id  # the newest load is offered first
    at.button(key="data_undo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == [f"Undid load {load_id} (latest.csv): the 3 rows it loaded are taken "
                                             "away and the 3 it replaced are back."]
    assert workspace.summary() == before
    assert read_values(workspace, indicator_id="90000").equals(values_before)
    assert load_id not in at.selectbox(key="data_undo_load").options  # an undone load is not offered again
    log = workspace.loads().set_index("id")
    assert log["undone_at"].notna().tolist().count(True) == 1 and log.loc[load_id, "undone_at"] is not None


def test_an_undo_that_must_wait_says_which_load_to_undo_first(workspace):
    loading.load_file(workspace, "first.csv", extract(["2022"]))
    loading.load_file(workspace, "second.csv", extract(["2022"], value=lambda i: 1.0))  # replaces every value
    first = int(workspace.loads()["id"].max()) - 1
    at = open_data_page("Workspace contents")
    at.selectbox(key="data_undo_load").set_value(first).run()
    at.button(key="data_undo").click().run()
    assert [e.value for e in at.error] == [f"Load {first} (first.csv) cannot be undone while the later load "
                                           f"{first + 1} (second.csv) builds on what it loaded: undo load "
                                           f"{first + 1} first."]


def test_a_bad_file_among_several_uploads_stops_nothing(workspace, monkeypatch):
    def broken(*_args, **_options):
        raise RuntimeError("a bug in one loader")
    monkeypatch.setitem(loading.LOADERS, Kind.HARM_TEMPLATE, broken)
    versions_before = workspace.summary()["plan_versions"]
    at = submit(open_data_page(), [
        ("plan.xlsx", tracker(V1), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("harm.csv", b"Geography code,Measure,Period,Count\nE05000001,naloxone_supplied,2024/25,10\n", "text/csv"),
        ("colours.csv", b"name,colour\nfoo,blue\n", "text/csv"),
        ("local_figures.csv", filled_template(), "text/csv"),
    ])
    successes = [s.value for s in at.success]
    assert len(successes) == 2
    assert successes[0].startswith("**plan.xlsx**: ") and successes[1].startswith("**local_figures.csv**: ")
    errors = [e.value for e in at.error]
    assert len(errors) == 2
    assert errors[0].startswith("harm.csv could not be loaded. Something went wrong on our side")
    assert errors[1].startswith("colours.csv: not a kind of file the app knows")
    assert all("Traceback" not in e and "RuntimeError" not in e for e in errors)
    assert workspace.summary()["plan_versions"] == versions_before + 1
    assert "local_figures.csv" in set(workspace.loads()["source_file"])
