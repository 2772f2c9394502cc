"""Licence attribution lines for each publisher (SOURCES.md), and which line each kind of dataset needs."""

from __future__ import annotations

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
    "imd2019_lsoa11": "iod2019", "imd2025_lsoa21": "iod2025", "boundaries": "ons_boundaries", "area_boundaries": "ons_boundaries",
    "lookup": "ons", "population": "ons", "police_street": "police", "police_counts": "police",
    "ndtms": "ohid", "alcohol_dependency_estimates": "ohid",
}
DOCUMENT_SOURCE_NOTE = ("Demo figures are quoted from the partnerships' published board reports and strategies, "
                        "cited on each value.")
