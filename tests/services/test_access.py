"""Roles and the audit trail in the services: every write service refuses a viewer and a member of another
partnership (nothing written, the refusal recorded), members read only their partnerships' own data, and
every write is recorded with who, when, which partnership and what."""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import importlib
import pkgutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

import cdp_data.services
from cdp_data import bootstrap
from cdp_data.core.errors import PermissionDenied
from cdp_data.core.identity import User
from cdp_data.services import (access, backup, catalogue, fetch, fingertips_api, geography_loading,
                               indicator_files, indicator_loading, indicators, loading, meeting, milestones,
                               partnerships, plan, targets, undo)
from cdp_data.services import similar_areas
from cdp_data.store import audit, members
from cdp_data.store.schema import metadata
from tests.sources.plan_books import tracker

A, B = "E10000017", "E08000015"   # Lancashire (holds the demo plan) and Wirral
JUNK = b"not a file of any kind"
ROWS = [["T1", "Treatment", "Open a hub", "Provider", dt.datetime(2025, 3, 31), "Amber"]]


def as_user(ws, email, **roles):
    """The workspace used by ``email``, given ``roles`` (code=role) first by the local administrator."""
    with ws.begin() as conn:
        for code, role in roles.items():
            members.put(conn, email, code, role, added_by="test")
    return ws.acting_as(User(email=email, name=email))


# Every write service, called against partnership A. The test below fails when a service is added to
# access.WRITE_SERVICES without a line here.
CALLS = {
    "cdp_data.services.access.add_member": lambda ws: access.add_member(ws, "new@example.org", A, "viewer"),
    "cdp_data.services.access.remove_member": lambda ws: access.remove_member(ws, "test@example.org", A),
    "cdp_data.bootstrap.reset_to_demo": lambda ws: bootstrap.reset_to_demo(ws),
    "cdp_data.services.catalogue.set_polarity": lambda ws: catalogue.set_polarity(ws, "x", "high_is_good"),
    "cdp_data.services.catalogue.seed_catalogue": lambda ws: catalogue.seed_catalogue(ws),
    "cdp_data.services.plan.upload_version": lambda ws: plan.upload_version(ws, A, "p.xlsx", tracker(ROWS)),
    "cdp_data.services.plan.load": lambda ws: plan.load(ws, "p.xlsx", tracker(ROWS), partnership_code=A),
    "cdp_data.services.plan.set_links": lambda ws: plan.set_links(ws, A, "key", []),
    "cdp_data.services.geography_loading.load_boundaries":
        lambda ws: geography_loading.load_boundaries(ws, "b.geojson", JUNK, partnership_code=A),
    "cdp_data.services.geography_loading.load_area_boundaries":
        lambda ws: geography_loading.load_area_boundaries(ws, "c.geojson", JUNK, partnership_code=A),
    "cdp_data.services.geography_loading.load_lookup":
        lambda ws: geography_loading.load_lookup(ws, "l.csv", JUNK, partnership_code=A),
    "cdp_data.services.geography_loading.load_population":
        lambda ws: geography_loading.load_population(ws, "p.csv", JUNK, partnership_code=A),
    "cdp_data.services.geography_loading.load_imd":
        lambda ws: geography_loading.load_imd(ws, "i.csv", JUNK, partnership_code=A),
    "cdp_data.services.geography_loading.load_police":
        lambda ws: geography_loading.load_police(ws, "s.csv", JUNK, partnership_code=A),
    "cdp_data.services.geography_loading.load_police_counts":
        lambda ws: geography_loading.load_police_counts(ws, "p.csv", pd.DataFrame()),
    "cdp_data.services.geography_loading.load_harm":
        lambda ws: geography_loading.load_harm(ws, "h.csv", JUNK, partnership_code=A),
    "cdp_data.services.indicator_files.load_fingertips_export":
        lambda ws: indicator_files.load_fingertips_export(ws, "f.csv", JUNK, partnership_code=A),
    "cdp_data.services.indicator_files.load_ndtms":
        lambda ws: indicator_files.load_ndtms(ws, "n.csv", JUNK, partnership_code=A),
    "cdp_data.services.indicator_files.load_prevalence":
        lambda ws: indicator_files.load_prevalence(ws, "a.csv", JUNK, partnership_code=A),
    "cdp_data.services.indicator_files.load_template":
        lambda ws: indicator_files.load_template(ws, "t.csv", JUNK, partnership_code=A),
    "cdp_data.services.targets.save_baselines": lambda ws: targets.save_baselines(ws, A, pd.DataFrame()),
    "cdp_data.services.targets.save_targets": lambda ws: targets.save_targets(ws, A, pd.DataFrame()),
    "cdp_data.services.targets.import_targets_workbook":
        lambda ws: targets.import_targets_workbook(ws, A, "t.xlsx", JUNK),
    "cdp_data.services.milestones.save_milestones": lambda ws: milestones.save_milestones(ws, A, pd.DataFrame()),
    "cdp_data.services.indicators.save_peer_group":
        lambda ws: indicators.save_peer_group(ws, A, "Near", ["E08000014"]),
    "cdp_data.services.indicators.delete_peer_group": lambda ws: indicators.delete_peer_group(ws, A, "Near"),
    "cdp_data.services.loading.load_workbook":
        lambda ws: loading.load_workbook(ws, "w.xlsx", tracker(ROWS), partnership_code=A),
    "cdp_data.services.loading.load_folder": lambda ws: loading.load_folder(ws, "/tmp", partnership_code=A),
    "cdp_data.services.fetch.fetch_geography": lambda ws: fetch.fetch_geography(ws, A),
    "cdp_data.services.fingertips_api.fetch_indicators": lambda ws: fingertips_api.fetch_indicators(ws, ["90244"]),
    "cdp_data.services.fingertips_api.fetch_profile": lambda ws: fingertips_api.fetch_profile(ws, "1"),
    "cdp_data.services.meeting.record_meeting": lambda ws: meeting.record_meeting(ws, A),
    "cdp_data.services.meeting.save_agenda": lambda ws: meeting.save_agenda(ws, A, ["tiles"], []),
    "cdp_data.services.undo.undo_load": lambda ws: undo.undo_load(ws, 1),
    "cdp_data.services.backup.restore": lambda ws: backup.restore(ws, "/nonexistent/backup.zip"),
    "cdp_data.services.similar_areas.store_features": lambda ws: similar_areas.store_features(ws, pd.DataFrame()),
    "cdp_data.services.similar_areas.save_similar_peer_group":
        lambda ws: similar_areas.save_similar_peer_group(ws, A),
    "cdp_data.services.partnerships.declare_partnership": lambda ws: partnerships.declare_partnership(ws, "E06000001"),
    "cdp_data.services.partnerships.remove_partnership": lambda ws: partnerships.remove_partnership(ws, A),
}


