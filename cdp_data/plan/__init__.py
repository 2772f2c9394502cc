"""The delivery plan as data: actions matched across versions, what is late or due soon, counts by status,
and what changed between two versions. Pure functions over DataFrames; statuses are codes (the words are
in :mod:`cdp_data.present.plan`)."""

from __future__ import annotations

from .actions import (NOT_GIVEN, STATUSES, action_key, due_soon, filter_actions, headline_counts, is_open,
                      linked_actions, normalise_action, overdue, status_code, status_summary)
from .compare import Comparison, compare_frames, direction

__all__ = ["NOT_GIVEN", "STATUSES", "Comparison", "action_key", "compare_frames", "direction", "due_soon",
           "filter_actions", "headline_counts", "is_open", "linked_actions", "normalise_action", "overdue",
           "status_code", "status_summary"]
