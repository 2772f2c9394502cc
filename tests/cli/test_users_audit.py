"""``python -m cdp_data users add|list|remove`` and ``audit --json``: in-process, one subprocess each."""

from __future__ import annotations

import datetime as dt
import json
import os

from tests.cli.runner import run_main, run_process

A = "E10000017"


def test_users_add_list_remove_and_the_audit_trail(workspace, capsys):
    folder = workspace.folder
    added = run_main(capsys, "users", "add", "Ana@Example.org", "--partnership", A, "--role", "editor",
                     "--workspace", folder)
    assert (added.returncode, added.stdout) == (0, "ana@example.org is an editor of E10000017.\n")
    listed = run_main(capsys, "users", "list", "--json", "--workspace", folder)
    rows = json.loads(listed.stdout)
    assert [(r["email"], r["partnership"], r["role"]) for r in rows] == [("ana@example.org", A, "editor")]
    assert rows[0]["added_by"] == workspace.user.email  # the operating-system user
    removed = run_main(capsys, "users", "remove", "ana@example.org", "--partnership", A, "--workspace", folder)
    assert removed.returncode == 0 and "removed from E10000017" in removed.stdout
    again = run_main(capsys, "users", "remove", "ana@example.org", "--partnership", A, "--workspace", folder)
    assert (again.returncode, again.stderr) == (2, "ana@example.org is not a member of partnership E10000017.\n")

    trail = run_main(capsys, "audit", "--json", "--partnership", A, "--workspace", folder)
    entries = [json.loads(line) for line in trail.stdout.splitlines()]
    assert [e["action"] for e in entries] == ["member added", "member removed"]
    for entry in entries:
        assert {"at", "user", "partnership", "action", "summary"} <= set(entry)
        assert (entry["user"], entry["partnership"]) == (workspace.user.email, A)
    assert entries[0]["summary"] == "ana@example.org is an editor of E10000017."
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert run_main(capsys, "audit", "--json", "--since", tomorrow, "--workspace", folder).stdout == ""
    assert run_main(capsys, "audit", "--json", "--partnership", "E08000015", "--workspace", folder).stdout == ""


def test_bad_input_is_one_sentence(workspace, capsys):
    folder = workspace.folder
    bad_day = run_main(capsys, "audit", "--since", "2026-13-01", "--workspace", folder)
    assert (bad_day.returncode, bad_day.stderr) == (2, "--since wants a day as YYYY-MM-DD; got '2026-13-01'.\n")
    bad_role = run_main(capsys, "users", "add", "a@example.org", "--partnership", A, "--role", "boss",
                        "--workspace", folder)
    assert bad_role.returncode == 2 and "invalid choice: 'boss'" in bad_role.stderr
    unknown = run_main(capsys, "users", "add", "a@example.org", "--partnership", "E99999999", "--role", "viewer",
                       "--workspace", folder)
    assert (unknown.returncode, unknown.stderr) == (2, "E99999999 is not a partnership in this workspace.\n")
    not_email = run_main(capsys, "users", "add", "nobody", "--partnership", A, "--role", "viewer",
                         "--workspace", folder)
    assert (not_email.returncode, not_email.stderr) == (2, "'nobody' is not an e-mail address.\n")


def test_users_subprocess_smoke(workspace):
    env = {**os.environ}
    done = run_process("users", "add", "b@example.org", "--partnership", A, "--role", "viewer",
                       "--workspace", workspace.folder, env=env)
    assert (done.returncode, done.stdout) == (0, "b@example.org is a viewer of E10000017.\n")


def test_audit_subprocess_smoke(workspace):
    from cdp_data.services import catalogue

    catalogue.set_polarity(workspace, "naloxone_kits", "high_is_good")
    done = run_process("audit", "--json", "--workspace", workspace.folder, env={**os.environ})
    assert done.returncode == 0, done.stderr
    last = json.loads(done.stdout.splitlines()[-1])
    assert (last["action"], last["partnership"], last["user"]) == ("polarity set", None, workspace.user.email)
