"""The cells of a delivery-plan workbook: which header means which field, and how a status,
a fill colour or a due date written in a cell is read (see :mod:`cdp_data.sources.plan_workbook`)."""

from __future__ import annotations

import calendar
import colorsys
import datetime as dt
import functools
import re



# ---------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------
SKIP_SHEETS = re.compile(
    r"^\s*(read\s*-?\s*me|notes?|instructions?|guidance|how to use|key|legend|glossary|contents|"
    r"cover|change\s*log|version(s| history)?|lists?|lookups?|drop\s*-?\s*downs?|about)\b", re.I)

# Checked in this order; the first that matches a header decides its field.
_HEADER_RULES: list[tuple[str, re.Pattern]] = [
    ("ref", re.compile(r"^(ref|ref no|reference|ref number|no|number|id|action ref|action no|action id|#)$")),
    ("status", re.compile(r"\b(rag|status|rating|brag)\b")),
    ("lead", re.compile(r"\b(lead|leads|owner|owners|responsibility|responsible|accountable)\b|^who$")),
    ("due", re.compile(r"\b(due|deadline|deadlines|timescale|timescales|timeframe|target date|by when|"
                       r"completion date|end date|date due)\b|^when$")),
    ("progress", re.compile(r"\b(progress|update|updates|commentary|comments?|narrative)\b")),
    ("priority", re.compile(r"\b(priority|priorities|theme|themes|workstream|workstreams|strand|pillar)\b")),
    ("objective", re.compile(r"\b(objective|objectives|aim|aims|goal|goals)\b")),
    ("action", re.compile(r"\b(action|actions|deliverable|deliverables|activity|activities|task|tasks|"
                          r"intervention|interventions)\b|^what we will do$")),
]


def norm_header(value) -> str:
    text = str(value).strip().lower().replace("&", " and ")
    return re.sub(r"\s+", " ", re.sub(r"[^\w#]+", " ", text)).strip()


def match_headers(values: list) -> dict[str, int]:
    """Map field name -> column index for a candidate header row (first match wins)."""
    found: dict[str, int] = {}
    for idx, value in enumerate(values):
        if not isinstance(value, str) or not value.strip() or len(value) > 60:
            continue
        text = norm_header(value)
        if len(text.split()) > 8:
            continue
        for name, rule in _HEADER_RULES:
            if rule.search(text):
                if name not in found:
                    found[name] = idx
                break
    return found


def is_header(found: dict[str, int]) -> bool:
    return "action" in found and len(found) >= 2


# ---------------------------------------------------------------------------
# Status
# ---------------------------------------------------------------------------
_STATUS_EXACT = {
    "r": "red", "red": "red", "off track": "red", "behind": "red",
    "a": "amber", "amber": "amber", "at risk": "amber", "on hold": "amber", "paused": "amber",
    "delayed": "amber", "yellow": "amber", "orange": "amber",
    "g": "green", "green": "green", "on track": "green", "in progress": "green",
    "b": "complete", "blue": "complete", "c": "complete", "complete": "complete", "completed": "complete",
    "done": "complete", "closed": "complete", "achieved": "complete", "delivered": "complete",
    "ns": "not_started", "not started": "not_started", "not yet started": "not_started",
    "to start": "not_started", "not due to start": "not_started",
}
_SEVERITY = {"red": 0, "amber": 1, "green": 2, "complete": 3, "not_started": 4}


@functools.lru_cache(maxsize=512)
def _parse_status_text(raw: str) -> str | bool:
    return _parse_status(raw)


def parse_status(text) -> str | None | bool:
    """A status word or letter -> red|amber|green|complete|not_started.

    Two colours together ("Amber/Green", "R/A") take the less favourable one, so a
    mixed rating is never shown as better than it is. Blue, Complete(d), Done mean
    complete; "On hold" and "Delayed" count as amber (the action needs attention);
    "Not started" is not_started. Returns ``None`` for blank and ``False`` when the
    text is not a status the app knows.
    """
    if text is None:
        return None
    raw = str(text).strip().lower()
    if not raw:
        return None
    return _parse_status_text(raw)