def _import_every_service():
    for info in pkgutil.iter_modules(cdp_data.services.__path__):
        importlib.import_module(f"cdp_data.services.{info.name}")


def test_every_registered_write_service_has_a_refusal_case():
    _import_every_service()
    assert set(access.WRITE_SERVICES) == set(CALLS)


def _snapshot(ws) -> dict:
    with ws.connect() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in metadata.sorted_tables if t.name not in ("audit_log", "meta")}


@pytest.mark.parametrize("who", ["viewer", "editor of another partnership"])
@pytest.mark.parametrize("service", sorted(CALLS))
def test_every_write_service_refuses_and_writes_nothing(workspace, service, who):
    roles = {A: "viewer"} if who == "viewer" else {B: "editor"}
    ws = as_user(workspace, "test@example.org", **roles)
    before, entries = _snapshot(workspace), audit.count(workspace)
    with pytest.raises(PermissionDenied, match=r"test@example\.org (is|may not)"):
        CALLS[service](ws)
    assert _snapshot(workspace) == before
    # refused attempts are recorded (and nothing else is)
    trail = audit.entries(workspace)
    assert audit.count(workspace) == entries + 1
    last = trail.iloc[-1]
    assert (last["action"], last["user"]) == ("refused", "test@example.org")
    assert last["summary"].startswith("Refused (")


def test_an_editor_uploads_to_their_partnership_and_it_is_recorded(workspace):
    ws = as_user(workspace, "Editor@Example.org", **{A: "editor"})
    content = tracker(ROWS)
    stored = plan.upload_version(ws, A, "tracker.xlsx", content)
    last = audit.entries(workspace).iloc[-1]
    assert (last["user"], last["partnership"], last["action"]) == ("Editor@Example.org", A, "plan uploaded")
    assert (last["filename"], last["sha256"]) == ("tracker.xlsx", hashlib.sha256(content).hexdigest())
    assert f'"plan_version": {stored.version_id}' in last["counts"]
    with pytest.raises(PermissionDenied, match=f"not a member of partnership {B}"):
        plan.upload_version(ws, B, "tracker.xlsx", content)


