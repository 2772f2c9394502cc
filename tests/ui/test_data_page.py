"""Data page (AppTest): uploads are detected and stored, bad files explained, reset confirmed."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from cdp_data.services import templates
from cdp_data.store import indicator_values as indicator_data
from cdp_data.bootstrap import open_workspace

APP = Path(__file__).resolve().parents[2] / "app.py"


def open_data_page(tab: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    if tab:
        at.query_params["data_tab"] = tab  # a link to that tab: only the open tab runs
    at.switch_page("pages/data.py")  # opened from a link (test_smoke_pages opens it from the Overview)
    at.run()
    assert not at.exception
    return at


def submit(at: AppTest, files) -> AppTest:
    at.file_uploader(key="data_uploader").set_value(files)
    next(b for b in at.button if b.label == "Load into the workspace").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_an_unrecognised_file_gets_one_plain_line_and_stores_nothing(demo_workspace):
    loads_before = len(demo_workspace.loads())
    at = submit(open_data_page(), ("colours.csv", b"name,colour\nfoo,blue\n", "text/csv"))
    assert any("not a kind of file the app knows" in e.value for e in at.error)
    assert all("Traceback" not in e.value for e in at.error)
    assert len(demo_workspace.loads()) == loads_before


def filled_template() -> bytes:
    frame = templates.indicator_template_frame()
    frame["Note"] = "Provider return"  # no longer the template's example rows
    return frame.to_csv(index=False).encode()


def test_an_uploaded_template_is_stored_and_survives_a_restart(workspace):
    at = submit(open_data_page(), ("local_figures.csv", filled_template(), "text/csv"))
    assert any("Local figures" in s.value for s in at.success), [s.value for s in at.success]
    workspace.dispose()
    reopened = open_workspace(workspace.folder)  # a new engine: as after a restart
    log = reopened.loads()
    assert "local_figures.csv" in set(log["source_file"])
    stored = indicator_data.read_values(reopened)
    naloxone = stored[(stored.indicator_id == "naloxone_kits") & (stored.area_code == "E08000015")]
    assert naloxone["value"].tolist() == [140.0]
    fresh = open_data_page()  # a new app session over the same folder
    assert not fresh.exception


def test_a_folder_is_loaded_and_reported(workspace, tmp_path, monkeypatch):
    monkeypatch.setenv("CDP_DATA_ROOTS", str(tmp_path))
    (tmp_path / "extracts").mkdir()
    (tmp_path / "extracts" / "local_figures.csv").write_bytes(filled_template())
    (tmp_path / "extracts" / "notes.txt").write_bytes(b"db_password=hunter2\n")
    (tmp_path / "extracts" / "passwd.csv").symlink_to("/etc/passwd")
    at = open_data_page()
    at.text_input(key="data_folder_path").set_value(str(tmp_path / "extracts")).run()
    at.button(key="data_folder_load").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Local figures" in s.value for s in at.success), [s.value for s in at.success]
    assert sorted(e.value for e in at.error) == ["notes.txt is not a kind of file the app knows; skipped.",
                                                 "passwd.csv: a link to somewhere outside the folders allowed; "
                                                 "skipped."]
    assert "local_figures.csv" in set(workspace.loads()["source_file"])
    missing = open_data_page()
    missing.text_input(key="data_folder_path").set_value(str(tmp_path / "nowhere")).run()
    missing.button(key="data_folder_load").click().run()
    assert [e.value for e in missing.error] == [f"{tmp_path / 'nowhere'} is not a folder on the computer running "
                                                "the app."]
    outside = open_data_page()
    outside.text_input(key="data_folder_path").set_value("/etc").run()
    outside.button(key="data_folder_load").click().run()
    assert [e.value for e in outside.error] == [f"/etc is not inside a folder this server allows loading from "
                                                f"({tmp_path.resolve()})."]


def test_without_data_roots_the_page_offers_no_folder_loading(demo_workspace, monkeypatch):
    monkeypatch.delenv("CDP_DATA_ROOTS", raising=False)
    at = open_data_page()
    assert "data_folder_path" not in [t.key for t in at.text_input]
    assert "data_folder_load" not in [b.key for b in at.button]
    assert any(c.value.startswith("Loading a whole folder is switched off on this server") for c in at.caption)


def test_reset_needs_confirmation_and_restores_the_demo(workspace):
    workspace.upsert_areas([{"code": "E07000223", "name": "Adur"}])   # (Hartlepool is a demo comparator)
    at = open_data_page("Reset")
    reset = at.button(key="data_reset")
    assert reset.disabled
    at.checkbox(key="data_reset_confirm").check()
    at.run()
    at.button(key="data_reset").click()
    at.run()
    assert any("demo again" in s.value for s in at.success)
    assert "E07000223" not in set(workspace.areas()["code"])


def test_a_load_from_outside_the_app_is_seen_at_once(workspace):
    """The CLI or another browser session writes: the app's cached reads must not go stale.
    (Cached reads are shared by all sessions of the server, so a second session shows it.)"""
    from cdp_data.services.loading import load_file

    def sidebar_status() -> str:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        return next(c.value for c in at.caption if c.value.startswith("Workspace:"))

    before = sidebar_status()
    other = open_workspace(workspace.folder)  # as another process would
    load_file(other, "local_figures.csv", filled_template())
    after = sidebar_status()
    assert after != before
    assert f"{workspace.summary()['indicator_values']:,} indicator values" in after


def test_a_plan_uploaded_on_the_data_page_goes_to_the_partnership_chosen_there(workspace, shared_data):
    from cdp_data.services import plan

    content = (shared_data / "plans" / "tracker_flat.xlsx").read_bytes()
    at = open_data_page()
    box = at.selectbox(key="data_uploader_partnership")
    assert box.value == at.selectbox(key="sidebar_partnership").value  # the sidebar's choice first, asked, not assumed
    assert "Wirral (E08000015)" in box.options
    box.set_value("E08000015")
    before = {code: len(plan.versions(workspace, code)) for code in ("E08000015", "E10000017")}
    submit(at, ("tracker_flat.xlsx", content, "application/octet-stream"))
    assert len(plan.versions(workspace, "E08000015")) == before["E08000015"] + 1
    assert len(plan.versions(workspace, "E10000017")) == before["E10000017"]
