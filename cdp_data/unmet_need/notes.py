"""Why an unmet-need row has no figure, or a changed one: codes that
:mod:`cdp_data.present.unmet_need` turns into the sentences the page shows."""

AT_RISK_MEASURE = "at_risk_measure"                 # the locally reported at-risk measure, not dependent drinkers
SOURCE_NOTE = "source_note"                         # the note published with the figure (``source_note``)
WILSON_DROPPED = "wilson_interval_dropped"          # a Wilson interval of count/denominator is not unmet need's
SMALL_COUNT = "small_count_suppressed"              # a published count under 5: nothing derived is shown
NO_PUBLISHED_INTERVAL = "no_published_interval"
SHARE_CLIPPED = "share_clipped"                     # more in treatment than estimated: shown as 0%
LOWER_CLIPPED = "lower_clipped"
TREATMENT_SUPPRESSED = "treatment_suppressed"       # the number in treatment is under 5
NO_ESTIMATE_EXISTS = "no_estimate_exists"           # non-opiate groups: no prevalence estimate exists
NO_ESTIMATE_LOADED = "no_estimate_loaded"
PERIODS_DIFFER = "periods_differ"                   # paired with the nearest estimate
NO_ESTIMATE_INTERVAL = "no_estimate_interval"
NO_TREATMENT_COUNT = "no_treatment_count"
NO_DATA_LOADED = "no_data_loaded"

# what_would_it_take_table
NEEDS_PREVALENCE_AND_TREATMENT = "needs_prevalence_and_treatment"
NO_ENGLAND_VALUE = "no_england_value"
ALREADY_AT_LEVEL = "already_at_level"

# The order notes are given in (a row's ``note_codes`` follow it; the gate keeps it when it adds one).
ORDER = (AT_RISK_MEASURE, SOURCE_NOTE, WILSON_DROPPED, SMALL_COUNT, NO_PUBLISHED_INTERVAL, TREATMENT_SUPPRESSED,
         NO_ESTIMATE_EXISTS, NO_ESTIMATE_LOADED, PERIODS_DIFFER, NO_ESTIMATE_INTERVAL, SHARE_CLIPPED, LOWER_CLIPPED,
         NO_TREATMENT_COUNT, NO_DATA_LOADED)