def test_a_large_file_digest_hashed_beside_the_load_is_the_file_sha256(workspace, monkeypatch):
    """A file over :data:`access.DIGEST_ALONGSIDE_FROM` is hashed on a thread while the service runs; the audit
    trail records the same SHA-256, for a stored upload and for a refused one."""
    monkeypatch.setattr(access, "DIGEST_ALONGSIDE_FROM", 1)
    content = tracker(ROWS)
    ws = as_user(workspace, "editor@example.org", **{A: "editor"})
    plan.upload_version(ws, A, "tracker.xlsx", content)
    with pytest.raises(PermissionDenied):
        plan.upload_version(ws, B, "other.xlsx", content + b" ")
    stored, refused = audit.entries(workspace).iloc[-2:].to_dict("records")
    assert (stored["action"], stored["sha256"]) == ("plan uploaded", hashlib.sha256(content).hexdigest())
    assert (refused["action"], refused["sha256"]) == ("refused", hashlib.sha256(content + b" ").hexdigest())


def test_a_workbook_through_the_detector_is_one_entry(workspace, shared_data):
    ws = as_user(workspace, "editor@example.org", **{A: "editor"})
    before = audit.count(workspace)
    content = (shared_data / "plans" / "tracker_flat.xlsx").read_bytes()
    report = loading.load_file(ws, "tracker_flat.xlsx", content, partnership_code=A)
    trail = audit.entries(workspace)
    assert len(trail) == before + 1
    last = trail.iloc[-1]
    assert (last["action"], last["partnership"], last["summary"]) == ("workbook loaded", A, report.summary)
    assert '"rows": 16' in last["counts"]


def test_members_read_only_their_partnerships_plans_targets_and_peer_groups(workspace):
    theirs = plan.add_plan_version(workspace, B, "b.xlsx", tracker(ROWS))  # the local administrator
    indicators.save_peer_group(workspace, B, "Wirral's", ["E08000014"])
    ws = as_user(workspace, "viewer@example.org", **{A: "viewer"})
    assert set(plan.versions(ws, None)["partnership_code"]) == {A}
    assert not plan.versions(ws, A).empty
    for read in (lambda: plan.versions(ws, B), lambda: plan.actions(ws, theirs),
                 lambda: plan.original_file(ws, theirs), lambda: plan.links(ws, B),
                 lambda: targets.baselines_frame(ws, B), lambda: targets.target_statuses(ws, B),
                 lambda: milestones.milestone_checklist(ws, B), lambda: indicators.peer_group_names(ws, B)):
        with pytest.raises(PermissionDenied, match=f"viewer@example.org is not a member of partnership {B}"):
            read()
    assert {s.partnership_code for s in targets.target_statuses(ws)} <= {A}
    assert set(targets.targets_frame(ws)["partnership_code"]) <= {A}
    assert access.visible_partnerships(ws)["code"].tolist() == [A]


def test_a_global_administrator_from_cdp_admins_sees_and_does_everything(workspace, monkeypatch):
    monkeypatch.setenv("CDP_ADMINS", "someone@example.org, Chief@Example.org")
    ws = workspace.acting_as(User(email="chief@example.org"))
    assert access.is_global_admin(ws) and access.role_of(ws, B) == "admin"
    assert len(access.visible_partnerships(ws)) == len(workspace.partnerships())
    assert access.add_member(ws, "First.Admin@example.org", B, "admin") == "first.admin@example.org is an admin of E08000015."
    assert access.role_of(workspace.acting_as(User(email="first.admin@example.org")), B) == "admin"


def test_an_admin_manages_their_partnership_and_reads_its_audit_trail(workspace):
    admin = as_user(workspace, "admin@example.org", **{A: "admin", B: "viewer"})
    assert access.add_member(admin, "Ed@example.org", A, "editor") == "ed@example.org is an editor of E10000017."
    assert access.add_member(admin, "ed@example.org", A, "viewer").endswith("(was an editor).")
    with pytest.raises(PermissionDenied, match="admin@example.org is a viewer of partnership E08000015"):
        access.add_member(admin, "ed@example.org", B, "viewer")
    with pytest.raises(access.MembershipError, match="'boss' is not a role"):
        access.add_member(admin, "ed@example.org", A, "boss")
    with pytest.raises(access.MembershipError, match="not an e-mail address"):
        access.add_member(admin, "ed at example", A, "viewer")
    assert access.list_members(admin)[["email", "role"]].values.tolist() == [
        ["admin@example.org", "admin"], ["ed@example.org", "viewer"]]
    catalogue.set_polarity(admin, "naloxone_kits", "high_is_good")  # shared data: any partnership's admin
    assert access.remove_member(admin, "ed@example.org", A) == "ed@example.org (a viewer) removed from E10000017."
    with pytest.raises(access.MembershipError, match="not a member"):
        access.remove_member(admin, "ed@example.org", A)
    trail = access.audit_trail(admin)
    # the refusal about B is for B's admins to read, not this one's
    assert trail["action"].tolist()[-4:] == ["member added", "member added", "polarity set", "member removed"]
    assert set(trail["partnership"]) <= {A, None}
    refusals = access.audit_trail(workspace, action="refused")  # the local administrator reads everything
    assert refusals["partnership"].tolist()[-1] == B and "is a viewer of" in refusals["summary"].iloc[-1]
    assert access.audit_trail(admin, action="polarity set")["partnership"].tolist() == [None]
    assert access.audit_trail(admin, since=dt.date.today() + dt.timedelta(days=1)).empty
    viewer = as_user(workspace, "v@example.org", **{A: "viewer"})
    with pytest.raises(PermissionDenied, match="may not read the audit trail"):
        access.audit_trail(viewer)
    with pytest.raises(PermissionDenied, match="may not read the audit trail"):
        access.list_members(viewer)


