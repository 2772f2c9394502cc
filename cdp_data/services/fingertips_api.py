"""Download indicator data from the Fingertips API (OHID), with a local cache.

Endpoints (CSV in the same 27-column format as the "Download data" export)::

    {base}/all_data/csv/by_indicator_id?indicator_ids=ID&child_area_type_id=502&parent_area_type_id=15
    {base}/all_data/csv/by_profile_id?profile_id=ID&child_area_type_id=502&parent_area_type_id=15

``base`` is :func:`cdp_data.core.config.fingertips_base_url` (``CDP_FINGERTIPS_BASE_URL``).
Every request has a timeout (``CDP_HTTP_TIMEOUT``) and is retried with
exponential backoff on connection errors, timeouts, HTTP 429 and 5xx; certificates
are always checked. Responses are cached under ``<workspace>/cache/fingertips``
and reused until ``max_age_hours`` old (the age is reported). ``fingertips_py``
is not used: it sets no timeouts and turns off certificate checks on retry.

Area types: 502 upper-tier local authorities from April 2023 (402 for 2021-23,
102 before 2019), 501 lower tier, 15 England, 6 region.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import requests

from ..core import config
from ..core.errors import FetchError, LoadError
from ..core.kinds import Kind
from ..present.indicators import describe_age
from ..sources.base import LoadReport
from ..sources.fingertips import read_checked
from ..store import Workspace
from ..store import indicator_values as data
from .access import SHARED, writes
from .indicator_files import store_fingertips

AREA_TYPES = {
    502: "Upper-tier local authorities (from Apr 2023)",
    402: "Upper-tier local authorities (Apr 2021 - Mar 2023)",
    102: "Upper-tier local authorities (before Apr 2019)",
    501: "Lower-tier local authorities (from Apr 2023)",
    15: "England",
    6: "Regions",
}
PARENT_AREA_TYPES = {15: "England", 6: "Regions"}
RETRY_STATUSES = {429, 500, 502, 503, 504}
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Download:
    url: str
    content: bytes
    from_cache: bool
    age_seconds: float


def cache_dir(ws: Workspace) -> Path:
    return Path(ws.folder) / "cache" / "fingertips"


def indicator_url(indicator_id: str, area_type: int, parent_area_type: int = 15) -> str:
    return (f"{config.fingertips_base_url()}/all_data/csv/by_indicator_id?indicator_ids={indicator_id}"
            f"&child_area_type_id={area_type}&parent_area_type_id={parent_area_type}")


def profile_url(profile_id: str, area_type: int, parent_area_type: int = 15) -> str:
    return (f"{config.fingertips_base_url()}/all_data/csv/by_profile_id?profile_id={profile_id}"
            f"&child_area_type_id={area_type}&parent_area_type_id={parent_area_type}")


def get(url: str, cache: Path, *, max_age_hours: float = 24, refresh: bool = False, retries: int = 3,
        backoff: float = 0.5, timeout: float | None = None, session: requests.Session | None = None) -> Download:
    """GET ``url`` through the cache; retries with backoff ``backoff * 2**attempt`` seconds."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".csv")
    if path.exists() and not refresh:
        age = time.time() - path.stat().st_mtime
        if age <= max_age_hours * 3600:
            return Download(url, path.read_bytes(), True, age)
    timeout = config.http_timeout() if timeout is None else timeout
    http = session or requests
    last_error = "no response"
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            response = http.get(url, timeout=timeout, headers={"Accept": "text/csv"})
        except requests.Timeout:
            last_error = f"no answer within {timeout:g} seconds"
            continue
        except requests.ConnectionError:
            last_error = "the server could not be reached"
            continue
        if response.status_code in RETRY_STATUSES:
            last_error = f"the server answered {response.status_code}"
            continue
        if response.status_code != 200:
            raise FetchError(f"Fingertips refused the request (HTTP {response.status_code}): check the indicator ID "
                             "and area type.")
        path.write_bytes(response.content)
        return Download(url, response.content, False, 0.0)
    if path.exists():  # stale but better than nothing: say how old
        age = time.time() - path.stat().st_mtime
        return Download(url, path.read_bytes(), True, age)
    raise FetchError(f"Could not download from Fingertips after {retries + 1} attempts ({last_error}); "
                     "try again later or load a downloaded export on the Data page.")


