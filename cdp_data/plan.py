"""Delivery plans: read the Excel workbooks people really write, keep every version, compare them.

The reader (:func:`parse_workbook`) takes a workbook as bytes and returns its actions
(priority, objective, action, lead, due date, due as written, RAG status, progress,
sheet and row) with a list of warnings naming the sheet and cell of anything it could
not interpret. It copes with the layouts councils use (see DOMAIN.md section 5):

- the header row anywhere in the first 30 rows of any sheet, read-me sheets skipped,
  a sheet per objective with a title row above the table;
- headers matched by meaning (``Local Actions``, ``Lead (Owner)``, ``Timescale`` ...);
- merged cells and blank continuation rows in the priority and objective columns;
- several actions in one cell, one a line, aligned with the leads line by line;
- RAG status as words, letters or only the cell's fill colour;
- due dates as Excel dates, UK day-first text, months, financial-year quarters or words.

It reads values only (openpyxl in read-only mode, ``keep_vba=False``: macros are
never run), refuses damaged, encrypted, old-format, oversized and zip-bomb files with
one plain sentence (:class:`~cdp_data.core.errors.PlanError`), and never writes anything
when a file cannot be read.

Every upload is a new version (:func:`add_plan_version`): the original file is kept,
nothing is overwritten; :func:`compare_versions` says what was added, removed and
changed between any two versions.
"""

from __future__ import annotations

import calendar
import colorsys
import functools
import datetime as dt
import hashlib
import io
import itertools
import json
import re
import zipfile
from dataclasses import asdict, dataclass, field

import pandas as pd
import sqlalchemy as sa

from .core import config
from .core.errors import PlanError
from .sources.base import LoadReport
from .store import Workspace, action_links, areas, catalogue, now, plan_actions, plan_versions
from .core.numbers import as_date, plain

KIND = "plan_workbook"
LABEL = "Delivery plan workbook"

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
HEADER_SEARCH_ROWS = 30

STATUSES = ["red", "amber", "green", "complete", "not_started"]
STATUS_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "complete": "Complete",
                "not_started": "Not started", None: "No status"}

FIELDS = ["ref", "priority", "objective", "action", "lead", "due", "due_text", "status", "progress",
          "sheet", "row"]


@dataclass
class Action:
    """One action as the plan states it."""

    action: str
    priority: str | None = None
    objective: str | None = None
    lead: str | None = None
    due: dt.date | None = None
    due_text: str | None = None
    status: str | None = None
    progress: str | None = None
    ref: str | None = None
    sheet: str | None = None
    row: int | None = None

    def as_json(self) -> dict:
        d = asdict(self)
        d["due"] = self.due.isoformat() if self.due else None
        return {k: d[k] for k in FIELDS}


@dataclass
class ParsedPlan:
    actions: list[Action]
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"actions": [a.as_json() for a in self.actions], "warnings": list(self.warnings)}

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([asdict(a) for a in self.actions], columns=FIELDS)


