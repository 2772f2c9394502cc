"""The indicator catalogue for the Data page and the CLI: read it, set which way is better."""

from __future__ import annotations

import pandas as pd

from ..indicators import POLARITIES
from ..store import Workspace
from ..store import indicator_catalogue, ownership
from .access import SHARED, writes
from .ownership import readable


def get_catalogue(ws: Workspace) -> pd.DataFrame:
    """Every catalogue entry the acting user may know of, ordered by outcome and name: an indicator a partnership
    created through its local figures (not in the bundled catalogue, every value its own) is listed to its members
    only."""
    catalogue = indicator_catalogue.read_catalogue(ws)
    hidden = ownership.unreadable_indicators(ws, readable(ws)) - set(indicator_catalogue.bundled_catalogue()["indicator_id"])
    return catalogue[~catalogue["indicator_id"].isin(hidden)].reset_index(drop=True) if hidden else catalogue


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
