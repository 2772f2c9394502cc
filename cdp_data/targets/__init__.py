"""Baselines, targets and the "are we on track?" status (the domain: pure functions, no I/O, no display text).

For one partnership and one indicator the app takes three figures:

* the **baseline** (``baselines`` table: value and the period it covers, usually
  the 12 months to March 2022 but set per row),
* the **latest** value (the stored indicator value with the latest period end
  for the area, all persons, no breakdown category),
* the **target** (``targets`` table). A partnership may hold a trajectory (one
  target per year): the target used is the one that applies **as of** the day
  the status is judged (``as_of``, today unless given): the earliest one whose
  date is on or after ``as_of``; when every target date has passed, the latest
  passed one; with no dated target, the first.

The as-of day comes from one place: :func:`cdp_data.core.clock.today` (``CDP_TODAY``
sets it), read by the services, the CLI (``--as-of``) and the pages; this package
only takes it as an argument.

Change since baseline
    ``latest - baseline``. For proportions it is given in *percentage points*;
    for counts also as a percentage of the baseline
    (``100 * (latest - baseline) / baseline``); for rates in the indicator's unit.

Direction of progress ``d``
    +1 when higher is better, -1 when lower is better (fewer deaths is
    progress). For indicators with no polarity the direction is the sign of
    ``target - baseline``; with no baseline (or a baseline equal to the target)
    it cannot be known.

Pace (per month, months = days / 30.4375)
    required = ``(target - latest) / months from latest period end to target date``
    observed = ``(latest - baseline) / months from baseline period end to latest period end``

Status rule, applied in this order (the first that applies wins):

1. **No target**: the partnership has no target for the indicator.
2. **Monitor**: the target says "monitor" (or "set baseline"): no judgement,
   only the trend (Rising / Falling / No change) is shown.
3. **Not enough data**: no latest value, or the target has no number.

When the target date has passed (``target_date <= as_of``), steps 4-6 decide;
nothing is extrapolated past the data:

4. **Awaiting data**: the latest data ends before the target date
   (``latest_end < target_date``); the reason gives the data's age.
5. **Achieved**: the value at the target date reached the target
   (``d * (value - target) >= 0``), the value being the one with the last period
   end on or before the target date (when every period ends after it, the first
   one, which covers the date).
6. **Off track**: otherwise (the target date passed without reaching it).

When the target date has not passed (or the target has no date), the pace rule:

7. **Achieved**: the latest value is at or beyond the target
   (``d * (latest - target) >= 0``).
8. **Off track**: the target date is on or before the latest period end, and
   the target was not met.
9. **Not enough data**: no baseline, a baseline not earlier than the latest
   value, or no direction (see above): the pace cannot be measured.
10. **Off track**: no movement or movement the wrong way since the baseline
    (``d * observed <= 0``).
11. **On track**: observed pace at least the required pace
    (``observed / required >= 1``).
12. **At risk**: observed pace at least half the required pace (``>= 0.5``).
13. **Off track**: otherwise.

The required pace still counts the months from the latest period end (not from
``as_of``) to the target date.

Data age and stale data (:mod:`.freshness`)
    The age is the whole calendar months from the latest period end to
    ``as_of`` (data to 30 Nov 2023 seen on 2 Dec 2026: 36 months). Data is
    **stale** when its age is more than the indicator's reporting interval
    (catalogue ``frequency``: monthly 1, quarterly 3, annual 12 months) plus 3
    months' grace for publication: over 4 months for monthly, 6 for quarterly,
    15 for annual; 15 when the frequency is unknown or irregular ("Periodic").

Worked example (Lancashire, seed 004): young people in treatment 196 (12 months
to Mar 2022) to 301 (Nov 2023) against a 2023/24 target of 244 (31 Mar 2024).
Judged as of 15 Jan 2024 the target date has not passed and 301 >= 244, so
**Achieved**; as of 2 Dec 2026 the date has passed and the data ends in Nov 2023,
so **Awaiting data** (data 36 months old; stale, monthly allows 4). Caseload per
worker 70 in 2024 against the national ambition of 40 for 2024 (lower is
better): as of 2026 the target date has passed, the data covers it and 70 > 40,
so **Off track**.

The modules: :mod:`.rule` (the status rule and the status words), :mod:`.build` (statuses from
frames), :mod:`.edits` (edited baselines and targets checked), :mod:`.freshness` (data age), :mod:`.milestones` (the national
milestones), :mod:`.headlines` (what the Overview shows).
"""

from .rule import (ACHIEVED, AT_RISK, AWAITING_DATA, MONITOR, NO_TARGET, NOT_ENOUGH_DATA, OFF_TRACK,  # noqa: F401
                   ON_TRACK, STATUSES, TARGET_KINDS, TargetStatus, assess, direction, is_monitor_target,
                   months_between, pick_target, trend_word)
