"""Boundaries of the areas above wards: counties and unitary authorities (``CTYUAyyCD``, also ``UTLAyyCD``)
or local authority districts (``LADyyCD``), GeoJSON or a zipped shapefile, in any CRS, read as EPSG:4326.

Read under the same limits and checks as ward boundaries (:mod:`cdp_data.sources.boundaries`: bytes, JSON
depth, features and vertices counted before the features are read, polygons only, GSS codes only), plus one
feature per area code. :func:`read` gives what is stored (a GeoJSON payload with the official ONS column
names, code, name and geometry only); :func:`areas_from_geojson` the standardised GeoDataFrame
(``area_code``, ``area_name``, geometry). Nothing here writes.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from ..core.errors import LoadError
from . import boundaries, checks
from .boundaries import BoundaryLayer
from .ons_columns import CTYUA_CODE, LAD_CODE, column

# level -> (what one feature is, what the features are together)
LEVELS = {"lad": ("district", "Local authority district boundaries"),
          "ctyua": ("county or unitary authority", "County and unitary authority boundaries")}
_AREA_KEY = re.compile(rb'"(?:CTYUA|UTLA|LAD)\d{2}CD"', re.IGNORECASE)
_OTHER_KEY = re.compile(rb'"(?:WD\d{2}CD|LSOA\d{2}CD)"', re.IGNORECASE)
HEAD = 20_000   # bytes of a GeoJSON file searched for its first feature's property names


def area_code_column(columns) -> tuple[str, str] | None:
    """(code column, level) of an area boundary file: districts when a LADyyCD column is there (a district
    file may also name each district's county), else counties and unitary authorities; None for neither."""
    for pattern, level in ((LAD_CODE, "lad"), (CTYUA_CODE, "ctyua")):
        found = column(columns, pattern)
        if found is not None:
            return found, level
    return None


def is_area_layer(content: bytes) -> bool:
    """True when a boundary file's features are areas above wards: an area code property (CTYUAyyCD, UTLAyyCD
    or LADyyCD) and no ward or LSOA code, in a GeoJSON file's first feature or a zipped shapefile's fields."""
    if content[:4] == b"PK\x03\x04":
        names = b" ".join(b'"' + f.encode() + b'"' for f in dbf_fields(content))
    else:
        names = content[:HEAD]
    return bool(_AREA_KEY.search(names)) and not _OTHER_KEY.search(names)


def dbf_fields(content: bytes) -> list[str]:
    """The field names of the first .dbf in a zip, from its header only (at most 8 KB inflated): the zip has
    already passed :func:`cdp_data.core.limits.check_content`. [] when there is none or it cannot be read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        dbf = next((n for n in archive.namelist() if n.lower().endswith(".dbf")), None)
        if dbf is None:
            return []
        with archive.open(dbf) as handle:
            head = handle.read(32 + 32 * 255 + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError):
        return []
    if len(head) < 32:
        return []
    header_length = struct.unpack("<H", head[8:10])[0]
    fields, offset = [], 32
    while offset + 32 <= min(header_length, len(head)) and head[offset] != 0x0D:
        fields.append(head[offset:offset + 11].split(b"\x00")[0].decode("latin-1").strip())
        offset += 32
    return fields


def _name_column(columns, code_col: str) -> str | None:
    wanted = code_col[:-2].upper() + "NM"
    return next((c for c in columns if str(c).upper() == wanted), None)


def _check_unique(filename: str, codes) -> None:
    repeated = codes[codes.duplicated()]
    if len(repeated):
        shown = ", ".join(checks.short(c) for c in repeated.unique()[:3])
        raise LoadError(f"{filename} has {len(repeated):,} feature(s) whose area code is already used by another "
                        f"feature ({shown}); an area boundary file has one feature per area.")


def read_areas(content: bytes, filename: str = "boundaries", *, content_checked: bool = False):
    """The file's areas as a GeoDataFrame in EPSG:4326: ``area_code``, ``area_name``, geometry, with the level
    ("ctyua" or "lad"), the code column and the vintage in ``attrs``. Raises :class:`LoadError`."""
    gdf = boundaries.read_any_boundaries(content, filename,   # size, depth, features, vertices, WGS84
                                         content_checked=content_checked)
    found = area_code_column(gdf.columns)
    if found is None:
        shown = ", ".join(str(c) for c in list(gdf.columns)[:8])
        raise LoadError(f"{filename} has no area code column (CTYUAyyCD for counties and unitary authorities or "
                        f"LADyyCD for districts, e.g. CTYUA23CD); found: {shown}.")
    code_col, level = found
    boundaries.check_geometries(filename, gdf)
    codes = gdf[code_col].astype(str).str.strip()
    boundaries.check_codes(filename, codes, LEVELS[level][0])
    _check_unique(filename, codes)
    name_col = _name_column(gdf.columns, code_col)
    names = gdf[name_col].astype(str).str.strip() if name_col else codes
    out = gdf[["geometry"]].assign(area_code=codes, area_name=names.where(names != "", codes))
    invalid = ~out.geometry.is_valid
    if invalid.any():
        out.loc[invalid, "geometry"] = out.loc[invalid, "geometry"].make_valid()
    out = out[["area_code", "area_name", "geometry"]]
    out.attrs.update(level=level, code_column=code_col, vintage=level + "20" + re.sub(r"\D", "", code_col))
    return out


def read(content: bytes, filename: str, *, content_checked: bool = False) -> BoundaryLayer:
    """An area boundary file as a layer ready to store (EPSG:4326 GeoJSON with the ONS column names).
    ``content_checked``: see :func:`cdp_data.sources.boundaries.read_any_boundaries`."""
    gdf = read_areas(content, filename, content_checked=content_checked)
    level, code_col = gdf.attrs["level"], gdf.attrs["code_column"]
    payload = gdf.rename(columns={"area_code": code_col.upper(), "area_name": code_col.upper()[:-2] + "NM"}
                         ).to_json(drop_id=True, na="null")
    label = LEVELS[level][1]
    return BoundaryLayer(level, f"{label} ({code_col.upper()}, {len(gdf):,} areas)", payload, gdf.attrs["vintage"],
                         len(gdf), f"{len(gdf):,} areas ({code_col.upper()}), reprojected to WGS84",
                         {"vintage": gdf.attrs["vintage"], "code_column": code_col.upper(), "level": level})


def areas_from_geojson(payload: bytes | str):
    """A stored area boundary layer back as ``area_code``, ``area_name``, geometry (level in ``attrs``)."""
    import geopandas as gpd

    data = payload.encode() if isinstance(payload, str) else payload
    gdf = gpd.read_file(io.BytesIO(data))
    code_col, level = area_code_column(gdf.columns) or (None, None)
    if code_col is None:
        raise LoadError("The stored area boundaries have no area code column.")
    name_col = _name_column(gdf.columns, code_col)
    out = gdf.assign(area_code=gdf[code_col].astype(str),
                     area_name=gdf[name_col].astype(str) if name_col else gdf[code_col].astype(str))
    out = out[["area_code", "area_name", "geometry"]]
    out.attrs.update(level=level, code_column=code_col)
    return out
