"""Where area names come from: official ONS lookups or the user, never silently from an upload.

- An upload (Fingertips, NDTMS, the template, prevalence estimates) that names an area new to the workspace
  gives it the official name when a stored lookup holds the code (the file's own name only when none does);
  a file calling it something else is reported (:func:`official_for_new_areas`).
- Loading a lookup sets the official name of the areas it holds and reports each name it changed
  (:func:`apply_official_names`). An upload never renames an area already recorded
  (:func:`cdp_data.store.area_register.add_from_upload`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..core.kinds import Kind
from ..sources import lookups
from ..store import Workspace, area_register
from ..store import stored_datasets as datasets

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


_NOT_IN_A_NAME = re.compile(r"[<>\x00-\x1f]")  # markup and control characters


def plain_name(value) -> str | None:
    """An area name fit to show, or None (markup, control characters or an absurd length are not names)."""
    if not isinstance(value, str):
        return None
    name = " ".join(value.split())
    if not name or len(name) > 200 or _NOT_IN_A_NAME.search(name):
        return None
    return name


def official_names(ws: Workspace, codes: set[str] | None = None) -> dict[str, str]:
    """Official names from the stored lookups (newer lookups win), of ``codes`` if given."""
    names: dict[str, str] = {}
    for ds in reversed(list(datasets.catalogue(ws, Kind.LOOKUP).itertuples())):  # oldest first
        frame = datasets.get(ws, ds.id)
        for code, name in lookups.area_names(frame).items():
            if (codes is None or code in codes) and (plain := plain_name(name)):
                names[code] = plain
    return names


def official_for_new_areas(ws: Workspace, conn: Connection, rows: list[dict]) -> list[tuple[str, str, str]]:
    """Give the areas in ``rows`` that the workspace does not hold yet their official name, when a stored
    lookup has one (changes ``rows``). Returns (code, official name, name in the file) where they differ."""
    recorded = area_register.names_of(conn, [r["code"] for r in rows])
    new = [r for r in rows if r["code"] not in recorded]
    if not new:
        return []
    official = official_names(ws, {r["code"] for r in new})
    used = []
    for row in new:
        name = official.get(row["code"])
        if not name:
            continue
        given = row.pop("name_given", None) or row.get("name")
        row["name"] = name
        if given and given != name:
            used.append((row["code"], name, given))
    return used


def apply_official_names(ws: Workspace, conn: Connection, names: dict[str, str]) -> list[tuple[str, str, str]]:
    """Set the official name of each recorded area a lookup names; returns (code, old name, official name)
    for each name changed."""
    names = {code: plain for code, name in names.items() if (plain := plain_name(name))}
    recorded = area_register.names_of(conn, list(names))
    changed = [(code, old, names[code]) for code, old in sorted(recorded.items()) if old != names[code]]
    if changed:
        area_register.upsert(ws, conn, [{"code": code, "name": new} for code, _old, new in changed])
    return changed


def official_warnings(used: list, renamed: list) -> list[str]:
    """Sentences for the report: names taken from a lookup instead of the file, names a lookup changed."""
    out = [f"The file calls {code} '{shown(given)}'; the official name from the ONS lookup, '{name}', was used."
           for code, name, given in used[:5]]
    out += [f"The lookup names {code} '{new}'; the name recorded, '{shown(old)}', was changed to it."
            for code, old, new in renamed[:5]]
    more = max(len(used) - 5, 0) + max(len(renamed) - 5, 0)
    if more:
        out.append(f"{more} more area names were set from the official lookup.")
    return out


def shown(name: str, limit: int = 60) -> str:
    text = " ".join(str(name).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