@writes("Fingertips indicators fetched", "admin", scope=SHARED)
def fetch_indicators(ws: Workspace, indicator_ids: list[str], area_type: int = 502, *, parent_area_type: int = 15,
                     refresh: bool = False, max_age_hours: float = 24, progress: Progress | None = None,
                     retries: int = 3, backoff: float = 0.5) -> LoadReport:
    """Download each indicator for ``area_type`` (and England / parents) and store it in the workspace."""
    ids = [str(i).strip() for i in indicator_ids if str(i).strip()]
    if not ids:
        raise LoadError("Give at least one Fingertips indicator ID.")
    bad = [i for i in ids if not i.isdigit()]
    if bad:
        raise LoadError(f"Fingertips indicator IDs are numbers; not understood: {', '.join(bad)}.")
    urls = [indicator_url(i, area_type, parent_area_type) for i in ids]
    return _fetch(ws, urls, ids, refresh=refresh, max_age_hours=max_age_hours, progress=progress, retries=retries,
                  backoff=backoff, label=f"Fingertips API: indicator(s) {', '.join(ids)}")


@writes("Fingertips profile fetched", "admin", scope=SHARED)
def fetch_profile(ws: Workspace, profile_id: str, area_type: int = 502, *, parent_area_type: int = 15,
                  refresh: bool = False, max_age_hours: float = 24, progress: Progress | None = None,
                  retries: int = 3, backoff: float = 0.5) -> LoadReport:
    """Download every indicator of a Fingertips profile and store it in the workspace."""
    url = profile_url(str(profile_id).strip(), area_type, parent_area_type)
    return _fetch(ws, [url], [f"profile {profile_id}"], refresh=refresh, max_age_hours=max_age_hours,
                  progress=progress, retries=retries, backoff=backoff, label=f"Fingertips API: profile {profile_id}")


def _fetch(ws: Workspace, urls: list[str], names: list[str], *, refresh: bool, max_age_hours: float,
           progress: Progress | None, retries: int, backoff: float, label: str) -> LoadReport:
    frames, warnings, ages = [], [], []
    total = len(urls) + 1
    with requests.Session() as session:
        for n, (url, name) in enumerate(zip(urls, names)):
            if progress:
                progress(n, total, f"Downloading {name}")
            download = get(url, cache_dir(ws), max_age_hours=max_age_hours, refresh=refresh, retries=retries,
                           backoff=backoff, session=session)
            ages.append(download.age_seconds if download.from_cache else 0.0)
            if download.from_cache:
                warnings.append(f"{name}: from the local cache ({describe_age(download.age_seconds)}).")
            if not download.content.strip():
                warnings.append(f"{name}: Fingertips returned no data for this area type.")
                continue
            frame, skipped = read_checked(download.content, f"Fingertips API response for {name}")
            warnings += skipped
            if frame.num_rows == 0:
                warnings.append(f"{name}: Fingertips returned no rows for this area type.")
                continue
            frames.append(data.to_table(frame))
    if not frames:
        raise LoadError("Fingertips returned no data for the indicator(s) and area type chosen.")
    if progress:
        progress(total - 1, total, "Storing in the workspace")
    report = store_fingertips(ws, pa.concat_tables(frames), label, kind=Kind.FINGERTIPS_API.value,
                              label="Fingertips API download")
    report.warnings = warnings + report.warnings
    report.details["cache_age_seconds"] = max(ages) if ages else 0.0
    if progress:
        progress(total, total, "Done")
    return report


def cache_status(ws: Workspace) -> dict:
    """How many responses are cached and the age of the oldest and newest, in seconds."""
    folder = cache_dir(ws)
    files = list(folder.glob("*.csv")) if folder.exists() else []
    if not files:
        return {"files": 0, "newest_age": None, "oldest_age": None}
    now = time.time()
    ages = [now - f.stat().st_mtime for f in files]
    return {"files": len(files), "newest_age": min(ages), "oldest_age": max(ages)}
