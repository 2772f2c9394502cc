"""A partnership's local figures in the pages: offered to its members, never to another partnership's, even when
the other's page runs right after in the same server process (the cached reads are keyed on the user's
partnerships as well as the data version, :func:`ui.common.data_version`)."""

from __future__ import annotations

import ast
from pathlib import Path

from streamlit.testing.v1 import AppTest

from cdp_data.services import loading
from cdp_data.store import members
from tests.services.test_ownership import A, B, LOCAL, _figures
from tests.services.test_access import as_user
from tests.support import APP, TEST_AUTH

UI = Path(__file__).resolve().parents[2] / "ui"


def _open(ws, email: str, code: str, page: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = dict(TEST_AUTH)
    at.user = {"is_logged_in": True, "email": email, "name": email}
    at.query_params.update({"partnership": code, **query})
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_local_indicator_is_offered_to_its_partnership_and_never_served_from_cache_to_another(workspace):
    editor_a = as_user(workspace, "ed-a@example.org", **{A: "editor"})
    loading.load_file(editor_a, "lancashire-kits.csv", _figures(A, 140), partnership_code=A)
    with workspace.begin() as conn:  # before any page runs: the data version is then the same for all three runs
        members.put(conn, "view-a@example.org", A, "viewer", added_by="test")
        members.put(conn, "view-b@example.org", B, "viewer", added_by="test")
    theirs = _open(workspace, "view-a@example.org", A, "pages/outcomes.py", indicator=LOCAL)
    assert theirs.selectbox(key="outcomes_indicator").value == LOCAL
    assert any("140" in m.value for m in theirs.metric) or "140" in str(theirs.dataframe[0].value.to_dict())
    other = _open(workspace, "view-b@example.org", B, "pages/outcomes.py", indicator=LOCAL)  # same process
    box = other.selectbox(key="outcomes_indicator")
    assert box.value != LOCAL and not any("Naloxone" in o for o in box.options)
    assert any("indicator" in w.value for w in other.warning) or any("indicator" in i.value for i in other.info)
    again = _open(workspace, "view-a@example.org", A, "pages/outcomes.py", indicator=LOCAL)
    assert again.selectbox(key="outcomes_indicator").value == LOCAL


def _cached_functions():
    for path in sorted(UI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and any(
                    "cache_data" in ast.unparse(d) or "cache_resource" in ast.unparse(d) for d in node.decorator_list):
                yield path.name, node


def test_every_cached_read_of_the_workspace_is_keyed_on_the_data_version():
    """A cached function given the workspace (``_ws``, unhashed) also takes the data version, which carries the
    user's partnerships: nothing computed for one user can be served to another who may not see it."""
    found = 0
    for name, function in _cached_functions():
        params = [a.arg for a in function.args.args]
        if "_ws" in params:
            found += 1
            assert {"version", "data_version", "revision"} & set(params), f"{name}: {function.name} has no version"
    assert found >= 30