# ---------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------
_SKIP_SHEETS = re.compile(
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


def _norm_header(value) -> str:
    text = str(value).strip().lower().replace("&", " and ")
    return re.sub(r"\s+", " ", re.sub(r"[^\w#]+", " ", text)).strip()


def match_headers(values: list) -> dict[str, int]:
    """Map field name -> column index for a candidate header row (first match wins)."""
    found: dict[str, int] = {}
    for idx, value in enumerate(values):
        if not isinstance(value, str) or not value.strip() or len(value) > 60:
            continue
        text = _norm_header(value)
        if len(text.split()) > 8:
            continue
        for name, rule in _HEADER_RULES:
            if rule.search(text):
                if name not in found:
                    found[name] = idx
                break
    return found


def _is_header(found: dict[str, int]) -> bool:
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


def _fill_status(cell) -> str | None:
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


def _due_from_cell(value) -> tuple[dt.date | None, str | None, str | None]:
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


# ---------------------------------------------------------------------------
# Reading the workbook
# ---------------------------------------------------------------------------
def check_workbook_bytes(filename: str, content: bytes) -> zipfile.ZipFile:
    """Refuse what must not be opened; return the zip directory of a plausible .xlsx."""
    name = filename or "The file"
    if len(content) > config.max_upload_bytes():
        raise PlanError(
            f"{name} is {len(content) / 1_048_576:.1f} MB, over the {config.max_upload_bytes() // 1_048_576} MB "
            "upload limit: remove unused sheets or images and save it again."
        )
    if not content:
        raise PlanError(f"{name} is empty (0 bytes): it is not an Excel workbook.")
    if content[:8] == OLE_MAGIC:
        if ENCRYPTED_MARK in content:
            raise PlanError(f"{name} is password-protected: open it in Excel, remove the password "
                            "(File > Info > Protect Workbook) and upload it again.")
        raise PlanError(f"{name} is an old-style Excel (.xls) file: open it in Excel and save it as "
                        ".xlsx (Excel Workbook), then upload it again.")
    if content[:4] != XLSX_MAGIC:
        lower = filename.lower()
        if lower.endswith(".xls"):
            raise PlanError(f"{name} is not a modern Excel workbook: open it in Excel and save it as "
                            ".xlsx (Excel Workbook), then upload it again.")
        head = content[:2048]
        if _looks_like_text(head):
            raise PlanError(f"{name} is a text or CSV file with an Excel name, not a workbook: "
                            "open it in Excel and save it as .xlsx, or upload it as a .csv.")
        raise PlanError(f"{name} is not an Excel workbook: save the plan as .xlsx and upload it again.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PlanError(f"{name} is damaged or incomplete (perhaps cut short while copying): "
                        "save it again from Excel and upload the new copy.") from exc
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise PlanError(f"{name} is a zip file but not an Excel workbook: save the plan as .xlsx.")
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > 20 * 1024 * 1024 and unpacked / packed > MAX_COMPRESSION_RATIO):
        raise PlanError(f"{name} would unpack to {unpacked / 1_048_576:,.0f} MB, far more than a delivery plan "
                        "needs; it has been refused as unsafe (a possible zip bomb).")
    return archive


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError:
        try:
            head.decode("cp1252")
            return True
        except UnicodeDecodeError:
            return False


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _sheet_xml_facts(archive: zipfile.ZipFile, path: str) -> tuple[list[tuple[int, int, int, int]], bool]:
    """Merged ranges (0-based columns, 1-based rows) and whether the sheet has formulas.

    openpyxl's read-only mode does not expose merged cells, so they are read from the
    sheet XML directly (the ``mergeCells`` block sits after the cell data).
    """
    try:
        data = archive.read(path.lstrip("/"))
    except KeyError:
        return [], False
    merges = []
    start = data.rfind(b"<mergeCells")
    if start < 0:
        start = data.rfind(b":mergeCells")
    if start >= 0:
        for m in _MERGE_RE.finditer(data, start):
            c1, r1 = _col_index(m[1]), int(m[2])
            c2, r2 = (_col_index(m[3]), int(m[4])) if m[3] else (c1, r1)
            merges.append((r1, c1, r2, c2))
    has_formula = b"<f>" in data or b"<f " in data or b":f>" in data
    return merges, has_formula


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    text = str(value).strip()
    return text or None


_BULLET = re.compile(r"^\s*(?:[•·▪‣◦●○■□✓✔*]|\d{1,2}[.)]|[a-z][.)]|[-–—](?=\s))\s*", re.I)


def _lines(text: str | None) -> list[str]:
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


def _title_value(title: str, word: str) -> str | None:
    """'Objective 1: Reduce deaths' -> 'Reduce deaths' for word='objective'."""
    m = re.match(rf"^\s*(?:strategic\s+)?{word}\s*\w{{0,3}}\s*[:.\-–—]\s*(.+)$", title, re.I)
    return m[1].strip() if m else None