def _parse_status(raw: str) -> str | bool:
    raw = re.sub(r"\s+", " ", raw.replace("_", " "))
    if raw in _STATUS_EXACT:
        return _STATUS_EXACT[raw]
    parts = [p.strip() for p in re.split(r"\s*[/\\&-]\s*|\s+and\s+|\s+to\s+", raw) if p.strip()]
    if len(parts) > 1 and all(p in _STATUS_EXACT for p in parts):
        found = [_STATUS_EXACT[p] for p in parts]
        colours = [f for f in found if f in ("red", "amber", "green")]
        return min(colours or found, key=_SEVERITY.get)
    head = re.split(r"[\s:,;.(/-]+", raw)[0]
    if head in _STATUS_EXACT and len(head) > 1:
        return _STATUS_EXACT[head]
    for phrase in ("not started", "not yet started", "on hold", "on track", "off track", "at risk"):
        if raw.startswith(phrase):
            return _STATUS_EXACT[phrase]
    return False


# Default Office theme colours, by theme index (lt1, dk1, lt2, dk2, accent1..6).
_THEME = ["FFFFFF", "000000", "E7E6E6", "44546A", "4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47"]


def _colour_hex(color) -> str | None:
    if color is None:
        return None
    try:
        kind = color.type
        if kind == "rgb" and isinstance(color.rgb, str):
            return color.rgb[-6:]
        if kind == "indexed":
            from openpyxl.styles.colors import COLOR_INDEX

            idx = int(color.indexed)
            return COLOR_INDEX[idx][-6:] if idx < len(COLOR_INDEX) and idx not in (64, 65) else None
        if kind == "theme":
            idx = int(color.theme)
            return _THEME[idx] if 0 <= idx < len(_THEME) else None
    except (TypeError, ValueError, AttributeError):
        return None
    return None


