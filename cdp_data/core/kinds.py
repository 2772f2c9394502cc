"""Every kind of file or dataset the app knows, by one name (never a string literal elsewhere)."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What a loaded file is. The value is what the load log and the CLI's JSON say."""

    FINGERTIPS_EXPORT = "fingertips_export"
    FINGERTIPS_API = "fingertips_api"
    INDICATOR_TEMPLATE = "indicator_template"
    NDTMS_ENGLAND = "ndtms_england"
    NDTMS_LA = "ndtms_la"
    ALCOHOL_DEPENDENCY_ESTIMATES = "alcohol_dependency_estimates"
    POLICE_STREET = "police_street"
    IMD2025_LSOA21 = "imd2025_lsoa21"
    IMD2019_LSOA11 = "imd2019_lsoa11"
    HARM_TEMPLATE = "harm_template"
    POPULATION = "population"
    LOOKUP = "lookup"
    BOUNDARIES = "boundaries"
    AREA_BOUNDARIES = "area_boundaries"   # counties and unitary authorities, or districts
    PLAN_WORKBOOK = "plan_workbook"
    TARGETS_SHEET = "targets_sheet"
    WARD_AGGREGATE = "ward_aggregate"
    SIMILAR_AREA_FEATURES = "similar_area_features"
