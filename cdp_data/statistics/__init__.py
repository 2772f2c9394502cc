"""Public health statistics the way OHID's Fingertips computes them.

Confidence intervals (used only where a source gives a count and a
denominator but no published interval: a published interval is always kept
as published), the comparison of an area with a benchmark, the recent-trend
test and NHS "Making Data Count" SPC (XmR) charts.

The CI formulas follow the DHSC package PHStatsMethods and its R original
PHEindicatormethods; the tests check them against PHStatsMethods.
"""


from __future__ import annotations

from .comparison import BETTER, HIGHER, LOWER, NOT_COMPARED, SIMILAR, WORSE, compare_frame, compare_with_benchmark  # noqa: F401
from .comparison import compare_by_quintiles, ntile, quintile_label, quintiles, spine_quartiles  # noqa: F401
from .intervals import Z95, byars_ci, exact_poisson_ci, fill_missing_cis, wilson_ci  # noqa: F401
from .spc import spc_xmr  # noqa: F401
from .trend import CANNOT_CALCULATE, NO_CHANGE, TREND_CHI_SQUARE_THRESHOLD, Trend, recent_trend  # noqa: F401
