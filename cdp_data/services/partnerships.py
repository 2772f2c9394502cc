"""Which areas are partnerships: the rest are comparators only (on the Compare page, the heatmap and as
benchmarks), never in the partnership picker or on Unmet need's list of partnerships.

The rule: an area is a partnership when the bundled demo seeds it or an administrator declares it (the
Admin page, ``python -m cdp_data partnerships add CODE``). Loading national data (a Fingertips extract, the
Fingertips API, NDTMS tables, the local-figures template) records the areas it names as comparators and
never makes one a partnership; an area already marked stays one until an administrator removes it
(``partnerships remove CODE``, refused while it has members or a delivery plan).
"""

from __future__ import annotations

import pandas as pd

from ..core.errors import CDPError
from ..indicators import ENGLAND
from ..present import access as words
from ..store import Workspace
from ..store import area_register, members, plans
from .access import WHOLE_WORKSPACE, writes

UPPER_TIER = ("E06", "E08", "E09", "E10")   # unitary, metropolitan, London borough, county


class PartnershipError(CDPError):
    """An area cannot be declared or removed as a partnership as asked."""


def list_partnerships(ws: Workspace) -> pd.DataFrame:
    """The partnerships: code, name, area_type and region_code, by name."""
    return ws.partnerships()[["code", "name", "area_type", "region_code"]].reset_index(drop=True)


def candidates(ws: Workspace) -> dict[str, str]:
    """Upper-tier areas recorded in the workspace that are not partnerships: code -> "Name (code)"."""
    frame = ws.areas()
    frame = frame[frame["code"].str.startswith(UPPER_TIER) & ~frame["is_partnership"].astype(bool)]
    return {code: f"{name} ({code})" for code, name in zip(frame["code"], frame["name"])}


def _recorded(ws: Workspace, code: str) -> dict:
    code = (code or "").strip()
    row = area_register.area_row(ws, code) if code else None
    if row is None:
        raise PartnershipError(f"{code or 'An empty code'} is not an area recorded in this workspace: load data "
                               "naming it (a Fingertips extract, a lookup) first.")
    if code == ENGLAND or code.startswith("E12"):
        raise PartnershipError(f"{code} ({row['name']}) is England or a region, not a local area: it cannot be "
                               "a partnership.")
    return row


@writes("partnership declared", "admin", scope=WHOLE_WORKSPACE, partnership="code")
def declare_partnership(ws: Workspace, code: str) -> str:
    """Make a recorded local area a partnership (global administrators only). Returns the sentence recorded
    in the audit trail."""
    row = _recorded(ws, code)
    if bool(row["is_partnership"]):
        return f"{row['name']} ({row['code']}) is already a partnership."
    with ws.begin() as conn:
        area_register.set_partnership(conn, row["code"], True)
    return f"{row['name']} ({row['code']}) is now a partnership."


@writes("partnership removed", "admin", scope=WHOLE_WORKSPACE, partnership="code")
def remove_partnership(ws: Workspace, code: str) -> str:
    """Make a partnership a comparator only again; refused while it has members or a delivery plan."""
    row = _recorded(ws, code)
    if not bool(row["is_partnership"]):
        raise PartnershipError(words.not_partnership(row["code"]))
    if not members.listing(ws, [row["code"]]).empty or not plans.versions(ws, row["code"]).empty:
        raise PartnershipError(f"{row['name']} ({row['code']}) has members or a delivery plan, so it stays a "
                               "partnership: remove those first.")
    with ws.begin() as conn:
        area_register.set_partnership(conn, row["code"], False)
    return f"{row['name']} ({row['code']}) is now a comparator only, not a partnership."
