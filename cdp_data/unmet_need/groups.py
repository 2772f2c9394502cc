"""The substance groups unmet need is worked out for, and the indicators each is built from."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import CDPError
from . import notes as N

ENGLAND = "E92000001"
NATIONAL_CASELOAD = 40          # the national ambition: 40 people per drug and alcohol worker
LANCASHIRE_CASELOAD = (65, 75)  # reported by Lancashire in 2024 (seed 004)


class UnknownArea(CDPError):
    """An area code that is not in the workspace."""


@dataclass(frozen=True)
class SubstanceGroup:
    key: str
    label: str
    published: tuple[str, ...]               # indicators publishing the unmet-need percentage
    prevalence: str | None                   # indicator holding the prevalence estimate
    # People in treatment: alternatives in order of preference (the first with a figure for a
    # period wins); each alternative is (indicator, category) parts that are added up.
    treatment: tuple[tuple[tuple[str, str], ...], ...]
    has_estimate: bool = True                # False: no prevalence estimate exists (non-opiates)
    optional: bool = False                   # listed only where the workspace holds figures for it


SUBSTANCES: tuple[SubstanceGroup, ...] = (
    SubstanceGroup("ocu", "Opiate and/or crack (OCU)", ("93517",), "ocu_prevalence_estimate",
                   ((("ocu_in_treatment", ""),),)),
    SubstanceGroup("opiate", "Opiate", (), "opiate_prevalence_estimate",
                   ((("ndtms_in_treatment", "Opiate"),), (("opiate_in_treatment", ""),))),
    SubstanceGroup("crack", "Crack cocaine", (), "crack_prevalence_estimate", ((("crack_in_treatment", ""),),)),
    # People in treatment for alcohol: the NDTMS groups "alcohol only" and "non-opiate and alcohol".
    SubstanceGroup("alcohol", "Alcohol (dependent drinkers)", ("93532",), "alcohol_dependency_prevalence",
                   ((("ndtms_in_treatment", "Alcohol only"), ("ndtms_in_treatment", "Non-opiate and alcohol")),
                    (("alcohol_in_treatment", ""),))),
    # A different population (at-risk, not dependent, drinkers) that some partnerships report: kept
    # apart so that it is never drawn as one series with the dependent-drinker figures.
    SubstanceGroup("alcohol_at_risk", "Alcohol (at-risk drinkers, local measure)",
                   ("alcohol_at_risk_not_in_treatment",), None, (), optional=True),
    SubstanceGroup("non_opiate_only", "Non-opiate only", (), None,
                   ((("ndtms_in_treatment", "Non-opiate only"),),), has_estimate=False),
    SubstanceGroup("non_opiate_and_alcohol", "Non-opiate and alcohol", (), None,
                   ((("ndtms_in_treatment", "Non-opiate and alcohol"),),), has_estimate=False),
)
BY_KEY = {s.key: s for s in SUBSTANCES}
WITH_ESTIMATE = tuple(s.key for s in SUBSTANCES if s.has_estimate)
ORDER = {g.key: i for i, g in enumerate(SUBSTANCES)}
AT_RISK_INDICATOR = "alcohol_at_risk_not_in_treatment"
PUBLISHED_LABELS = {
    "93517": "OHID Fingertips 93517",
    "93532": "OHID Fingertips 93532",
    AT_RISK_INDICATOR: "At-risk alcohol users not in treatment (local report)",
}

INPUT_INDICATORS = sorted(
    {i for s in SUBSTANCES for i in s.published}
    | {s.prevalence for s in SUBSTANCES if s.prevalence}
    | {i for s in SUBSTANCES for alternative in s.treatment for i, _ in alternative}
)
TREATMENT_INDICATORS = {i for g in SUBSTANCES for alternative in g.treatment for i, _ in alternative}
INPUT_COLUMNS = [
    "indicator_id", "area_code", "area_name", "sex", "age", "category_type", "category", "period", "period_end",
    "value", "lower_ci95", "upper_ci95", "count", "denominator", "source", "note", "published_compared_england",
    "is_synthetic",
]
# ``note_codes``: why a figure is missing or adjusted (:mod:`.notes`); ``source_note``: a note published
# with the figure, kept as given.
COLUMNS = [
    "area_code", "area_name", "substance", "substance_label", "period", "period_end",
    "prevalence", "prevalence_lower", "prevalence_upper", "estimate_period",
    "in_treatment", "treatment_period", "not_in_treatment",
    "unmet_need_share", "unmet_need_lower", "unmet_need_upper", "unmet_need_unclipped",
    "method", "periods_match", "source", "note_codes", "source_note", "published_compared_england", "is_synthetic",
]
CLI_KEYS = ["substance", "period", "prevalence", "prevalence_lower", "prevalence_upper", "in_treatment",
            "unmet_need_share", "unmet_need_lower", "unmet_need_upper", "source"]

# The domain's table (:func:`cdp_data.unmet_need.unmet_need_table`) has one more column, ``counts_behind``: the
# counts a row's figures were worked out from (a published count and denominator - count; the parts of a count
# in treatment). It holds them as given, small ones included; the one suppression gate
# (:func:`cdp_data.services.disclosure.unmet_need`) withholds what rests on them and drops the column.
RAW_COLUMNS = [*COLUMNS, "counts_behind"]


@dataclass(frozen=True)
class RestsOnCounts:
    """What rests on a row's ``counts_behind``, by method: the ``columns`` worked out from them, the notes about
    those figures (``notes``) and the note saying why they are not shown (``withheld``)."""

    columns: tuple[str, ...]
    notes: tuple[str, ...]
    withheld: str


_FROM_TREATMENT = ("in_treatment", "not_in_treatment", "unmet_need_share", "unmet_need_lower", "unmet_need_upper",
                   "unmet_need_unclipped")
RESTS_ON_COUNTS = {
    # a published percentage is shown as published; the prevalence (= denominator) and the numbers in and
    # not in treatment would give the count back
    "published": RestsOnCounts(("prevalence", "prevalence_lower", "prevalence_upper", "estimate_period",
                                "in_treatment", "treatment_period", "not_in_treatment"), (), N.SMALL_COUNT),
    "computed": RestsOnCounts(_FROM_TREATMENT, (N.SHARE_CLIPPED, N.LOWER_CLIPPED, N.NO_ESTIMATE_INTERVAL),
                              N.TREATMENT_SUPPRESSED),
    "no estimate": RestsOnCounts(("in_treatment",), (), N.TREATMENT_SUPPRESSED),
}