def test_a_write_step_refuses_a_signed_in_user_outside_a_checked_service(workspace):
    ws = as_user(workspace, "admin@example.org", **{A: "admin"})
    frame = pd.DataFrame({"indicator_id": ["x"], "area_code": [A], "period": ["2024/25"], "value": [1.0]})
    with pytest.raises(PermissionDenied, match="outside a checked action"):
        indicator_loading.store_values(ws, frame, kind="test", filename="x.csv", source="test")


def test_local_figures_for_another_partnership_are_refused(workspace):
    from cdp_data.services.templates import indicator_template_csv

    ws = as_user(workspace, "editor@example.org", **{A: "editor"})
    # the template's example rows are for Wirral (E08000015): made real rows, they are another partnership's
    content = indicator_template_csv().replace(b"Example row: replace", b"Real figure")
    with pytest.raises(PermissionDenied, match="not a member of partnership E08000015"):
        loading.load_file(ws, "figures.csv", content, partnership_code=A)


def test_local_mode_is_an_administrator_recorded_as_the_operating_system_user(workspace):
    assert workspace.user.local and access.is_admin(workspace)
    targets.save_targets(workspace, A, targets.targets_frame(workspace, A))
    last = audit.entries(workspace).iloc[-1]
    assert (last["user"], last["action"], last["partnership"]) == (workspace.user.email, "targets saved", A)


# ---- no write without a check ------------------------------------------------------------------------
WRITE_NAMES = ("begin", "log_load", "put_dataset", "merge_dataset", "merge", "store_file", "set_setting",
               "upsert_areas", "clear", "put", "record")
WRITE_PREFIXES = ("replace_", "delete_", "insert_", "update_", "seed_", "ensure_", "write_", "remove_")


HANDLES = {"ws", "conn", "c", "_ws", "workspace"}


def _on_the_workspace(call: ast.Call) -> bool:
    """``ws.x(...)``, ``conn.x(...)`` or ``module.x(ws, ...)`` / ``module.x(conn, ...)``."""
    receiver = call.func.value
    first = call.args[0] if call.args else None
    return (isinstance(receiver, ast.Name) and receiver.id in HANDLES) or \
        (isinstance(first, ast.Name) and first.id in HANDLES)


def _writes_directly(node: ast.FunctionDef) -> bool:
    for call in ast.walk(node):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and _on_the_workspace(call):
            name = call.func.attr
            if name in WRITE_NAMES or name.startswith(WRITE_PREFIXES):
                return True
    return False


def _decorated(node: ast.FunctionDef) -> bool:
    names = {ast.unparse(d.func if isinstance(d, ast.Call) else d).rsplit(".", 1)[-1] for d in node.decorator_list}
    return bool(names & {"writes", "write_step"})


def _calls(node: ast.FunctionDef) -> set[str]:
    return {c.func.id for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}


def test_no_service_writes_without_a_check():
    """Every function in cdp_data/services and bootstrap that writes (directly, or through an undecorated
    function of its module that does) wears @writes or @write_step."""
    package = Path(cdp_data.services.__file__).parent
    unchecked = []
    for path in [*sorted(package.glob("*.py")), package.parent / "bootstrap.py"]:
        functions = {n.name: n for n in ast.parse(path.read_text()).body if isinstance(n, ast.FunctionDef)}
        writers = {name for name, node in functions.items() if _writes_directly(node) and not _decorated(node)}
        grown = True
        while grown:
            more = {name for name, node in functions.items()
                    if name not in writers and not _decorated(node) and _calls(node) & writers}
            writers |= more
            grown = bool(more)
        unchecked += [f"{path.stem}.{name}" for name in sorted(writers) if not name.startswith("_")]
    assert unchecked == ["access.writes"]  # the decorator itself: it records what it checked