def parse_workbook(content: bytes, filename: str = "workbook.xlsx") -> ParsedPlan:
    """Read a delivery-plan workbook (bytes) into its actions; raise :class:`PlanError` if unreadable."""
    from openpyxl import load_workbook

    archive = check_workbook_bytes(filename, content)
    warnings: list[str] = []
    if filename.lower().endswith(".xlsm") or any(n.lower().endswith("vbaproject.bin") for n in archive.namelist()):
        warnings.append(f"{filename} contains macros: only the cell values were read; no macro was run.")
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_vba=False, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        raise PlanError(f"{filename} could not be opened as a workbook (it may be damaged or saved by an "
                        f"unusual program): save it again from Excel as .xlsx.") from exc
    actions: list[Action] = []
    headers_seen: list[str] = []
    any_content = False
    formula_wb = None
    try:
        for sheet in wb.worksheets:
            if _SKIP_SHEETS.match(sheet.title):
                continue
            sheet.reset_dimensions()  # trust the cells, not the (often wrong) <dimension> some tools write
            path = getattr(sheet, "_worksheet_path", None)
            merges, has_formula = _sheet_xml_facts(archive, path) if path else ([], False)
            formulas = None
            if has_formula:
                if formula_wb is None:
                    formula_wb = load_workbook(io.BytesIO(content), read_only=True, data_only=False,
                                               keep_vba=False, keep_links=False)
                formulas = formula_wb[sheet.title]
                formulas.reset_dimensions()
            sheet_actions, found_content, first_rows = _read_sheet(sheet, merges, formulas, warnings)
            any_content = any_content or found_content
            actions.extend(sheet_actions)
            if not sheet_actions and first_rows:
                shown = list(dict.fromkeys(first_rows))[:6]
                headers_seen.append(f"'{sheet.title}' ({', '.join(shown)})" if shown else f"'{sheet.title}'")
    except PlanError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise PlanError(f"{filename} could not be read ({type(exc).__name__}): save it again from Excel "
                        "as .xlsx and upload it again.") from exc
    finally:
        wb.close()
        if formula_wb is not None:
            formula_wb.close()
    if not actions:
        if not any_content:
            raise PlanError(f"{filename} is an empty workbook: there are no cells with text in any sheet.")
        seen = "; ".join(headers_seen[:3])
        raise PlanError(
            f"{filename} has no recognisable header: no sheet has a row in its first {HEADER_SEARCH_ROWS} rows "
            f"with an Action column and a Lead, Due, Status or Priority column"
            + (f" (found {seen})." if seen else ".")
        )
    return ParsedPlan(actions, warnings)


def _read_sheet(sheet, merges, formulas, warnings) -> tuple[list[Action], bool, list[str]]:
    """Actions on one sheet; also whether it had any text and its first short texts."""
    title = sheet.title
    actions: list[Action] = []
    header: dict[str, int] | None = None
    header_words = ""
    title_rows: list[str] = []
    first_texts: list[str] = []
    found_content = False
    title_default: dict[str, str | None] = {"priority": None, "objective": None}
    inherited = dict(title_default)
    # Merged cells: each child (row, col) points at its top-left cell, remembered when read.
    merge_parent: dict[tuple[int, int], tuple[int, int]] = {}
    for r1, c1, r2, c2 in merges:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    merge_parent[(r, c)] = (r1, c1)
    merge_tops = set(merge_parent.values())
    merge_rows = {r for r, _ in merge_parent} | {r for r, _ in merge_tops}
    top_cells: dict[tuple[int, int], object] = {}

    formula_iter = formulas.iter_rows(values_only=True) if formulas is not None else itertools.repeat(None)
    row_source = zip(itertools.count(1), sheet.iter_rows(), formula_iter)
    # The header is the row in the first 30 with the most recognised columns (a title row such
    # as "Action plan | Last updated" may look like a two-column header; the real one has more).
    head = list(itertools.islice(row_source, HEADER_SEARCH_ROWS))
    best = None
    for i, (row_number, cells, _f) in enumerate(head):
        values = [c.value for c in cells]
        if any(v is not None and str(v).strip() for v in values):
            found_content = True
            first_texts.extend(v.strip() for v in values if isinstance(v, str) and 0 < len(v.strip()) < 40)
        found = match_headers(values)
        if _is_header(found) and (best is None or len(found) > len(best[1])):
            best = (i, found, values)
        if row_number in merge_rows:
            for c, cell_ in enumerate(cells):
                if (row_number, c) in merge_tops:
                    top_cells[(row_number, c)] = cell_
    if best is None:
        return [], found_content, first_texts
    header_index, header, header_values = best
    header_words = _norm_header(header_values[header["action"]])
    fields = list(header.items())
    for _n, cells, _f in head[:header_index]:
        texts = [str(c.value).strip() for c in cells if c.value is not None and str(c.value).strip()]
        if texts:
            title_rows.append(texts[0])
    for word in ("objective", "priority"):
        if word not in header:
            for t in reversed(title_rows):
                if (v := _title_value(t, word)):
                    title_default[word] = v
                    break
    inherited = dict(title_default)

    for row_number, cells, formula_values in itertools.chain(head[header_index + 1:], row_source):
        n_cells = len(cells)
        in_merge = row_number in merge_rows
        if in_merge:
            for c in range(n_cells):
                if (row_number, c) in merge_tops:
                    top_cells[(row_number, c)] = cells[c]
        row_cells = {}
        raw = {}
        empty = True
        for name, idx in fields:
            c = cells[idx] if idx < n_cells else None
            v = c.value if c is not None else None
            if v is None and in_merge and (row_number, idx) in merge_parent:
                c = top_cells.get(merge_parent[(row_number, idx)], c)
                v = c.value if c is not None else None
            if v is None and formula_values is not None and idx < len(formula_values):
                f = formula_values[idx]
                if isinstance(f, str) and f.startswith("="):
                    warnings.append(f"Sheet '{title}' cell {_coord(row_number, idx)}: a formula with no saved "
                                    "result; its formula text is kept as text.")
                    v = f
            if isinstance(v, str) and not v.strip():
                v = None
            if v is not None:
                empty = False
            row_cells[name] = c
            raw[name] = v
        if empty:
            continue
        found_content = True
        action_raw = raw.get("action")
        if (isinstance(action_raw, str) and len(action_raw) <= 60 and _norm_header(action_raw) == header_words
                and _is_header(again := match_headers([c.value for c in cells]))):
            header = again  # a repeated header row starts a new table on the same sheet
            fields = list(header.items())
            inherited = dict(title_default)
            continue
        for name in ("priority", "objective"):
            text = _text(raw.get(name))
            if text:
                inherited[name] = text
        action_lines = _lines(_text(action_raw))
        if not action_lines:
            if any(raw.get(n) is not None for n in ("lead", "due", "status")):
                warnings.append(f"Sheet '{title}' row {row_number}: a lead, date or status with no action "
                                "text; row skipped.")
            continue
        n = len(action_lines)
        lead, progress, ref = _text(raw.get("lead")), _text(raw.get("progress")), _text(raw.get("ref"))
        due_raw, status_raw = raw.get("due"), raw.get("status")
        if n == 1:
            rows = [(action_lines[0], lead, progress, ref, due_raw, status_raw)]
        else:
            rows = _split_row(action_lines, lead, progress, ref, due_raw, status_raw, title, row_number,
                              header, warnings)
        for action_text, lead_i, progress_i, ref_i, due_i, status_i in rows:
            due = due_text = None
            if due_i is not None:
                due, due_text, note = _due_from_cell(due_i)
                if note:
                    warnings.append(f"Sheet '{title}' cell {_coord(row_number, header['due'])}: "
                                    f"“{due_text}”: {note}.")
            status = None
            if "status" in header:
                if status_i is None:
                    status = _fill_status(row_cells["status"]) if row_cells["status"] is not None else None
                else:
                    status = parse_status(status_i)
                    if status is False:
                        warnings.append(f"Sheet '{title}' cell {_coord(row_number, header['status'])}: status "
                                        f"“{_text(status_i)}” not recognised; left blank.")
                        status = None
            actions.append(Action(
                action=action_text, priority=inherited["priority"], objective=inherited["objective"],
                lead=lead_i, due=due, due_text=due_text, status=status, progress=progress_i, ref=ref_i,
                sheet=title, row=row_number,
            ))
    return actions, found_content, first_texts


