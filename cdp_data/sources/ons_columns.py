"""ONS column names: ward, district, county and LSOA code columns of any vintage (``WD24CD``, ``LAD23NM`` ...),
and the app's own names for them (``ward_code``, ``lad_code`` ...)."""

from __future__ import annotations

import re

WARD_CODE = re.compile(r"^wd\d{2}cd$", re.IGNORECASE)
WARD_NAME = re.compile(r"^wd\d{2}nm$", re.IGNORECASE)
LAD_CODE = re.compile(r"^lad\d{2}cd$", re.IGNORECASE)
LAD_NAME = re.compile(r"^lad\d{2}nm$", re.IGNORECASE)
CTYUA_CODE = re.compile(r"^(ctyua|utla)\d{2}cd$", re.IGNORECASE)
CTYUA_NAME = re.compile(r"^(ctyua|utla)\d{2}nm$", re.IGNORECASE)
RGN_NAME = re.compile(r"^rgn\d{2}nm$", re.IGNORECASE)
LSOA11 = re.compile(r"^lsoa11cd$", re.IGNORECASE)
LSOA21 = re.compile(r"^lsoa21cd$", re.IGNORECASE)

# Pattern -> the app's name, for the columns a ward table keeps.
WARD_COLUMNS = ((WARD_NAME, "ward_name"), (LAD_CODE, "lad_code"), (LAD_NAME, "lad_name"),
                (CTYUA_CODE, "ctyua_code"), (CTYUA_NAME, "ctyua_name"))


def column(columns, pattern: re.Pattern, *, latest: bool = True) -> str | None:
    """The column matching ``pattern``; with several vintages, the newest (highest yy)."""
    found = sorted((c for c in columns if pattern.match(str(c))), key=lambda c: re.sub(r"\D", "", str(c)))
    if not found:
        return None
    return found[-1] if latest else found[0]
