"""Ward geography: the pure domain of the ward map (no I/O, no SQL, no display text).

Conventions used throughout:

- wards are keyed by ``ward_code`` (a GSS ``E05`` code of any vintage), with
  ``ward_name``, ``lad_code`` and, where known, ``ctyua_code`` (county or
  unitary authority); the readers in :mod:`cdp_data.sources` give frames these
  names;
- LSOA best-fit lookups are normalised to ``lsoa_code``, ``lsoa_vintage``
  (``"2011"`` or ``"2021"``), ``ward_code``, ``ward_name``, ``lad_code``.

The modules: :mod:`.wards`, :mod:`.deprivation`, :mod:`.police`, :mod:`.harm`,
:mod:`.rates`, :mod:`.windows` (the fixed police windows), :mod:`.correlation`, :mod:`.inequality` (harm by
deprivation fifth), :mod:`.ward_map` (the map's table from
everything held) and :mod:`.display` (shapes for the browser).
"""

from .correlation import bivariate_classes, pearson_with_ci, tertile_class, top_wards_both_high  # noqa: F401
from .deprivation import WardDeprivation, ward_deprivation  # noqa: F401
from .inequality import WardInequality, ward_inequality  # noqa: F401
from .display import coverage_ratio, simplify_for_display, to_geojson  # noqa: F401
from .police import POLICE_COLUMNS, police_lsoa_counts, police_ward_counts  # noqa: F401
from .ward_map import GeographyInputs, WardMap, ward_map_table  # noqa: F401
from .harm import harm_ward_counts, ward_populations  # noqa: F401
from .rates import byars_ci, ward_rates  # noqa: F401
from .windows import Window, complete_quarters, quarter_of, window_for_key  # noqa: F401
from .wards import ward_table, wards_in_area  # noqa: F401
