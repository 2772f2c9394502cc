"""Ward (or LSOA) boundaries: GeoJSON or a zipped shapefile, in any CRS, read as EPSG:4326.

:func:`read` gives what is stored (a GeoJSON payload that keeps the official ONS
column names) and its description; :func:`read_boundaries` the standardised
GeoDataFrame (``ward_code``, ``ward_name``, ``lad_code`` ...). Nothing here writes.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field

from ..core import limits
from ..core.errors import LoadError
from . import checks
from .ons_columns import (CTYUA_CODE, CTYUA_NAME, LAD_CODE, LAD_NAME, RGN_NAME, WARD_CODE, WARD_NAME,
                          column)

KEEP = ("ward_code", "ward_name", "lad_code", "lad_name", "ctyua_code", "ctyua_name", "region_name")


@dataclass
class BoundaryLayer:
    """A boundary file ready to store: ``level`` is "ward" or "lsoa"."""

    level: str
    name: str
    payload: str
    vintage: str | None
    rows: int
    summary: str
    details: dict = field(default_factory=dict)


def _to_wgs84(gdf):
    minx = float(gdf.total_bounds[0]) if len(gdf) else 0.0
    if gdf.crs is None or (gdf.crs.to_epsg() == 4326 and abs(minx) > 1000):
        # RFC 7946 GeoJSON has no CRS member and is WGS84; numbers in metres mean British National Grid.
        gdf = gdf.set_crs(27700 if abs(minx) > 1000 else 4326, allow_override=True)
    if gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    return gdf


def _read_zip(content: bytes, filename: str):
    import geopandas as gpd

    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    shp = next((n for n in names if n.lower().endswith(".shp")), None)
    if shp is None:
        raise LoadError(f"{filename} is a zip file without a shapefile (.shp) inside.")
    shp_size = zipfile.ZipFile(io.BytesIO(content)).getinfo(shp).file_size
    limits.check_count(filename, "max_vertices", shp_size // 16)  # a shapefile point takes 16 bytes
    path = _temp_copy(content)
    try:
        _check_features(filename, f"zip://{path}!{shp}")
        with warnings.catch_warnings():  # GDAL's warnings are not for the user: what matters is checked after
            warnings.simplefilter("ignore")
            return gpd.read_file(f"zip://{path}!{shp}")
    finally:
        os.unlink(path)


def _check_features(filename: str, source, content: bytes | None = None) -> None:
    """Features counted from the file's header (shapefile) or a scan (GeoJSON), before reading them.

    Every feature of a JSON file is an object, so a JSON ``content`` with no more ``{`` than the limit allows
    cannot pass it: it is not scanned (one count of a byte in C, instead of GDAL's pass over the file).
    """
    import pyogrio

    if content is not None and limits.looks_like_json(content) and \
            content.count(b"{") <= limits.current().max_features:
        return
    try:
        count = pyogrio.read_info(source).get("features", -1)
    except Exception:  # noqa: BLE001 - the read itself reports a damaged file
        return
    if count is not None and count > 0:
        limits.check_count(filename, "max_features", int(count))


def _check_vertices(filename: str, gdf) -> None:
    import shapely

    limits.check_count(filename, "max_features", len(gdf))
    limits.check_count(filename, "max_vertices", int(shapely.get_num_coordinates(gdf.geometry.values).sum()))


def _read_geojson(content: bytes, filename: str, content_checked: bool = False):
    import geopandas as gpd

    if not (content_checked and limits.looks_like_json(content)):  # check_content has not measured it
        limits.check_json_depth(filename, content)  # before any JSON parser recurses
    _check_features(filename, io.BytesIO(content), content)
    with warnings.catch_warnings():  # e.g. "Unsupported geometry type": such features are refused after reading
        warnings.simplefilter("ignore")
        return gpd.read_file(io.BytesIO(content))


def read_any_boundaries(content: bytes, filename: str = "boundaries", *, content_checked: bool = False):
    """Any GeoJSON or zipped shapefile as a GeoDataFrame in EPSG:4326 (columns untouched).

    ``content_checked``: the bytes have passed :func:`cdp_data.core.limits.check_content` (with the limits in
    force), so their JSON depth is not measured a second time."""
    limits.check_size(filename, len(content))
    try:
        gdf = (_read_zip(content, filename) if content[:4] == b"PK\x03\x04"
               else _read_geojson(content, filename, content_checked))
    except LoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - pyogrio raises many kinds
        raise LoadError(f"{filename} cannot be read as boundaries (GeoJSON or zipped shapefile): "
                        f"{_detail(exc)}.") from exc
    _check_vertices(filename, gdf)
    return _to_wgs84(gdf)


_PATH = re.compile(r"'?(/vsi\w+/+)?/[^\s':;,]+'?")


def _detail(exc: Exception) -> str:
    """The reader's complaint without the server's temporary paths (and without pyogrio's driver advice)."""
    text = _PATH.sub("the file", str(exc).split("; It might help")[0]).strip().rstrip(".")
    return text or type(exc).__name__


def check_geometries(filename: str, gdf) -> None:
    """Every feature has a polygon: a boundary file with empty, missing or non-polygon geometries is refused."""
    geometry = gdf.geometry
    bad = geometry.isna() | geometry.is_empty | ~geometry.geom_type.isin(["Polygon", "MultiPolygon"])
    if bad.any():
        where = ", ".join(str(i + 1) for i in bad.to_numpy().nonzero()[0][:5])
        raise LoadError(f"{filename} has {int(bad.sum()):,} feature(s) without a usable polygon (feature {where}); "
                        "boundaries must be polygons.")


GSS_CODE = re.compile(r"^[EWSN]\d{8}$")


def check_codes(filename: str, codes, what: str) -> None:
    """Every area code is a GSS code (an official boundary file has nothing else)."""
    text = codes.astype(str).str.strip()
    bad = ~text.str.match(GSS_CODE.pattern)
    if bad.any():
        shown = "; ".join(f"feature {i + 1}: '{checks.short(text.iloc[i])}'" for i in bad.to_numpy().nonzero()[0][:3])
        raise LoadError(f"{filename} has {int(bad.sum()):,} {what} code(s) that are not GSS codes ({shown}).")


def is_lsoa_layer(content: bytes) -> bool:
    """True when a boundary file's features are LSOAs (an LSOA11CD/LSOA21CD property)."""
    head = content[:20000].upper()
    if content[:4] == b"PK\x03\x04":
        return False
    return b'"LSOA11CD"' in head or b'"LSOA21CD"' in head


def read_boundaries(content: bytes, filename: str = "boundaries", *, content_checked: bool = False):
    """Ward boundaries from GeoJSON or a zipped shapefile, in any CRS, as EPSG:4326.

    Returns a GeoDataFrame with ``ward_code``, ``ward_name`` (from the newest
    ``WDyyCD``/``WDyyNM`` columns), ``lad_code``/``lad_name``,
    ``ctyua_code``/``ctyua_name`` where present, the original ``code_column``
    recorded in ``gdf.attrs``, and geometry. Raises :class:`LoadError`. ``content_checked``: see
    :func:`read_any_boundaries`.
    """
    gdf = read_any_boundaries(content, filename, content_checked=content_checked)
    return standardise_boundaries(gdf, filename)


def _temp_copy(content: bytes) -> str:
    handle = tempfile.NamedTemporaryFile(suffix=".zip", delete=False)
    handle.write(content)
    handle.close()
    return handle.name


def standardise_boundaries(gdf, filename: str = "boundaries"):
    """Rename ward/LAD/county columns to the app's names and reproject to EPSG:4326."""
    code_col = column(gdf.columns, WARD_CODE)
    if code_col is None:
        shown = ", ".join(str(c) for c in list(gdf.columns)[:8])
        raise LoadError(f"{filename} has no ward code column (WDyyCD, e.g. WD24CD); found: {shown}.")
    gdf = _to_wgs84(gdf)
    rename = {code_col: "ward_code"}
    for pattern, name in ((WARD_NAME, "ward_name"), (LAD_CODE, "lad_code"), (LAD_NAME, "lad_name"),
                          (CTYUA_CODE, "ctyua_code"), (CTYUA_NAME, "ctyua_name"), (RGN_NAME, "region_name")):
        col = column(gdf.columns, pattern)
        if col is not None:
            rename[col] = name
    out = gdf.rename(columns=rename)
    out = out[[c for c in KEEP if c in out.columns] + ["geometry"]].copy()
    if "ward_name" not in out:
        out["ward_name"] = out["ward_code"]
    out["ward_code"] = out["ward_code"].astype(str).str.strip()
    out.attrs["code_column"] = code_col
    out.attrs["vintage"] = "20" + re.sub(r"\D", "", code_col)
    invalid = ~out.geometry.is_valid
    if invalid.any():
        out.loc[invalid, "geometry"] = out.loc[invalid, "geometry"].make_valid()
    return out


def boundaries_from_geojson(payload: bytes | str):
    """A stored boundaries GeoJSON back as a standardised GeoDataFrame."""
    import geopandas as gpd

    data = payload.encode() if isinstance(payload, str) else payload
    gdf = gpd.read_file(io.BytesIO(data))
    return standardise_boundaries(gdf)


def _ons_names(gdf) -> dict:
    """The app's column names back to the official ones, so the stored file reads like the ONS original."""
    code_col = gdf.attrs.get("code_column", "WD24CD")
    back = {"ward_code": code_col, "ward_name": code_col[:-2] + "NM"}
    prefix = {"lad_code": "LAD", "lad_name": "LAD", "ctyua_code": "CTYUA", "ctyua_name": "CTYUA",
              "region_name": "RGN"}
    for col, start in prefix.items():
        if col in gdf:
            back[col] = start + code_col[2:4] + ("CD" if col.endswith("code") else "NM")
    return back


def read(content: bytes, filename: str, *, content_checked: bool = False) -> BoundaryLayer:
    """A ward or LSOA boundary file as a layer ready to store (EPSG:4326 GeoJSON). ``content_checked``: see
    :func:`read_any_boundaries`."""
    if is_lsoa_layer(content):
        return _lsoa_layer(content, filename, content_checked)
    gdf = read_boundaries(content, filename, content_checked=content_checked)
    check_geometries(filename, gdf)          # an uploaded file: polygons with GSS codes, nothing else
    check_codes(filename, gdf["ward_code"], "ward")
    code_col = gdf.attrs.get("code_column", "WD24CD")
    vintage = gdf.attrs.get("vintage")
    payload = gdf.rename(columns=_ons_names(gdf)).to_json(drop_id=True, na="null")
    return BoundaryLayer("ward", f"Ward boundaries ({code_col}, {len(gdf):,} wards)", payload, vintage, len(gdf),
                         f"{len(gdf):,} wards ({code_col}), reprojected to WGS84",
                         {"vintage": vintage, "code_column": code_col})


def _lsoa_layer(content: bytes, filename: str, content_checked: bool = False) -> BoundaryLayer:
    """An LSOA boundary layer (for the LSOA-level deprivation map), stored as is."""
    gdf = read_any_boundaries(content, filename, content_checked=content_checked)
    vintage = "lsoa21" if any(c.upper() == "LSOA21CD" for c in gdf.columns) else "lsoa11"
    check_geometries(filename, gdf)
    check_codes(filename, gdf[next(c for c in gdf.columns if c.upper() == vintage.upper() + "CD")], "LSOA")
    return BoundaryLayer("lsoa", f"LSOA boundaries ({vintage.upper()}, {len(gdf):,} areas)",
                         gdf.to_json(drop_id=True, na="null"), vintage, len(gdf),
                         f"{len(gdf):,} LSOAs ({vintage.upper()})", {"vintage": vintage})
