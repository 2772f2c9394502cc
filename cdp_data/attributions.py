"""Licence attribution lines for the data a workspace holds (see SOURCES.md)."""

from __future__ import annotations

import sqlalchemy as sa

from .store import Workspace, datasets, value_segments

OGL = "Open Government Licence v3.0"
LINES = {
    "ohid": "Contains public sector information licensed under the Open Government Licence v3.0. "
            "Source: OHID Fingertips / National Drug Treatment Monitoring System (NDTMS).",
    "iod2019": "Contains public sector information licensed under the Open Government Licence v3.0. "
               "Source: MHCLG, English Indices of Deprivation 2019.",
    "iod2025": "Contains public sector information licensed under the Open Government Licence v3.0. "
               "Source: MHCLG, English Indices of Deprivation 2025.",
    "ons_boundaries": "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
                      "Contains OS data © Crown copyright and database right 2024.",
    "ons": "Source: Office for National Statistics licensed under the Open Government Licence v.3.0.",
    "police": "Contains public sector information licensed under the Open Government Licence v3.0. "
              "Source: data.police.uk",
    "mysociety": "Contains data from mySociety's Composite UK IMD (CC BY 4.0), derived from MHCLG English "
                 "Indices of Deprivation 2019 (OGL v3.0).",
}
# dataset kind -> attribution key; loaders may also store their own attribution text
KIND_TO_LINE = {
    "imd2019_lsoa11": "iod2019", "imd2025_lsoa21": "iod2025", "boundaries": "ons_boundaries",
    "lookup": "ons", "population": "ons", "police_street": "police", "police_counts": "police",
    "ndtms": "ohid", "alcohol_dependency_estimates": "ohid",
}
DOCUMENT_SOURCE_NOTE = ("Demo figures are quoted from the partnerships' published board reports and strategies, "
                        "cited on each value.")


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
