"""Download the ward map's geography for an area: ONS ward boundaries, lookups, IoD and population.

Each resource has an official address (overridable one by one with
``CDP_URL_<NAME>``) and a path inside a *mirror*: when ``CDP_GEOGRAPHY_BASE_URL``
(or ``base_url=``) is set, every file is read from ``<base>/<mirror path>``,
laid out like ``shared/data/public/`` (``geography/``, ``lookups/``, ``imd/``,
``population/``). Downloads honour ``CDP_HTTP_TIMEOUT``, retry twice, report
progress through a callback and are cached in ``<workspace>/cache/downloads``.
Everything downloaded goes through the ordinary loaders (:func:`cdp_data.services.loading.load_file`).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from ..core import config
from ..core.errors import FetchError
from ..sources.boundaries import read_any_boundaries
from ..store import Workspace
from ..store import stored_datasets as datasets
from .loading import load_file
from .access import SHARED, writes

ProgressCallback = Callable[[str, int, int | None], None]   # (label, bytes done, bytes total or None)

ARCGIS = "https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services"


@dataclass(frozen=True)
class Resource:
    name: str            # CDP_URL_<NAME> overrides the official address
    label: str
    mirror_path: str     # path under a mirror base URL (the shared/data/public layout)
    official: str | None  # official address; "{where}" is replaced by an area filter; None = mirror only


RESOURCES = [
    Resource("WARD_BOUNDARIES", "ONS ward boundaries (May 2024, BSC)", "geography/wards_may2024_bsc_england.geojson",
             f"{ARCGIS}/Wards_May_2024_Boundaries_UK_BSC/FeatureServer/0/query?where={{where}}&outFields=*"
             "&outSR=4326&f=geojson"),
    Resource("WARD_LOOKUP", "ONS ward to LAD to county/UA to region lookup (May 2024)",
             "lookups/lookup_ward24_lad24_ctyua24_rgn24_ONS.csv",
             f"{ARCGIS}/WD24_LAD24_CTYUA24_RGN24_CTRY24_UK_LU/FeatureServer/0/query?where=1%3D1&outFields=*&f=csv"),
    Resource("LSOA21_WARD_LOOKUP", "ONS LSOA 2021 to ward (2024) best-fit lookup",
             "lookups/lookup_lsoa21_ward24_lad24_bestfit_ONS.csv",
             f"{ARCGIS}/LSOA21_WD24_LAD24_EW_LU/FeatureServer/0/query?where=1%3D1&outFields=*&f=csv"),
    Resource("LSOA11_WARD_LOOKUP", "LSOA 2011 to ward (2024) best-fit lookup (derived)",
             "lookups/lookup_lsoa11_ward24_lad24_bestfit_DERIVED.csv", None),
    Resource("IMD2019", "English Indices of Deprivation 2019 (LSOA 2011)", "imd/imd2019_lsoa11_england.csv",
             "https://assets.publishing.service.gov.uk/media/5dc407b440f0b6379a7acc8d/"
             "File_7_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv"),
    Resource("IMD2025", "English Indices of Deprivation 2025 (LSOA 2021)", "imd/imd2025_lsoa21_england.csv", None),
    Resource("CENSUS2021_POPULATION", "Census 2021 usual residents by LSOA 2021",
             "population/census2021_usual_residents_lsoa21.csv", None),
]


def base_url() -> str | None:
    raw = os.environ.get("CDP_GEOGRAPHY_BASE_URL", "").strip()
    return raw.rstrip("/") or None


def resource_url(resource: Resource, area_code: str, base: str | None) -> str | None:
    """Where a resource is downloaded from: the mirror, an override, or the official address."""
    override = os.environ.get(f"CDP_URL_{resource.name}", "").strip()
    if override:
        return override
    if base:
        return f"{base}/{resource.mirror_path}"
    if resource.official is None:
        return None
    where = quote(f"LAD24CD='{area_code}' OR CTYUA24CD='{area_code}'", safe="")
    return resource.official.replace("{where}", where)


def cache_dir(ws: Workspace) -> Path:
    folder = ws.folder / "cache" / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def download(url: str, label: str, *, cache: Path | None = None, refresh: bool = False,
             progress: ProgressCallback | None = None, timeout: float | None = None, retries: int = 2) -> bytes:
    """GET ``url`` (cached by address); :class:`FetchError` with one sentence on failure."""
    import requests

    key = hashlib.sha256(url.encode()).hexdigest()[:24]
    cached = cache / key if cache else None
    if cached and cached.exists() and not refresh:
        content = cached.read_bytes()
        if progress:
            progress(label, len(content), len(content))
        return content
    timeout = timeout if timeout is not None else config.http_timeout()
    last_error = ""
    for attempt in range(retries + 1):
        try:
            with requests.get(url, stream=True, timeout=timeout) as response:
                if response.status_code != 200:
                    last_error = f"the server answered {response.status_code}"
                    if response.status_code in (404, 401, 403):
                        break
                    continue
                total = int(response.headers.get("Content-Length") or 0) or None
                chunks, done = [], 0
                for chunk in response.iter_content(chunk_size=256 * 1024):
                    chunks.append(chunk)
                    done += len(chunk)
                    if progress:
                        progress(label, done, total)
                content = b"".join(chunks)
                if cached:
                    tmp = cached.with_suffix(".part")
                    tmp.write_bytes(content)
                    tmp.replace(cached)
                return content
        except requests.Timeout:
            last_error = f"no answer within {timeout:g} seconds"
        except requests.RequestException as exc:
            last_error = "the connection failed" + (f" ({type(exc).__name__})" if exc else "")
        if attempt < retries:
            time.sleep(0.5 * (attempt + 1))
    raise FetchError(f"Could not download {label} from {url}: {last_error}. Check the internet connection or the "
                     "base URL (CDP_GEOGRAPHY_BASE_URL), or load the file on the Data page instead.")


def _area_subset(content: bytes, area_code: str) -> bytes:
    """Only the area's wards from a national boundaries file (keeps the workspace small)."""
    gdf = read_any_boundaries(content, "ward boundaries")
    cols = {c.upper(): c for c in gdf.columns}
    lad = next((cols[c] for c in cols if c.startswith("LAD") and c.endswith("CD")), None)
    cty = next((cols[c] for c in cols if c.startswith("CTYUA") and c.endswith("CD")), None)
    mask = None
    for col in (lad, cty):
        if col:
            hit = gdf[col] == area_code
            mask = hit if mask is None else (mask | hit)
    if mask is None or not mask.any():
        return content
    return gdf[mask].to_json(drop_id=True, na="null").encode()


