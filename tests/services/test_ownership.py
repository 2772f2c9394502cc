"""A partnership's local figures (the local-figures template) and ward harm counts are read by its members only:
through every service, the load log and the holdings list, and the command line acting as a member
(``--as``). National data (here the demo's Fingertips-style values) is read by everyone, and local mode reads
everything."""

from __future__ import annotations

import pandas as pd
import pytest

from cdp_data import cli
from cdp_data.core.errors import PermissionDenied
from cdp_data.core.identity import User
from cdp_data.services import geography_loading, indicators, loading, meeting, overview, unmet_need, ward_map, workspace
from cdp_data.store import indicator_values
from cdp_data.store import members, stored_datasets
from tests.services.read_once import built_once
from tests.services.test_access import as_user

A, B, C = "E10000017", "E08000015", "E06000006"   # Lancashire, Wirral, Halton
LOCAL = "naloxone_kits_local"
HEAD = ("Indicator ID,Indicator name,Area code,Area name,Period,Period start,Period end,Value,Count,Denominator,"
        "Lower CI 95,Upper CI 95,Unit,Source,Note\n")


def _figures(area: str, kits: int) -> bytes:
    return (HEAD + f"{LOCAL},Naloxone kits supplied,{area},,2024/25,2024-04-01,2025-03-31,,{kits},,,,count,"
                   f"Provider,\n").encode()


def _harm(ward: str, count: int) -> bytes:
    return f"Geography code,Measure,Period,Count\n{ward},people_in_treatment,2024/25,{count}\n".encode()


MEMBERS = {"ed-a@example.org": {A: "editor"}, "ed-b@example.org": {B: "editor"},
           "view-a@example.org": {A: "viewer"}, "view-b@example.org": {B: "viewer"},
           "halton@example.org": {C: "editor"}, "halton-viewer@example.org": {C: "viewer"}}


def _load(ws):
    """A's and B's editors each load their local figures and harm counts; the readers of the tests below are
    made members first (:data:`MEMBERS`)."""
    for email, roles in MEMBERS.items():
        as_user(ws, email, **roles)
    editor_a, editor_b = member(ws, "ed-a@example.org"), member(ws, "ed-b@example.org")
    loading.load_file(editor_a, "lancashire-kits.csv", _figures(A, 140), partnership_code=A)
    loading.load_file(editor_b, "wirral-kits.csv", _figures(B, 90), partnership_code=B)
    geography_loading.load_harm(editor_a, "lancashire-harm.csv", _harm("E05000001", 12), partnership_code=A)
    return ws


# ``loaded``: on SQLite one workspace per module for the tests that only read it (tests/services/read_once.py)
_shared_loaded, loaded = built_once("loaded", _load)


@pytest.fixture
def fresh_loaded(workspace):
    """The same, of its own, for a test that writes."""
    return _load(workspace)


def member(ws, email: str):
    """The workspace used by ``email``, one of :data:`MEMBERS` (a member already: nothing is written)."""
    assert members.roles_of(ws, email) == MEMBERS[email]
    return ws.acting_as(User(email=email, name=email))


def _areas(ws, indicator_id: str, period: str = "2024/25") -> set[str]:
    return set(indicators.compare_areas(ws, indicator_id, period)["area_code"])


def test_each_partnership_reads_its_own_local_figures_and_nobody_elses(loaded):
    ws = loaded
    viewer_a = member(ws, "view-a@example.org")
    viewer_b = member(ws, "view-b@example.org")
    outsider = member(ws, "halton@example.org")
    assert {s.owner for s in indicator_values.segments(ws).itertuples() if s.indicator_id == LOCAL} == {A, B}
    assert _areas(viewer_a, LOCAL) == {A} and _areas(viewer_b, LOCAL) == {B} and _areas(ws, LOCAL) == {A, B}
    assert indicators.indicator_periods(viewer_b, LOCAL) == ["2024/25"]
    assert LOCAL not in set(indicators.indicator_choices(outsider)["indicator_id"])
    assert indicators.compare_areas(outsider, LOCAL, "2024/25").empty
    assert indicators.indicator_periods(outsider, LOCAL) == []
    assert LOCAL in indicators.partnership_indicator_ids(viewer_a, A)
    assert LOCAL not in indicators.partnership_indicator_ids(viewer_b, A)   # A's figure, asked for by B
    assert LOCAL not in {i for i, _name in overview.dumbbell_indicators(outsider)}
    assert LOCAL in {i for i, _name in overview.dumbbell_indicators(viewer_a)}
    assert indicators.indicator_info(viewer_a, LOCAL)["loaded_from"] == "lancashire-kits.csv"
    assert indicators.indicator_info(viewer_b, LOCAL)["loaded_from"] == "wirral-kits.csv"
    assert indicators.indicator_info(outsider, LOCAL)["loaded_from"] is None
    # what each reads is the value its own partnership loaded
    assert indicators.compare_areas(viewer_a, LOCAL, "2024/25")["value"].tolist() == [140.0]
    assert indicators.compare_areas(viewer_b, LOCAL, "2024/25")["value"].tolist() == [90.0]


