"""Baselines, targets and the "are we on track?" status (the domain: pure functions, no I/O, no display text).

For one partnership and one indicator the app takes three figures:

* the **baseline** (``baselines`` table: value and the period it covers, usually
  the 12 months to March 2022 but set per row),
* the **latest** value (the stored indicator value with the latest period end
  for the area, all persons, no breakdown category),
* the **target** (``targets`` table). A partnership may hold a trajectory (one
  target per year): the target used is the earliest one whose date is on or
  after the latest period end; when every target date has passed, the last one.

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
4. **Achieved**: the latest value is at or beyond the target
   (``d * (latest - target) >= 0``).
5. **Off track**: the target date is on or before the latest period end, and
   the target was not met.
6. **Not enough data**: no baseline, a baseline not earlier than the latest
   value, or no direction (see above): the pace cannot be measured.
7. **Off track**: no movement or movement the wrong way since the baseline
   (``d * observed <= 0``).
8. **On track**: observed pace at least the required pace
   (``observed / required >= 1``).
9. **At risk**: observed pace at least half the required pace (``>= 0.5``).
10. **Off track**: otherwise.

Worked example (Lancashire, seed 004): young people in treatment 196 (12 months
to Mar 2022) to 301 (Nov 2023) against a 2023/24 target of 244: 301 >= 244, so
**Achieved**; change +105 (+53.6%). Caseload per worker 70 in 2024 against the
national ambition of 40 for 2024 (lower is better): the target date has been
reached and 70 > 40, so **Off track**.

The modules: :mod:`.rule` (the status rule and the status words), :mod:`.build` (statuses from
frames), :mod:`.edits` (edited baselines and targets checked), :mod:`.milestones` (the national
milestones), :mod:`.headlines` (what the Overview shows).
"""

from .rule import (ACHIEVED, AT_RISK, MONITOR, NO_TARGET, NOT_ENOUGH_DATA, OFF_TRACK, ON_TRACK, STATUSES,  # noqa: F401
                   TARGET_KINDS, TargetStatus, assess, direction, is_monitor_target, is_small_count,
                   months_between, pick_target, trend_word)