@writes("geography fetched", "admin", scope=SHARED)
def fetch_geography(ws: Workspace, area_code: str, *, base: str | None = None, refresh: bool = False,
                    progress: ProgressCallback | None = None, timeout: float | None = None) -> list[dict]:
    """Download and load everything the ward map needs for ``area_code``; one result per resource."""
    area_code = (area_code or "").strip().upper()
    if not area_code.startswith("E") or len(area_code) != 9:
        raise FetchError(f"'{area_code}' is not an area code like E08000014 or E10000017.")
    base = base.rstrip("/") if base else base_url()
    results = []
    for resource in RESOURCES:
        url = resource_url(resource, area_code, base)
        if url is None:
            results.append({"resource": resource.label, "status": "skipped",
                            "detail": f"no official download address: set CDP_URL_{resource.name} or a mirror"})
            continue
        content = download(url, resource.label, cache=cache_dir(ws), refresh=refresh, progress=progress,
                           timeout=timeout)
        if resource.name == "WARD_BOUNDARIES":
            content = _area_subset(content, area_code)
        filename = url.rsplit("/", 1)[-1].split("?", 1)[0] or resource.name.lower()
        if resource.name == "WARD_BOUNDARIES" and not filename.endswith(".geojson"):
            filename = "wards.geojson"
        report = load_file(ws, filename, content)
        results.append({"resource": resource.label, "status": "loaded", "url": url, "rows": report.rows,
                        "summary": report.summary})
    datasets.log_load(ws, "fetch_geography", base or "official addresses", sum(r.get("rows", 0) for r in results),
                      detail=json.dumps({"area": area_code}))
    return results