def _split_row(action_lines, lead, progress, ref, due_raw, status_raw, title, row_number, header, warnings):
    """Several actions in one cell, one a line: align the neighbouring cells line by line
    when they have as many lines; otherwise the whole cell applies to each action."""
    n = len(action_lines)
    per_line = {}
    for name, text in (("lead", lead), ("progress", progress), ("ref", ref)):
        lines = _lines(text)
        if len(lines) == n:
            per_line[name] = lines
        else:
            if name == "lead" and len(lines) > 1:
                warnings.append(f"Sheet '{title}' cell {_coord(row_number, header['lead'])}: {n} actions but "
                                f"{len(lines)} leads; the whole cell is kept as the lead of each.")
            per_line[name] = [text] * n
    dues = _lines(due_raw) if isinstance(due_raw, str) else []
    dues = dues if len(dues) == n else [due_raw] * n
    statuses = _lines(status_raw) if isinstance(status_raw, str) else []
    statuses = statuses if len(statuses) == n else [status_raw] * n
    return list(zip(action_lines, per_line["lead"], per_line["progress"], per_line["ref"], dues, statuses))


def _coord(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col + 1)}{row}"


# ---------------------------------------------------------------------------
# Versions
# ---------------------------------------------------------------------------
def normalise_action(text: str | None) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", str(text or "").lower())).strip()


def action_key(text: str | None) -> str:
    """A stable key for an action across versions: a hash of its normalised text."""
    return hashlib.sha256(normalise_action(text).encode("utf-8")).hexdigest()[:32]


