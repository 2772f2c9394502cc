"""The indicator catalogue for the Data page and the CLI: read it, set which way is better."""

from __future__ import annotations

import pandas as pd

from ..indicators import POLARITIES
from ..store import Workspace
from ..store import indicator_catalogue
from .access import SHARED, writes


def get_catalogue(ws: Workspace) -> pd.DataFrame:
    """Every catalogue entry, ordered by outcome and name."""
    return indicator_catalogue.read_catalogue(ws)


@writes("polarity set", "admin", scope=SHARED)
def set_polarity(ws: Workspace, indicator_id: str, polarity: str) -> None:
    """Set which way is better for one indicator (one of :data:`POLARITIES`)."""
    if polarity not in POLARITIES:
        raise ValueError(f"Polarity must be one of {', '.join(POLARITIES)}; got {polarity!r}.")
    indicator_catalogue.update_polarity(ws, indicator_id, polarity)


@writes("catalogue seeded", "admin", scope=SHARED)
def seed_catalogue(ws: Workspace) -> int:
    """Write the bundled catalogue into the workspace (existing entries kept)."""
    return indicator_catalogue.seed_catalogue(ws)
