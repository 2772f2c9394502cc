"""Ward boundaries (GeoJSON or zipped shapefile, any CRS), stored as EPSG:4326 GeoJSON."""

from __future__ import annotations

from ..core.attributions import LINES
from ..store import Workspace
from .base import LoadReport


def load(ws: Workspace, filename: str, content: bytes, **_options) -> LoadReport:
    from .. import geography as geo

    if geo.is_lsoa_layer(content):
        return _load_lsoa_layer(ws, filename, content)
    gdf = geo.read_boundaries(content, filename)
    code_col = gdf.attrs.get("code_column", "WD24CD")
    vintage = gdf.attrs.get("vintage")
    # Keep the official column names so the stored file reads like the ONS original.
    back = {"ward_code": code_col, "ward_name": code_col[:-2] + "NM"}
    for col in ("lad_code", "lad_name", "ctyua_code", "ctyua_name", "region_name"):
        if col in gdf:
            back[col] = {"lad_code": "LAD", "lad_name": "LAD", "ctyua_code": "CTYUA", "ctyua_name": "CTYUA",
                         "region_name": "RGN"}[col] + code_col[2:4] + ("CD" if col.endswith("code") else "NM")
    payload = gdf.rename(columns=back).to_json(drop_id=True, na="null")
    name = f"Ward boundaries ({code_col}, {len(gdf):,} wards)"
    with ws.begin() as conn:
        ws.put_dataset("boundaries", name, payload, vintage=vintage, source="ONS Open Geography Portal",
                       source_file=filename, attribution=LINES["ons_boundaries"], conn=conn)
        ws.log_load("boundaries", filename, len(gdf), vintage=vintage, conn=conn)
    return LoadReport("boundaries", "Ward boundaries", filename, rows=len(gdf),
                      summary=f"{len(gdf):,} wards ({code_col}), reprojected to WGS84",
                      details={"vintage": vintage, "code_column": code_col})


def _load_lsoa_layer(ws: Workspace, filename: str, content: bytes) -> LoadReport:
    """An LSOA boundary layer (for the LSOA-level deprivation map), stored as is."""
    from .. import geography as geo

    gdf = geo.read_any_boundaries(content, filename)
    vintage = "lsoa21" if any(c.upper() == "LSOA21CD" for c in gdf.columns) else "lsoa11"
    name = f"LSOA boundaries ({vintage.upper()}, {len(gdf):,} areas)"
    with ws.begin() as conn:
        ws.put_dataset("boundaries", name, gdf.to_json(drop_id=True, na="null"), vintage=vintage,
                       source="ONS Open Geography Portal", source_file=filename,
                       attribution=LINES["ons_boundaries"], conn=conn)
        ws.log_load("boundaries", filename, len(gdf), vintage=vintage, conn=conn)
    return LoadReport("boundaries", "LSOA boundaries", filename, rows=len(gdf),
                      summary=f"{len(gdf):,} LSOAs ({vintage.upper()})", details={"vintage": vintage})