def _check_partnership(ws: Workspace, partnership_code: str | None) -> str:
    if not partnership_code:
        first = ws.partnerships()
        if first.empty:
            raise PlanError("There is no partnership in the workspace yet to attach the plan to: "
                            "load the partnership's data first.")
        return str(first["code"].iloc[0])
    with ws.connect() as conn:
        known = conn.execute(sa.select(areas.c.code).where(areas.c.code == partnership_code)).first()
    if known is None:
        raise PlanError(f"{partnership_code} is not a partnership in this workspace.")
    return partnership_code


def add_plan_version(ws: Workspace, partnership_code: str | None, filename: str, content: bytes, *,
                     uploaded_by: str | None = None, is_synthetic: bool = False) -> int:
    """Parse the workbook and store it as a new version; return the version's id.

    The workbook is read completely before anything is written, so a file that
    cannot be read leaves the stored versions untouched.
    """
    return _store(ws, partnership_code, filename, content, uploaded_by, is_synthetic)[0]


def _store(ws, partnership_code, filename, content, uploaded_by, is_synthetic) -> tuple[int, ParsedPlan, str]:
    parsed = parse_workbook(content, filename)
    code = _check_partnership(ws, partnership_code)
    with ws.begin() as conn:
        stored = ws.store_file(filename, content, conn=conn)
        version_id = conn.execute(plan_versions.insert().values(
            partnership_code=code, uploaded_at=now(), uploaded_by=(uploaded_by or "").strip() or None,
            filename=filename, file_id=stored.id, n_actions=len(parsed.actions),
            warnings=json.dumps(parsed.warnings), is_synthetic=bool(is_synthetic),
        )).inserted_primary_key[0]
        conn.execute(plan_actions.insert(), [
            {"version_id": version_id, **{k: getattr(a, k) for k in FIELDS}} for a in parsed.actions
        ])
        ws.log_load(KIND, filename, len(parsed.actions), vintage=code, file_id=stored.id,
                    detail={"plan_version": int(version_id), "warnings": len(parsed.warnings)}, conn=conn)
    return int(version_id), parsed, code


def load(ws: Workspace, filename: str, content: bytes, partnership_code: str | None = None,
         uploaded_by: str | None = None, **options) -> LoadReport:
    """The detector's loader for delivery-plan workbooks (a new version each time)."""
    version_id, parsed, code = _store(ws, partnership_code, filename, content, uploaded_by,
                                      bool(options.get("is_synthetic", False)))
    counts = pd.Series([a.status for a in parsed.actions], dtype="object").value_counts(dropna=False)
    return LoadReport(
        kind=KIND, label=LABEL, filename=filename, rows=len(parsed.actions),
        summary=f"{len(parsed.actions):,} actions stored as delivery plan version {version_id} for {code}.",
        warnings=parsed.warnings,
        details={"plan_version": version_id, "partnership_code": code,
                 "statuses": {STATUS_WORDS.get(k if isinstance(k, str) else None, "No status"): int(v)
                              for k, v in counts.items()}},
    )


def versions(ws: Workspace, partnership_code: str | None) -> pd.DataFrame:
    """Stored versions of a partnership's plan, newest first, with a label for pickers."""
    pv = plan_versions
    query = sa.select(pv.c.id, pv.c.partnership_code, pv.c.uploaded_at, pv.c.uploaded_by, pv.c.filename,
                      pv.c.file_id, pv.c.n_actions, pv.c.warnings, pv.c.is_synthetic
                      ).order_by(pv.c.uploaded_at.desc(), pv.c.id.desc())
    if partnership_code:
        query = query.where(pv.c.partnership_code == partnership_code)
    frame = ws.read(query)
    if frame.empty:
        return frame.assign(label=pd.Series(dtype="object"), version=pd.Series(dtype="int64"))
    frame = frame.sort_values("id").reset_index(drop=True)
    frame["version"] = frame.groupby("partnership_code").cumcount() + 1
    frame["label"] = [
        f"Version {r.version}: {r.filename}, {pd.Timestamp(r.uploaded_at):%-d %b %Y %H:%M}"
        f"{f' by {r.uploaded_by}' if r.uploaded_by else ''}{' (synthetic demo data)' if r.is_synthetic else ''}"
        for r in frame.itertuples()
    ]
    return frame.sort_values("id", ascending=False).reset_index(drop=True)


def version_warnings(ws: Workspace, version_id: int) -> list[str]:
    with ws.connect() as conn:
        row = conn.execute(sa.select(plan_versions.c.warnings).where(plan_versions.c.id == version_id)).first()
    return json.loads(row.warnings) if row and row.warnings else []