def status_from_colour(hex_rgb: str | None) -> str | None:
    """A fill colour -> red|amber|green|complete, tolerant of the shades people pick.

    Hue bands (degrees): red below 18 or from 330; amber 18-70 (orange to yellow);
    green 70-170; blue 170-260 means complete. Greys, whites and near-blacks (saturation
    under 0.12 or value under 0.25) and purples carry no status.
    """
    if not hex_rgb or not re.fullmatch(r"[0-9A-Fa-f]{6}", hex_rgb):
        return None
    r, g, b = (int(hex_rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    h *= 360
    if s < 0.12 or v < 0.25:
        return None
    if h < 18 or h >= 330:
        return "red"
    if h < 70:
        return "amber"
    if h < 170:
        return "green"
    if h < 260:
        return "complete"
    return None


def fill_status(cell) -> str | None:
    try:
        fill = cell.fill
    except (AttributeError, IndexError, KeyError):
        return None
    if fill is None or getattr(fill, "fill_type", None) in (None, "none"):
        return None
    return status_from_colour(_colour_hex(fill.fgColor) or _colour_hex(getattr(fill, "bgColor", None)))


# ---------------------------------------------------------------------------
# Due dates
# ---------------------------------------------------------------------------
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_RE_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_RE_NUMERIC = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b")
_RE_FYQ = re.compile(r"\bq([1-4])\s*(?:fy)?\s*'?(\d{4}|\d{2})\s*[/-]\s*(\d{4}|\d{2})\b")
_RE_FYQ_REV = re.compile(r"\b(?:fy)?\s*(\d{4})\s*[/-]\s*(\d{4}|\d{2})\s*,?\s*q([1-4])\b")
_RE_Q_YEAR = re.compile(r"\bq([1-4])\s*(\d{4})\b")
_RE_MONTH = re.compile(r"(?:\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?\b" + _MONTH_RE + r"\b\.?[\s,'-]*(\d{4}|\d{2})\b")
_RE_FY = re.compile(r"\b(?:fy\s*)?(20\d{2})\s*[/-]\s*(\d{2}|20\d{2})\b")
_RE_YEAR = re.compile(r"^\D*\b(20\d{2})\b\D*$")


def _year(text: str) -> int:
    y = int(text)
    return 2000 + y if y < 100 else y


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _fy_quarter_end(start_year: int, quarter: int) -> dt.date:
    """Financial year starting April ``start_year``: Q1 Apr-Jun ... Q4 Jan-Mar."""
    return {1: dt.date(start_year, 6, 30), 2: dt.date(start_year, 9, 30),
            3: dt.date(start_year, 12, 31), 4: dt.date(start_year + 1, 3, 31)}[quarter]


@functools.lru_cache(maxsize=2048)
def parse_due_text(text: str) -> tuple[dt.date | None, str | None]:
    """Free text -> (date or None, a note when the reading was uncertain or impossible).

    Day-first numeric dates (31/03/2025); ISO dates; month names ("March 2025" -> its
    last day, "By September 2014" likewise; the last month named in a range wins);
    financial-year quarters ("Q3 2024/25" -> 31 Dec 2024, Q1 = Apr-Jun); a financial
    year alone ("2024/25" -> 31 Mar 2025); a year alone (31 Dec). Words without
    digits ("Ongoing", "Throughout strategy") are kept as text with no date and no note.
    """
    raw = str(text).strip()
    low = raw.lower()
    if not low:
        return None, None
    try:
        if m := _RE_ISO.search(low):
            return dt.date(int(m[1]), int(m[2]), int(m[3])), None
        if m := _RE_NUMERIC.search(low):
            day, month, year = int(m[1]), int(m[2]), _year(m[3])
            try:
                return dt.date(year, month, day), None
            except ValueError:
                if 1 <= day <= 12:
                    return dt.date(year, day, month), "read as month-first (US style); check it"
                raise
        if m := _RE_FYQ.search(low):
            start, end = _year(m[2]), _year(m[3])
            if end in (start + 1, start % 100 + 1):
                return _fy_quarter_end(start, int(m[1])), None
        if m := _RE_FYQ_REV.search(low):
            return _fy_quarter_end(_year(m[1]), int(m[3])), None
        if m := _RE_Q_YEAR.search(low):
            q, y = int(m[1]), int(m[2])
            return _month_end(y, q * 3), "a quarter without a financial year: read as a calendar quarter"
        months = list(_RE_MONTH.finditer(low))
        if months:
            m = months[-1]
            month = _MONTHS[m[2][:3] if m[2][:4] != "sept" else "sept"]
            year = _year(m[3])
            if m[1]:
                return dt.date(year, month, int(m[1])), None
            return _month_end(year, month), None
        if m := _RE_FY.search(low):
            start, end = _year(m[1]), _year(m[2])
            if end in (start + 1, start % 100 + 1):
                return dt.date(start + 1, 3, 31), None
        if m := _RE_YEAR.match(low):
            return dt.date(int(m[1]), 12, 31), None
    except ValueError:
        return None, "not a real date"
    if any(ch.isdigit() for ch in low):
        return None, "could not read a date"
    if re.search(r"\b" + _MONTH_RE + r"\b", low):
        return None, "a month without a year"
    return None, None


def due_from_cell(value) -> tuple[dt.date | None, str | None, str | None]:
    """(due, due as written, note)."""
    if value is None:
        return None, None, None
    if isinstance(value, dt.datetime):
        return value.date(), value.strftime("%d/%m/%Y"), None
    if isinstance(value, dt.date):
        return value, value.strftime("%d/%m/%Y"), None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial number in a cell not formatted as a date
            day = dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
            return day, str(value), None
        return None, str(value), "a number, not a date"
    text = str(value).strip()
    if not text:
        return None, None, None
    due, note = parse_due_text(text)
    return due, text, note


def cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    text = str(value).strip()
    return text or None


_BULLET = re.compile(r"^\s*(?:[•·▪‣◦●○■□✓✔*]|\d{1,2}[.)]|[a-z][.)]|[-–—](?=\s))\s*", re.I)


def split_lines(text: str | None) -> list[str]:
    if not text:
        return []
    if "\n" not in text and "\r" not in text and not _BULLET.match(text):
        return [text.strip()]
    out: list[str] = []
    for line in re.split(r"\r\n|\r|\n", text):
        line = line.strip()
        if not line:
            continue
        bulleted = bool(_BULLET.match(line))
        stripped = _BULLET.sub("", line).strip() if bulleted else line
        if out and not bulleted and stripped[:1].islower():
            out[-1] = f"{out[-1]} {stripped}"  # a sentence wrapped by hand, not a new action
        elif stripped:
            out.append(stripped)
    return out


def title_value(title: str, word: str) -> str | None:
    """'Objective 1: Reduce deaths' -> 'Reduce deaths' for word='objective'."""
    m = re.match(rf"^\s*(?:strategic\s+)?{word}\s*\w{{0,3}}\s*[:.\-–—]\s*(.+)$", title, re.I)
    return m[1].strip() if m else None


def cell_ref(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col + 1)}{row}"
