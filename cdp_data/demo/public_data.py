"""The demo's real public data: the compact extract in ``cdp_data/data/demo/`` (written by
``python -m cdp_data demo build --from DIR``, :mod:`cdp_data.demo.build`) loaded through the app's own loaders,
so the demo workspace holds exactly what a user loading the official files would have.

Everything goes through :func:`cdp_data.services.loading.load_file` except the police counts, which the extract
holds already counted by month, force and LSOA (the street files themselves are too large to bundle) and which
go through :func:`cdp_data.services.geography_loading.load_police_counts`, the police loader's own store step.
"""

from __future__ import annotations

import pandas as pd

from ..services import geography_loading, similar_areas
from ..services.loading import load_file
from ..store import Workspace, snapshot
from .build import DEFAULT_OUT, FILES, PARTNERSHIP_CODES, SIMILAR_FEATURES

EXTRACT = DEFAULT_OUT


def extract_files() -> list[str]:
    """The extract's data files in the order they are loaded (lookups before what they name)."""
    return [name for key, name in FILES.items() if key != "police_drugs"]


def police_counts() -> pd.DataFrame:
    """The extract's police counts as the police loader counts a street file (crime type Drugs)."""
    counts = pd.read_csv(EXTRACT / FILES["police_drugs"], dtype={"lsoa_vintage": str, "count": int})
    return counts.assign(crime_type="Drugs")


def seed(ws: Workspace) -> None:
    """Load the extract into the workspace (every file as a user's load of it would store it)."""
    for name in extract_files():
        load_file(ws, name, (EXTRACT / name).read_bytes())
    geography_loading.load_police_counts(ws, FILES["police_drugs"], police_counts())
    snapshot.keep_partnerships(ws, PARTNERSHIP_CODES)   # the Fingertips files' other areas are comparators
    # The similar-areas table, and with it each partnership's preset peer group of its 15 nearest.
    similar_areas.store_features(ws, pd.read_csv(EXTRACT / SIMILAR_FEATURES, dtype={"area_code": str}))