def actions(ws: Workspace, version_id: int) -> pd.DataFrame:
    """The actions of one stored version, in the plan's order, with their ``action_key``."""
    query = sa.select(*[plan_actions.c[k] for k in FIELDS]).where(
        plan_actions.c.version_id == int(version_id)).order_by(plan_actions.c.id)
    frame = ws.read(query)
    frame["due"] = pd.Series([as_date(d) for d in frame["due"]], index=frame.index, dtype="object")
    frame["action_key"] = [action_key(a) for a in frame["action"]]
    return frame


def original_file(ws: Workspace, version_id: int) -> tuple[str, bytes]:
    with ws.connect() as conn:
        row = conn.execute(sa.select(plan_versions.c.filename, plan_versions.c.file_id)
                           .where(plan_versions.c.id == int(version_id))).first()
    if row is None:
        raise PlanError(f"Delivery plan version {version_id} is not in the workspace.")
    return row.filename, ws.file_content(row.file_id)


# ---------------------------------------------------------------------------
# Tracking: overdue, due soon, summaries
# ---------------------------------------------------------------------------
def is_open(status) -> bool:
    return status != "complete"


def overdue(frame: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Actions not complete whose due date has passed, oldest first."""
    if frame.empty:
        return frame
    due = frame["due"].map(as_date)
    mask = frame["status"].map(is_open) & due.map(lambda d: d is not None and d < today)
    out = frame[mask].copy()
    out["days_overdue"] = [(today - as_date(d)).days for d in out["due"]]
    return out.sort_values("due")


def due_soon(frame: pd.DataFrame, today: dt.date, days: int = 30) -> pd.DataFrame:
    """Actions not complete due between today and ``days`` days from today."""
    if frame.empty:
        return frame
    end = today + dt.timedelta(days=days)
    due = frame["due"].map(as_date)
    mask = frame["status"].map(is_open) & due.map(lambda d: d is not None and today <= d <= end)
    return frame[mask].sort_values("due")


def status_summary(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Counts of actions by ``by`` (priority or lead) and status, tidy: by, status, status_word, actions."""
    if frame.empty:
        return pd.DataFrame(columns=[by, "status", "status_word", "actions"])
    data = frame.assign(**{by: frame[by].fillna("Not given"), "status": frame["status"].where(
        frame["status"].notna(), None)})
    data["status_word"] = data["status"].map(lambda s: STATUS_WORDS.get(s if isinstance(s, str) else None))
    out = data.groupby([by, "status_word"], dropna=False).size().reset_index(name="actions")
    out["status"] = out["status_word"].map({v: k for k, v in STATUS_WORDS.items()})
    order = {w: i for i, w in enumerate(STATUS_WORDS.values())}
    return out.sort_values([by, "status_word"], key=lambda s: s.map(order) if s.name == "status_word" else s)[
        [by, "status", "status_word", "actions"]].reset_index(drop=True)


def filter_actions(frame: pd.DataFrame, *, priorities=None, leads=None, statuses=None,
                   search: str | None = None) -> pd.DataFrame:
    """Filter by priority, lead, status words and a case-insensitive text search."""
    out = frame
    if priorities:
        out = out[out["priority"].fillna("Not given").isin(priorities)]
    if leads:
        out = out[out["lead"].fillna("Not given").isin(leads)]
    if statuses:
        words = out["status"].map(lambda s: STATUS_WORDS.get(s if isinstance(s, str) else None))
        out = out[words.isin(statuses)]
    if search and search.strip():
        needle = search.strip().lower()
        text = out[["ref", "priority", "objective", "action", "lead", "progress"]].fillna("").astype(str).agg(
            " ".join, axis=1).str.lower()
        out = out[text.str.contains(needle, regex=False)]
    return out


def status_word(status) -> str | None:
    """The status as the word the page shows (``"red"`` -> ``"Red"``; no status -> ``"No status"``)."""
    return STATUS_WORDS.get(status if isinstance(status, str) else None)


def with_status_words(frame: pd.DataFrame) -> pd.DataFrame:
    """The actions with a ``status_word`` column added (the status as a word)."""
    frame["status_word"] = frame["status"].map(status_word)
    return frame


def status_table(summary: pd.DataFrame, by: str) -> pd.DataFrame:
    """The :func:`status_summary` as a table: one row per ``by`` value, a column per status word
    (in the order of :data:`STATUS_WORDS`) and a Total."""
    table = summary.pivot_table(index=by, columns="status_word", values="actions", aggfunc="sum",
                                fill_value=0)
    table = table[[w for w in STATUS_WORDS.values() if w in table.columns]]
    table["Total"] = table.sum(axis=1)
    return table.reset_index().rename(columns={by: by.capitalize()})


def headline_counts(frame: pd.DataFrame, today: dt.date) -> list[tuple[str, int]]:
    """The figures across the top of the page: actions, overdue, due in 30 days and each RAG status."""
    counts = frame["status_word"].value_counts()
    return [("Actions", len(frame)), ("Overdue", len(overdue(frame, today))),
            ("Due in 30 days", len(due_soon(frame, today))),
            *[(w, int(counts.get(w, 0))) for w in ("Red", "Amber", "Green", "Complete")]]


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


def linked_actions(links_frame: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """The links (from :func:`links`) of the actions in ``frame``: action text, indicator ID, indicator."""
    texts = dict(zip(frame["action_key"], frame["action"]))
    table = links_frame.assign(action=links_frame["action_key"].map(texts)).dropna(subset=["action"])
    return table[["action", "indicator_id", "indicator"]]


# ---------------------------------------------------------------------------
# Comparing versions
# ---------------------------------------------------------------------------
@dataclass
class Comparison:
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame          # one row per changed field: action, field, before, after
    status_changes: pd.DataFrame   # action, lead, before, after (status words)
    slipped: pd.DataFrame          # action, lead, before, after (dates), days
    matched_on: str                # "ref" or "action text"

    def summary(self) -> dict:
        return {"added": len(self.added), "removed": len(self.removed),
                "changed": int(self.changed["action"].nunique()) if not self.changed.empty else 0,
                "status_changes": len(self.status_changes), "slipped": len(self.slipped),
                "matched_on": self.matched_on}


def _match_keys(frame: pd.DataFrame, use_ref: bool) -> pd.Series:
    if use_ref:
        return frame["ref"].astype(str).str.strip().str.lower()
    return frame["action"].map(normalise_action)


def _refs_usable(frame: pd.DataFrame) -> bool:
    refs = frame["ref"].dropna().astype(str).str.strip()
    return len(frame) > 0 and len(refs) == len(frame) and refs.str.lower().is_unique


def compare_frames(old: pd.DataFrame, new: pd.DataFrame) -> Comparison:
    """What changed from ``old`` to ``new``: actions matched by Ref when both versions give a
    unique Ref on every action, otherwise by their normalised text."""
    use_ref = _refs_usable(old) and _refs_usable(new)
    old = old.assign(_key=_match_keys(old, use_ref)).drop_duplicates("_key")
    new = new.assign(_key=_match_keys(new, use_ref)).drop_duplicates("_key")
    old_keys, new_keys = set(old["_key"]), set(new["_key"])
    cols = ["ref", "priority", "objective", "action", "lead", "due", "status", "sheet", "row"]
    added = new[~new["_key"].isin(old_keys)][cols].reset_index(drop=True)
    removed = old[~old["_key"].isin(new_keys)][cols].reset_index(drop=True)
    both = old.merge(new, on="_key", suffixes=("_old", "_new"))
    changes, status_rows, slipped_rows = [], [], []
    compared = ["action", "priority", "objective", "lead", "due", "due_text", "status", "progress"]
    for r in both.to_dict("records"):
        name = r["action_new"]
        for f in compared:
            before, after = plain(r[f"{f}_old"]), plain(r[f"{f}_new"])
            if before != after:
                changes.append({"action": name, "field": f.replace("_", " "),
                                "before": _shown(f, before), "after": _shown(f, after)})
        s_old, s_new = plain(r["status_old"]), plain(r["status_new"])
        if s_old != s_new:
            status_rows.append({"action": name, "lead": r["lead_new"], "before": STATUS_WORDS.get(s_old),
                                "after": STATUS_WORDS.get(s_new),
                                "direction": _direction(s_old, s_new)})
        d_old, d_new = plain(r["due_old"]), plain(r["due_new"])
        if d_old is not None and d_new is not None and d_new > d_old:
            slipped_rows.append({"action": name, "lead": r["lead_new"], "before": d_old, "after": d_new,
                                 "days": (d_new - d_old).days})
    return Comparison(
        added=added, removed=removed,
        changed=pd.DataFrame(changes, columns=["action", "field", "before", "after"]),
        status_changes=pd.DataFrame(status_rows, columns=["action", "lead", "before", "after", "direction"]),
        slipped=pd.DataFrame(slipped_rows, columns=["action", "lead", "before", "after", "days"]),
        matched_on="ref" if use_ref else "action text",
    )


_RANK = {"red": 0, "amber": 1, "green": 2, "complete": 3}


def _shown(field_name: str, value) -> str:
    """A value as text for the 'every change' table (one column mixes dates and words)."""
    if field_name == "status":
        return STATUS_WORDS.get(value)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    return str(value)


def _direction(before, after) -> str:
    if before in _RANK and after in _RANK:
        return "better" if _RANK[after] > _RANK[before] else "worse"
    return "changed"


def compare_versions(ws: Workspace, old_version_id: int, new_version_id: int) -> Comparison:
    """Compare any two stored versions (old first)."""
    return compare_frames(actions(ws, old_version_id), actions(ws, new_version_id))


def previous_version_id(ws: Workspace, version_id: int) -> int | None:
    """The version stored just before ``version_id`` for the same partnership."""
    with ws.connect() as conn:
        row = conn.execute(sa.select(plan_versions.c.partnership_code).where(
            plan_versions.c.id == int(version_id))).first()
        if row is None:
            return None
        prev = conn.execute(sa.select(plan_versions.c.id).where(
            plan_versions.c.partnership_code == row.partnership_code, plan_versions.c.id < int(version_id))
            .order_by(plan_versions.c.id.desc()).limit(1)).first()
    return int(prev.id) if prev else None


# ---------------------------------------------------------------------------
# Links between actions and catalogue indicators
# ---------------------------------------------------------------------------
def set_links(ws: Workspace, partnership_code: str, key: str, indicator_ids: list[str]) -> None:
    """Make ``indicator_ids`` the indicators an action (by ``action_key``) is aimed at."""
    with ws.begin() as conn:
        known = {r.indicator_id for r in conn.execute(
            sa.select(catalogue.c.indicator_id).where(catalogue.c.indicator_id.in_(list(indicator_ids))))}
        unknown = sorted(set(indicator_ids) - known)
        if unknown:
            raise PlanError(f"Not in the indicator catalogue: {', '.join(unknown)}.")
        conn.execute(action_links.delete().where(action_links.c.partnership_code == partnership_code,
                                                 action_links.c.action_key == key))
        if indicator_ids:
            conn.execute(action_links.insert(), [
                {"partnership_code": partnership_code, "action_key": key, "indicator_id": i}
                for i in sorted(set(indicator_ids))])


def links(ws: Workspace, partnership_code: str) -> pd.DataFrame:
    """action_key, indicator_id, indicator name for a partnership's links."""
    query = (sa.select(action_links.c.action_key, action_links.c.indicator_id, catalogue.c.name.label("indicator"))
             .select_from(action_links.outerjoin(catalogue, catalogue.c.indicator_id == action_links.c.indicator_id))
             .where(action_links.c.partnership_code == partnership_code)
             .order_by(action_links.c.action_key, action_links.c.indicator_id))
    return ws.read(query)


def latest_version_id(ws: Workspace, partnership_code: str) -> int | None:
    with ws.connect() as conn:
        row = conn.execute(sa.select(plan_versions.c.id).where(plan_versions.c.partnership_code == partnership_code)
                           .order_by(plan_versions.c.id.desc()).limit(1)).first()
    return int(row.id) if row else None


def actions_for_indicator(ws: Workspace, partnership_code: str, indicator_id: str) -> pd.DataFrame:
    """Actions in the partnership's latest plan linked to ``indicator_id``.

    Columns: priority, objective, action, lead, due, status (code), status_word, progress,
    action_key. Empty (with those columns) when nothing is linked or no plan is stored.
    """
    cols = ["priority", "objective", "action", "lead", "due", "status", "status_word", "progress", "action_key"]
    latest = latest_version_id(ws, partnership_code)
    if latest is None:
        return pd.DataFrame(columns=cols)
    with ws.connect() as conn:
        keys = {r.action_key for r in conn.execute(sa.select(action_links.c.action_key).where(
            action_links.c.partnership_code == partnership_code, action_links.c.indicator_id == indicator_id))}
    if not keys:
        return pd.DataFrame(columns=cols)
    frame = actions(ws, latest)
    frame = frame[frame["action_key"].isin(keys)].copy()
    frame["status_word"] = frame["status"].map(lambda s: STATUS_WORDS.get(s if isinstance(s, str) else None))
    return frame[cols].reset_index(drop=True)
