"""Unmet need: people who need treatment and are not in it, by substance group (the pure domain).

Unmet need = (estimated prevalence - people in treatment) / estimated prevalence
(OHID's definition, Fingertips indicators 93517 for opiate and/or crack users
and 93532 for dependent drinkers). It exists only where a prevalence estimate
exists: opiate and/or crack (OCU), opiate, crack and alcohol dependence. Non-opiate
groups have no estimate, so their unmet need is "no estimate", never 0.

Everything here works over indicator value rows, whichever loader put them in
the workspace (Fingertips export, NDTMS, prevalence estimates, the template):

- published unmet-need percentages (93517, 93532, and a locally reported
  ``alcohol_at_risk_not_in_treatment``) are used **as published**, with their
  published 95% intervals: Fingertips derives those intervals from the
  prevalence estimate's interval, not from a Wilson interval of count/denominator;
- otherwise unmet need is computed from a prevalence estimate and a count of
  people in treatment, and the estimate's 95% interval is carried through:
  lower = (L - T) / L, upper = (U - T) / U (the share rises with prevalence
  for a fixed number in treatment).

Small numbers: the table holds figures as worked out, and says for each row
which counts they rest on (``counts_behind``) and what rests on them
(``RESTS_ON_COUNTS``). The one suppression gate,
:func:`cdp_data.services.disclosure.unmet_need`, withholds a count under 5 and
everything derived from it that would reveal it (no subtraction from the
estimate, no share that multiplies back to it) before the table goes further.

Why a figure is missing or changed is given as note codes (:mod:`.notes`);
the words are in :mod:`cdp_data.present.unmet_need`; reading the workspace is
:mod:`cdp_data.services.unmet_need`.
"""

from .england import (across_areas, compare_with_england, has_england_figure, has_synthetic,  # noqa: F401
                      latest_per_group, one_period_each, rows_with_figure, substance_periods_ranked, with_england,
                      with_missing_groups)
from .groups import (BY_KEY, CLI_KEYS, COLUMNS, ENGLAND, INPUT_COLUMNS, INPUT_INDICATORS,  # noqa: F401
                     LANCASHIRE_CASELOAD, NATIONAL_CASELOAD, RAW_COLUMNS, RESTS_ON_COUNTS, SUBSTANCES, WITH_ESTIMATE,
                     SubstanceGroup, UnknownArea)
from .planning import target_share, what_would_it_take, what_would_it_take_table  # noqa: F401
from .table import nearest_estimate, unmet_need_range, unmet_need_share, unmet_need_table  # noqa: F401
