"""The clock, in one place (stored timestamps have whole seconds)."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def today() -> dt.date:
    """Today's date, the "as of" date of the statuses when none is given. ``CDP_TODAY`` (an ISO date) sets it,
    so that tests and a browser session can view the app as of a fixed day."""
    import os

    raw = os.environ.get("CDP_TODAY", "").strip()
    if raw:
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    return dt.date.today()
