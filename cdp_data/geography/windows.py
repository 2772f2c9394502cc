"""The fixed windows police counts are offered for: whole calendar quarters, never an arbitrary run of months.

Why: two windows that overlap or nest give, by subtraction, the count of the months where they differ
(September 8 and September to October 12 give October 4 even when October alone is suppressed). Whole
calendar quarters (January to March, April to June, July to September, October to December) never overlap
and none is made of others, so a difference of two offered windows is never the count of any set of months.
A quarter is offered only when all three of its months are held: a quarter held in part would grow when its
missing months are loaded, and the difference of its two versions would be the new month's count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Window:
    """A calendar quarter: ``key`` ``"2025-Q3"``, months ``("2025-07", "2025-08", "2025-09")``."""

    key: str
    months: tuple[str, str, str]

    @property
    def first(self) -> str:
        return self.months[0]

    @property
    def last(self) -> str:
        return self.months[-1]


def _month(text: str) -> tuple[int, int] | None:
    """(year, month) of "YYYY-MM", or None when it is not one."""
    text = str(text).strip()
    if len(text) != 7 or text[4] != "-" or not (text[:4].isdigit() and text[5:].isdigit()):
        return None
    year, month = int(text[:4]), int(text[5:])
    return (year, month) if 1 <= month <= 12 else None


def quarter(year: int, number: int) -> Window:
    """The window of quarter ``number`` (1 to 4) of ``year``."""
    first = 3 * (number - 1) + 1
    return Window(f"{year:04d}-Q{number}", tuple(f"{year:04d}-{m:02d}" for m in range(first, first + 3)))


def quarter_of(month: str) -> Window | None:
    """The quarter a "YYYY-MM" month falls in (None for anything else)."""
    parsed = _month(month)
    return quarter(parsed[0], (parsed[1] - 1) // 3 + 1) if parsed else None


def window_for_key(key: str) -> Window | None:
    """The window a key such as ``"2025-Q3"`` names (None when it names none)."""
    text = str(key or "").strip().upper()
    if len(text) != 7 or text[4:6] != "-Q" or not text[:4].isdigit() or text[6] not in "1234":
        return None
    return quarter(int(text[:4]), int(text[6]))


def complete_quarters(months: Iterable[str]) -> list[Window]:
    """The calendar quarters all three of whose months are in ``months``, oldest first."""
    held = {str(m).strip() for m in months}
    windows = {quarter_of(m) for m in held}
    return sorted((w for w in windows if w is not None and set(w.months) <= held), key=lambda w: w.key)
