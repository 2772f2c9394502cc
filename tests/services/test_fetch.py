"""``fetch geography`` against a local HTTP server serving ../shared/data/public in place."""

from pathlib import Path

import pytest

from cdp_data.core.errors import FetchError
from cdp_data.services import fetch, ward_map
from cdp_data.services.fetch import fetch_geography
from tests.support import files_handler, local_server

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def mirror(shared_data):
    requests_seen = []
    with local_server(files_handler(shared_data / "public", requests_seen)) as base:
        yield base, requests_seen


def test_fetch_geography_loads_everything_with_progress_and_cache(empty_workspace, mirror):
    base, seen = mirror
    progress = []
    results = fetch_geography(empty_workspace, "E08000014", base=base,
                              progress=lambda label, done, total: progress.append((label, done, total)))
    assert [r["status"] for r in results] == ["loaded"] * 7
    kinds = set(empty_workspace.datasets()["kind"])
    assert {"boundaries", "lookup", "imd2019_lsoa11", "imd2025_lsoa21", "population"} <= kinds
    # Progress: reaches the full size of each file (Content-Length known from the server).
    finals = {}
    for label, done, total in progress:
        finals[label] = (done, total)
    assert len(finals) == 7 and all(done == total for done, total in finals.values())
    # Only Sefton's 22 wards are kept from the national file.
    assert empty_workspace.datasets("boundaries")["rows"].iloc[0] == 22
    wm = ward_map.build_ward_map(empty_workspace, ward_map.load_inputs(empty_workspace), "E08000014")
    assert wm is not None and not wm.is_synthetic and wm.wards["imd_score"].notna().sum() == 22
    # A second fetch is served from the cache: no new requests.
    before = len(seen)
    fetch_geography(empty_workspace, "E08000014", base=base)
    assert len(seen) == before


def test_fetch_unreachable_server_is_one_plain_sentence(empty_workspace, monkeypatch):
    waits = []  # the pauses between attempts, recorded instead of slept
    monkeypatch.setattr(fetch.time, "sleep", waits.append)
    with pytest.raises(FetchError, match="Could not download ONS ward boundaries"):
        fetch_geography(empty_workspace, "E08000014", base="http://127.0.0.1:9", timeout=1)
    assert waits == [0.5, 1.0]  # three attempts, backing off