def test_national_data_stays_readable_by_everyone(loaded):
    outsider = member(loaded, "halton-viewer@example.org")
    everyone = indicators.compare_areas(loaded, "adults_in_treatment", "2023")
    theirs = indicators.compare_areas(outsider, "adults_in_treatment", "2023")
    assert set(theirs["area_code"]) == set(everyone["area_code"]) and B in set(theirs["area_code"])
    assert "adults_in_treatment" in set(indicators.indicator_choices(outsider)["indicator_id"])
    assert not unmet_need.all_areas_unmet_need(outsider).empty


def test_harm_counts_are_read_by_their_partnership_only(loaded):
    viewer_a = member(loaded, "view-a@example.org")
    viewer_b = member(loaded, "view-b@example.org")
    stored = stored_datasets.catalogue(loaded, "harm_counts")
    assert stored["owner"].tolist() == [A]
    assert ward_map.has_ward_treatment_counts(viewer_a) and not ward_map.has_ward_treatment_counts(viewer_b)
    assert ward_map.load_inputs(viewer_a).harm["count"].tolist() == [12]
    assert ward_map.load_inputs(viewer_b).harm is None
    assert "harm_counts" in set(geography_loading.geography_status(viewer_a)["kind"])
    assert "harm_counts" not in set(geography_loading.geography_status(viewer_b)["kind"])


def test_another_partnerships_harm_counts_never_replace_ones_own(fresh_loaded):
    editor_b = member(fresh_loaded, "ed-b@example.org")
    report = geography_loading.load_harm(editor_b, "wirral-harm.csv", _harm("E05000001", 30), partnership_code=B)
    assert report.details["replaced_rows"] == 0
    owned = {r.owner: stored_datasets.get(fresh_loaded, r.id)["count"].tolist()
             for r in stored_datasets.catalogue(fresh_loaded, "harm_counts").itertuples()}
    assert owned == {A: [12], B: [30]}


def test_the_load_log_and_holdings_name_only_ones_own_files(loaded):
    viewer_b = member(loaded, "view-b@example.org")
    files = set(workspace.load_history_of(viewer_b)["source_file"].dropna())
    assert "wirral-kits.csv" in files and not files & {"lancashire-kits.csv", "lancashire-harm.csv"}
    assert "bundled demo figures" in files   # national loads stay listed
    everything = set(workspace.load_history_of(loaded)["source_file"].dropna())
    assert {"lancashire-kits.csv", "lancashire-harm.csv", "wirral-kits.csv"} <= everything
    held = workspace.workspace_holdings(viewer_b)
    assert held[held["kind"] == "harm_counts"].empty
    assert set(held.loc[held["kind"] == "delivery plan", "vintage"]) <= {B}   # no other partnership's plan files
    assert set(workspace.workspace_holdings(loaded).loc[lambda h: h["kind"] == "delivery plan", "vintage"]) >= {A}


def test_the_command_line_acting_as_a_member_reads_what_they_may(loaded, capsys, monkeypatch):
    member(loaded, "view-b@example.org")
    monkeypatch.setenv("CDP_WORKSPACE", str(loaded.folder))
    assert cli.main(["workspace", "history", "--as", "VIEW-B@example.org"]) == 0
    theirs = capsys.readouterr().out
    assert cli.main(["workspace", "history"]) == 0
    local = capsys.readouterr().out
    assert "wirral-kits.csv" in theirs and "lancashire-kits.csv" not in theirs and "lancashire-harm.csv" not in theirs
    assert "lancashire-kits.csv" in local and "lancashire-harm.csv" in local
    assert cli.main(["targets", "status", "--partnership", A, "--as", "view-b@example.org"]) == 2
    assert capsys.readouterr().err.strip() == ("view-b@example.org is not a member of partnership E10000017: one "
                                               "of its admins can add you (you need to be a viewer).")


def test_an_editor_cannot_store_figures_for_another_partnership(workspace):
    editor_a = as_user(workspace, "ed-a@example.org", **{A: "editor"})
    before = indicator_values.segments(workspace)
    with pytest.raises(PermissionDenied, match=B):
        loading.load_file(editor_a, "both.csv", _figures(A, 1) + _figures(B, 2)[len(HEAD):], partnership_code=A)
    with pytest.raises(PermissionDenied):
        geography_loading.load_harm(editor_a, "harm.csv", _harm("E05000001", 12), partnership_code=B)
    pd.testing.assert_frame_equal(indicator_values.segments(workspace), before)


