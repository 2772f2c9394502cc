"""The hostile corpus uploaded on the Data page (AppTest), all files in one upload: each refused file gets one
plain message naming it, in order, the files after a bad one still load, nothing leaks (no traceback, no
server path, no rendered link), and the workspace is unchanged by the refused ones."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.hostile.corpus import ACCEPTED, REFUSED
from tests.hostile.test_corpus_cli import plain

APP = Path(__file__).resolve().parents[2] / "app.py"


def upload(files) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=600)
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    at.file_uploader(key="data_uploader").set_value(files)
    next(b for b in at.button if b.label == "Load into the workspace").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(markdown: str) -> str:
    """What the reader sees: the page escapes Markdown brackets, backticks and dollars in file contents."""
    return re.sub(r"\\([\[\]`$])", r"\1", markdown)


def test_every_refused_file_uploaded_at_once_gets_one_plain_message(workspace):
    before = workspace.summary()
    at = upload([(c.name, c.content(), "application/octet-stream") for c in REFUSED])
    errors = [e.value for e in at.error]
    assert len(errors) == len(REFUSED), errors
    for case, message in zip(REFUSED, errors):
        plain(shown(message), case.name, case.refused)
    assert not at.success
    assert workspace.summary() == before


def test_a_bad_file_does_not_stop_the_files_after_it(workspace):
    good = {c.name: c for c in ACCEPTED}
    files = [REFUSED[0], good["ft_html.csv"], REFUSED[-1], good["ft_bom.csv"]]
    at = upload([(c.name, c.content(), "text/csv") for c in files])
    assert [shown(e.value).split(" ")[0] for e in at.error] == [files[0].name, files[2].name]
    successes = [s.value for s in at.success]
    assert [s.split("**")[1] for s in successes] == ["ft_html.csv", "ft_bom.csv"], successes
    loaded = set(workspace.loads()["source_file"])
    assert {"ft_html.csv", "ft_bom.csv"} <= loaded and not {files[0].name, files[2].name} & loaded
