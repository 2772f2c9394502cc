"""The delivery plan's words: statuses as words, version captions, change tables."""

from __future__ import annotations

import pandas as pd

STATUS_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "complete": "Complete",
                "not_started": "Not started", None: "No status"}


def status_word(status) -> str | None:
    """The status as the word the page shows (``"red"`` -> ``"Red"``; no status -> ``"No status"``)."""
    return STATUS_WORDS.get(status if isinstance(status, str) else None)


def with_status_words(frame: pd.DataFrame) -> pd.DataFrame:
    """The actions with a ``status_word`` column added (the status as a word)."""
    frame["status_word"] = frame["status"].map(status_word)
    return frame


def version_caption(version: pd.Series) -> str:
    """A version's source line for captions: ``"plan.xlsx, uploaded 31 Mar 2025"``."""
    return f"{version['filename']}, uploaded {pd.Timestamp(version['uploaded_at']):%-d %b %Y}"


def change_table(table: pd.DataFrame) -> pd.DataFrame:
    """A table of a :class:`Comparison` ready to show: status as words, no Ref column when no action has one."""
    if "status" in table:
        table = table.assign(status=table["status"].map(status_word))
    if "ref" in table and table["ref"].isna().all():
        table = table.drop(columns="ref")
    return table