def test_figures_for_an_area_of_no_partnership_belong_to_the_partnership_chosen(workspace):
    editor_a = as_user(workspace, "ed-a@example.org", **{A: "editor"})
    loading.load_file(editor_a, "burnley.csv", _figures("E07000117", 33), partnership_code=A)
    owners = {s.owner for s in indicator_values.segments(workspace).itertuples() if s.indicator_id == LOCAL}
    assert owners == {A}
    assert _areas(as_user(workspace, "view-b@example.org", **{B: "viewer"}), LOCAL) == set()


def test_the_command_line_without_a_partnership_says_the_figures_are_everyones(workspace):
    report = loading.load_file(workspace, "burnley.csv", _figures("E07000117", 33))
    assert report.warnings[0] == (
        "1 figure belongs to no partnership, so every signed-in user can read them: load the file again with the "
        "partnership named (--partnership CODE, one of E06000006, E08000014, E08000015, E10000017) to make them "
        "its own.")
    owners = {s.owner for s in indicator_values.segments(workspace).itertuples() if s.indicator_id == LOCAL}
    assert owners == {None}


def test_a_partnerships_meetings_and_agenda_are_read_by_its_members_only(workspace):
    meeting.record_meeting(workspace, A)
    meeting.save_agenda(workspace, A, ["tiles"], [])
    viewer_a = as_user(workspace, "view-a@example.org", **{A: "viewer"})
    viewer_b = as_user(workspace, "view-b@example.org", **{B: "viewer"})
    assert len(meeting.recorded_meetings(viewer_a, A)) == 1 and meeting.saved_agenda(viewer_a, A) is not None
    for read in (meeting.recorded_meetings, meeting.saved_agenda, meeting.unmet_need_figures, meeting.agenda,
                 meeting.since_last_meeting):
        with pytest.raises(PermissionDenied, match="not a member of partnership E10000017"):
            read(viewer_b, A)
    with pytest.raises(PermissionDenied, match="not a member of partnership E10000017"):
        meeting.indicator_figures(viewer_b, A, "adults_in_treatment")


def test_the_sidebar_counts_hold_only_what_the_user_may_read(loaded):
    """The workspace status line counts the user's partnerships' plans and figures only: another partnership's plan
    versions or local figures cannot be read off it."""
    everything = workspace.visible_counts(loaded)            # local mode: the operating-system user sees all
    viewer_b = member(loaded, "view-b@example.org")
    seen_by_b = workspace.visible_counts(viewer_b)
    assert everything["plan_versions"] == 2 and seen_by_b["plan_versions"] == 0   # both demo plans are Lancashire's
    assert everything["indicator_values"] - seen_by_b["indicator_values"] == 1     # A's one local figure
    viewer_a = member(loaded, "view-a@example.org")
    assert workspace.visible_counts(viewer_a)["plan_versions"] == 2
    assert everything["synthetic"]   # the demo's delivery plan is synthetic, and the status line says so
    for user, counts in ((loaded, everything), (viewer_b, seen_by_b)):   # the totals of what the Data page lists
        held = workspace.workspace_holdings(user)
        indicator_rows, plans = held["kind"].eq("indicator values"), held["kind"].eq("delivery plan")
        assert counts == {"indicator_values": int(held.loc[indicator_rows, "rows"].sum()),
                          "plan_versions": int(plans.sum()), "datasets": int((~indicator_rows & ~plans).sum()),
                          "synthetic": bool(held["is_synthetic"].any())}


def test_a_partnerships_own_indicator_is_in_the_catalogue_of_its_members_only(workspace):
    from cdp_data.services import catalogue

    editor_a = as_user(workspace, "ed-a@example.org", **{A: "editor"})
    loading.load_file(editor_a, "lancashire-only.csv", _figures(A, 140).replace(LOCAL.encode(), b"kits_lancs_only"),
                      partnership_code=A)
    viewer_a = as_user(workspace, "view-a@example.org", **{A: "viewer"})
    viewer_b = as_user(workspace, "view-b@example.org", **{B: "viewer"})
    assert "kits_lancs_only" in set(catalogue.get_catalogue(viewer_a)["indicator_id"])
    assert "kits_lancs_only" in set(catalogue.get_catalogue(workspace)["indicator_id"])      # local mode: all
    seen_by_b = set(catalogue.get_catalogue(viewer_b)["indicator_id"])
    assert "kits_lancs_only" not in seen_by_b
    assert {"caseload_per_worker", "93517"} <= seen_by_b   # the bundled catalogue stays everyone's
