"""What would it take: the people in treatment and the workforce needed to bring unmet need down."""

from __future__ import annotations

import math

import pandas as pd

from ..core.numbers import number_or_none as _num
from . import notes as N
from .groups import NATIONAL_CASELOAD


def what_would_it_take(prevalence: float, in_treatment: float, target_share: float,
                       caseload: float = NATIONAL_CASELOAD, *, prevalence_lower: float | None = None,
                       prevalence_upper: float | None = None) -> dict:
    """Additional people in treatment to bring unmet need down to ``target_share``,
    and the workforce that implies at ``caseload`` people per worker.

    People needed in treatment T* = P x (1 - target); additional = max(0, ceil(T* - T));
    additional workers = ceil(additional / caseload); total workforce for T* =
    ceil(T* / caseload). With the estimate's interval the additional number is
    given as a range (from L and U). Hand-worked: Wirral OCU, P = 3,090, T = 1,827,
    target 30%: T* = 2,163, so 336 more people, 9 more workers at 40 each.
    """
    if not prevalence or prevalence <= 0:
        raise ValueError("A prevalence estimate above zero is needed.")
    if not 0 <= target_share < 1:
        raise ValueError("The target unmet need must be between 0% and 100%.")
    if not caseload or caseload <= 0:
        raise ValueError("The caseload per worker must be above zero.")

    def additional(p):
        if p is None:
            return None
        return max(0, math.ceil(round(p * (1 - target_share) - in_treatment, 9)))

    needed = prevalence * (1 - target_share)
    extra = additional(prevalence)
    return {
        "target_share": target_share,
        "caseload": caseload,
        "in_treatment_needed": math.ceil(round(needed, 9)),
        "additional_people": extra,
        "additional_people_low": additional(prevalence_lower),
        "additional_people_high": additional(prevalence_upper),
        "additional_workers": math.ceil(extra / caseload),
        "workforce_for_target": math.ceil(round(needed / caseload, 9)),
        "workforce_now": math.ceil(round(in_treatment / caseload, 9)),
    }


def what_would_it_take_table(rows: pd.DataFrame, target: float | str, caseload: float = NATIONAL_CASELOAD
                             ) -> pd.DataFrame:
    """:func:`what_would_it_take` for each substance row with a prevalence and a count in
    treatment. ``target`` is a share (0.3) or ``"england"`` for England's value. Rows without
    an answer carry a note code (``note_code``)."""
    out = []
    for r in rows.to_dict("records"):
        base = {"substance": r["substance"], "substance_label": r["substance_label"], "period": r.get("period")}
        prevalence, treated = _num(r.get("prevalence")), _num(r.get("in_treatment"))
        goal = _num(r.get("england_share")) if target == "england" else _num(target)
        if prevalence is None or treated is None:
            out.append({**base, "note_code": N.NEEDS_PREVALENCE_AND_TREATMENT})
            continue
        if goal is None:
            out.append({**base, "note_code": N.NO_ENGLAND_VALUE})
            continue
        result = what_would_it_take(prevalence, treated, goal, caseload,
                                    prevalence_lower=_num(r.get("prevalence_lower")),
                                    prevalence_upper=_num(r.get("prevalence_upper")))
        code = N.ALREADY_AT_LEVEL if result["additional_people"] == 0 else None
        out.append({**base, **result, "note_code": code})
    return pd.DataFrame(out)


def target_share(kind: str, level_percent: float | None) -> float | str:
    """The target for :func:`what_would_it_take_table`: ``"england"``, or a chosen level as a share
    (30 -> 0.3)."""
    return "england" if kind == "england" else level_percent / 100
