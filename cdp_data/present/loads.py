"""Sentences about loads and undoing them (the Data page and ``workspace undo`` share them)."""

from __future__ import annotations

from . import uk_date


def load_name(load_id: int, source_file: str | None) -> str:
    """``load 12 (latest.csv)``."""
    return f"load {load_id} ({source_file})" if source_file else f"load {load_id}"


def no_such_load(given) -> str:
    return f"There is no load {given} in this workspace; the load history on the Data page lists them."


def not_a_load_id(given) -> str:
    return f"'{given}' is not a load number; give the number shown in the load history, such as 12."


def already_undone(load_id: int, source_file: str | None, when) -> str:
    return f"{load_name(load_id, source_file).capitalize()} was already undone on {uk_date(when)}."


def nothing_recorded(load_id: int, source_file: str | None) -> str:
    return (f"{load_name(load_id, source_file).capitalize()} cannot be undone: it was made before the workspace "
            "kept what loads replace, or it changed nothing that undo covers.")


def targets_not_covered(load_id: int, source_file: str | None) -> str:
    return (f"{load_name(load_id, source_file).capitalize()} set baselines and targets, which undo does not cover; "
            "change them on the Data page's Baselines and targets tab.")


def later_load_first(load_id: int, source_file: str | None, later_id: int, later_file: str | None) -> str:
    return (f"{load_name(load_id, source_file).capitalize()} cannot be undone while the later "
            f"{load_name(later_id, later_file)} builds on what it loaded: undo load {later_id} first.")


def undone_summary(load_id: int, source_file: str | None, rows: int | None, replaced: int,
                   counts: dict[str, int]) -> str:
    """One line: what undoing a load did (``counts`` from the store: areas, catalogue entries, plan versions)."""
    name = load_name(load_id, source_file)
    if counts.get("plan_versions"):
        text = f"Undid {name}: its delivery-plan version is taken away (the uploaded file is kept)"
    else:
        text = f"Undid {name}: the {rows or 0:,} rows it loaded are taken away"
        text += f" and the {replaced:,} it replaced are back" if replaced else ""
    extras = [f"{n:,} {one if n == 1 else many}" for key, one, many in (
        ("areas", "area", "areas"), ("catalogue", "catalogue entry", "catalogue entries")) if (n := counts.get(key))]
    return text + (f"; {' and '.join(extras)} it added or changed are as they were" if extras else "") + "."
