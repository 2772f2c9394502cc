"""The board pack's content, independent of its file format: headings, paragraphs, tables and pictures in
reading order, and the sentences written for it. Built by :mod:`cdp_data.services.board_pack`, written as
Word by :mod:`cdp_data.services.board_pack_docx` and as PDF by :mod:`cdp_data.services.board_pack_pdf`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import format_value, uk_date

SYNTHETIC_PLAN = "This delivery plan is synthetic demo data: invented for the demonstration, not a real plan."
SYNTHETIC_NOTE = "This report includes synthetic demo data: figures so marked are invented for the demonstration."


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body | note | lead


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]
    caption: str = ""


@dataclass(frozen=True)
class Picture:
    png: bytes
    alt: str
    width_cm: float = 16.0


@dataclass
class Pack:
    title: str
    subtitle: str
    blocks: list = field(default_factory=list)

    def add(self, *blocks) -> None:
        self.blocks.extend(b for b in blocks if b is not None)

    def text(self) -> str:
        """Every word of the pack in reading order (for tests and for checking against the screens)."""
        parts = [self.title, self.subtitle]
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph):
                parts.append(block.text)
            elif isinstance(block, Table):
                parts += [block.caption, " | ".join(block.columns)] + [" | ".join(r) for r in block.rows]
            elif isinstance(block, Picture):
                parts.append(block.alt)
        return "\n".join(p for p in parts if p)


def quarter_label(day: dt.date) -> str:
    """The financial-year quarter of ``day``: 2 Dec 2026 -> "Quarter 3 of 2026/27"."""
    start_year = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return f"Quarter {quarter} of {start_year}/{(start_year + 1) % 100:02d}"


def cover_lines(partnership_name: str, code: str, day: dt.date, data_to: str | None) -> list[str]:
    return [f"{partnership_name} ({code})", f"{quarter_label(day)}. Prepared {uk_date(day)}.",
            f"Data as of: {data_to} (the end of the newest period of any outcome)." if data_to
            else "No indicator data is loaded yet."]


def _direction(first: float, last: float) -> str:
    if last > first:
        return "rose"
    if last < first:
        return "fell"
    return "stayed"


def outcome_sentence(title: str, unit: str | None, first: tuple[str, float] | None, last: tuple[str, float],
                     england: float | None, compared: str | None) -> str:
    """"Continuity of care rose from 37.0% (2019/20) to 64.0% (2023/24); England 55.0%; similar to England."."""
    latest = f"{format_value(last[1], unit)} ({last[0]})"
    if first is None or first[0] == last[0]:
        parts = [f"{title} was {latest}"]
    elif _direction(first[1], last[1]) == "stayed":
        parts = [f"{title} stayed at {latest}, as in {first[0]}"]
    else:
        parts = [f"{title} {_direction(first[1], last[1])} from {format_value(first[1], unit)} ({first[0]}) "
                 f"to {latest}"]
    if england is not None:
        parts.append(f"England {format_value(england, unit)}")
    if compared and compared not in ("Not compared", ""):
        parts.append(compared[0].lower() + compared[1:])
    return "; ".join(parts) + "."


def outcome_alt(title: str, sentence: str, points: int) -> str:
    return f"Line chart of {title} over {points} periods, with England where loaded. {sentence}"


def exceptions_sentence(n: int) -> str:
    if n == 0:
        return "No action is red, overdue or slipped."
    return f"{n} action{'s are' if n != 1 else ' is'} red, overdue or slipped:"


def recent_caption(title: str, periods: int) -> str:
    return f"{title}: the latest period." if periods == 1 else f"{title}: the latest {periods} periods."


NO_CHANGES = "Nothing to report: no status, data period or plan change."


def changes_heading(last_meeting_date) -> str:
    if last_meeting_date is None:
        return "What changed since the previous plan version (no meeting recorded yet)"
    return f"What changed since the last meeting ({uk_date(last_meeting_date)})"
