"""The tables' own "Download as CSV" (no formula protection) is off, by the config file and by the app itself."""

import tomllib
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from ui import downloads

ROOT = Path(__file__).resolve().parents[2]


def test_the_server_config_switches_table_downloads_off():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def test_the_app_switches_them_off_when_the_config_file_was_not_read(demo_workspace):
    before = st.get_option("client.disableDataExport")
    st.set_option("client.disableDataExport", False)   # as when streamlit is started from another folder
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        assert not at.exception
        assert st.get_option("client.disableDataExport") is True
    finally:
        st.set_option("client.disableDataExport", before)


def test_download_file_names_hold_no_path_or_odd_characters():
    assert downloads.file_stem("compare", "../../etc/passwd", "2024/25 Q1") == "compare_.._.._etc_passwd_2024_25_Q1"
    assert downloads.file_stem("", None) == "table"
    assert "/" not in downloads.file_stem("a/b\\c:d")


def test_the_original_workbook_download_says_it_is_the_file_as_uploaded(demo_workspace):
    from tests.ui.test_plan_page import open_page

    at = open_page(tab="Download")
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert set(buttons) == {"Download tracker (Excel)", "Download tracker (CSV)",
                            "Download the original workbook (exactly as uploaded)"}
    assert "exactly as it was uploaded" in buttons["Download the original workbook (exactly as uploaded)"].help
    assert buttons["Download tracker (CSV)"].url.endswith(".csv")
    assert any("gets an apostrophe in front" in c.value for c in at.caption)
