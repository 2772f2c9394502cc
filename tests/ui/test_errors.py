"""An error nobody expected is logged with its traceback and a reference; the page shows one sentence."""

import logging

from streamlit.testing.v1 import AppTest

from cdp_data.core import logs
from tests.support import APP


def test_unexpected_error_shows_one_sentence_with_a_reference_and_logs_the_traceback(demo_workspace, monkeypatch,
                                                                                       caplog):
    from ui import overview_view

    def broken(*_args, **_kwargs):
        raise KeyError("/srv/cdp/secret/path.csv")

    monkeypatch.setattr(overview_view, "tiles_for", broken)
    monkeypatch.setattr(logs.configure(), "propagate", True)  # configured as the app does; caplog sees it too
    with caplog.at_level(logging.ERROR, logger="cdp"):
        at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    shown = [e.value for e in at.error]
    assert len(shown) == 1, shown
    assert "give your administrator the reference E-" in shown[0]
    assert "/srv/cdp" not in shown[0] and "KeyError" not in shown[0] and "Traceback" not in shown[0]
    reference = shown[0].rsplit("reference ", 1)[1].rstrip(".")
    record = next(r for r in caplog.records if reference in r.getMessage())
    assert record.exc_info and record.exc_info[0] is KeyError  # the traceback is in the server's log


def test_the_apps_own_errors_are_shown_as_their_sentence_without_a_reference(demo_workspace, monkeypatch):
    from cdp_data.core.errors import LoadError
    from ui import overview_view

    def refuse(*_args, **_kwargs):
        raise LoadError("The workbook has no Action column.")

    monkeypatch.setattr(overview_view, "tiles_for", refuse)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert [e.value for e in at.error] == ["The workbook has no Action column."]


def test_references_are_short_and_distinct():
    refs = {logs.new_reference() for _ in range(200)}
    assert len(refs) == 200 and all(len(r) == 8 and r.startswith("E-") for r in refs)
