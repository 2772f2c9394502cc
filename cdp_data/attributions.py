"""Licence attribution lines for the data a workspace holds (see SOURCES.md)."""

from __future__ import annotations

import sqlalchemy as sa

from .core.attributions import DOCUMENT_SOURCE_NOTE, KIND_TO_LINE, LINES
from .store import Workspace, datasets, value_segments


def workspace_attributions(ws: Workspace) -> list[str]:
    """The attribution lines the app must show for what this workspace holds."""
    lines: list[str] = []
    with ws.connect() as conn:
        for kind, attribution, synthetic in conn.execute(
            sa.select(datasets.c.kind, datasets.c.attribution, datasets.c.is_synthetic).distinct()
        ):
            if synthetic:
                continue
            if attribution:
                lines.append(attribution)
            elif kind in KIND_TO_LINE:
                lines.append(LINES[KIND_TO_LINE[kind]])
        sources = [s or "" for s in conn.execute(sa.select(value_segments.c.source).distinct()).scalars()]
    if any(("fingertips" in s.lower() or "ndtms" in s.lower() or "ohid" in s.lower()) for s in sources):
        lines.append(LINES["ohid"])
    if any("(seed 00" in s for s in sources):
        lines.append(DOCUMENT_SOURCE_NOTE)
    return list(dict.fromkeys(lines))
