"""Reader of an indicators sheet (Indicator | Baseline | Target | Latest | Frequency, or Halton-style
Indicator | Target | Reporting frequency): the baselines and targets it holds, as rows, with warnings.

Indicator names are matched to the catalogue entries the caller passes in (see
:func:`match_indicator`); names that match nothing get a ``local_`` id, are
listed in ``new_entries`` and warned about. A baseline column titled with a
period ("Baseline (Mar 2022)") sets the baseline period; a target column titled
with a financial year ("Target 2024/25") sets the target date (31 March of its
second year). "Monitor" targets get kind ``monitor``. Nothing is written here.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..core import limits
from ..core.errors import LoadError
from ..core.periods import period_dates

MONITOR_WORDS = re.compile(r"\bmonitor|\bbase ?line\b", re.IGNORECASE)
HEADER_WORDS = {"indicator": "indicator", "measure": "indicator", "metric": "indicator",
                "baseline": "baseline", "target": "target", "latest": "latest", "current": "latest",
                "frequency": "frequency", "reporting": "frequency"}
Entry = tuple[str, str, "str | None"]  # (indicator id, name, short name)


@dataclass
class IndicatorsSheet:
    """What an indicators sheet holds (rows without a partnership code: the caller adds it)."""

    sheet: str
    baselines: list[dict] = field(default_factory=list)     # indicator_id, value, period, period_end, source, note
    targets: list[dict] = field(default_factory=list)       # indicator_id, value, target_text, target_date, ...
    matched: dict[str, str] = field(default_factory=dict)   # name in the sheet -> indicator id
    new_entries: list[tuple[str, str]] = field(default_factory=list)  # (id, name) not in the catalogue
    warnings: list[str] = field(default_factory=list)
    has_latest_column: bool = False
    target_date: dt.date | None = None


def _norm(text: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", str(text).lower())
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _score(wanted: str, cand: str) -> float:
    wanted_words, words = set(wanted.split()), set(cand.split())
    overlap = len(wanted_words & words) / max(len(wanted_words | words), 1)
    return max(SequenceMatcher(None, wanted, cand).ratio(), overlap)


def match_indicator(name: str, entries: list[Entry]) -> tuple[str | None, float]:
    """The catalogue id whose name or short name best matches ``name`` (score 0-1), by word overlap
    and difflib's ratio; None under 0.75."""
    wanted = _norm(name)
    if not wanted:
        return None, 0.0
    best, best_score = None, 0.0
    for indicator_id, full, short in entries:
        for cand in filter(None, (_norm(c) for c in (short, full, indicator_id) if c)):
            if cand == wanted:
                return indicator_id, 1.0
            score = _score(wanted, cand)
            if score > best_score:
                best, best_score = indicator_id, score
    return (best, best_score) if best_score >= 0.75 else (None, best_score)


def parse_target_cell(raw) -> tuple[float | None, str | None, str | None]:
    """'80%' -> (80, '80%', None); '400 +' -> (400, '400 +', None); 'Monitor' -> (None, 'Monitor', 'monitor');
    'Monitor until 2014 and set base line target' -> (None, text, 'monitor'); 6900 -> (6900, '6900', None)."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return None, None, None
    if isinstance(raw, (int, float)):
        return float(raw), f"{raw:g}", None
    text = str(raw).strip()
    if not text:
        return None, None, None
    if MONITOR_WORDS.search(text):
        return None, text, "monitor"
    number = re.search(r"-?\d[\d,]*(?:\.\d+)?", text)
    if number:
        return float(number.group(0).replace(",", "")), text, None
    return None, text, None


def header_map(row: tuple) -> dict[str, int] | None:
    """Column index of each field named in a header row; None unless it has Indicator and Target."""
    mapping: dict[str, int] = {}
    for i, cell in enumerate(row):
        if cell is None:
            continue
        low = str(cell).strip().lower()
        field_name = next((f for word, f in HEADER_WORDS.items() if low.startswith(word)), None)
        if field_name and field_name not in mapping:
            mapping[field_name] = i
    return mapping if "indicator" in mapping and "target" in mapping else None


def fy_end(text: str | None) -> tuple[str | None, dt.date | None]:
    """'Target 2024/25' -> ('2024/25', 31 Mar 2025); 'Baseline (Mar 2022)' -> ('Mar 2022', 31 Mar 2022)."""
    if not text:
        return None, None
    fy = re.search(r"\d{4}/\d{2}", text)
    month = re.search(r"([A-Za-z]{3})[a-z]* (\d{4})", text)
    label = fy.group(0) if fy else (f"{month.group(1)} {month.group(2)}" if month else None)
    end = period_dates(label)[1] if label else None
    return (label, end) if end else (None, None)


def _open(filename: str, content: bytes):
    import openpyxl  # local: only needed for this reader

    limits.check_content(filename, content)  # size, zip members and inflated size, XML entities
    try:
        return openpyxl.load_workbook(io.BytesIO(content), data_only=True, read_only=True)
    except Exception as exc:
        raise LoadError(f"{filename} could not be opened as an Excel workbook.") from exc


def find_header(book, filename: str) -> tuple:
    """(sheet, header row index, header row, column map) of the first sheet with an indicators header
    in its first 30 rows."""
    for sheet in book.worksheets:
        for index, row in enumerate(sheet.iter_rows(values_only=True, max_row=30)):
            mapping = header_map(row)
            if mapping:
                return sheet, index, row, mapping
    names = ", ".join(s.title for s in book.worksheets)
    raise LoadError(f"{filename} has no sheet with Indicator and Target columns; sheets found: {names}.")


class _Rows:
    """Turns the sheet's rows into baselines and targets, matching names as it goes."""

    def __init__(self, result: IndicatorsSheet, header: tuple, mapping: dict[str, int], entries: list[Entry],
                 filename: str):
        self.result, self.mapping, self.filename = result, mapping, filename
        self.entries = list(entries)
        self.baseline_period, self.baseline_end = (fy_end(str(header[mapping["baseline"]]))
                                                   if "baseline" in mapping else (None, None))
        self.target_period, self.target_date = fy_end(str(header[mapping["target"]]))

    def cell(self, row: tuple, field_name: str):
        i = self.mapping.get(field_name)
        return row[i] if i is not None and i < len(row) else None

    def indicator_id(self, name: str) -> str:
        indicator_id, _score = match_indicator(name, self.entries)
        if indicator_id is not None:
            return indicator_id
        indicator_id = "local_" + "_".join(_norm(name).split())[:56]
        if indicator_id not in {e[0] for e in self.entries}:
            self.result.new_entries.append((indicator_id, name))
            self.entries.append((indicator_id, name, name))
            self.result.warnings.append(f"'{name}' is not in the catalogue: added as a new indicator; "
                                        f"set its polarity on the Data page.")
        return indicator_id

    def add(self, row: tuple) -> None:
        name = self.cell(row, "indicator")
        if name is None or not str(name).strip():
            return
        name = str(name).strip()
        value, text, kind = parse_target_cell(self.cell(row, "target"))
        baseline_value, _, _ = parse_target_cell(self.cell(row, "baseline"))
        if value is None and text is None and baseline_value is None:
            return  # a section title row (Halton: "Criminal Justice")
        indicator_id = self.result.matched[name] = self.indicator_id(name)
        source = f"Imported from {self.filename}"
        if baseline_value is not None:
            self.result.baselines.append(dict(
                indicator_id=indicator_id, value=baseline_value, period=self.baseline_period,
                period_end=self.baseline_end, source=source, note=None))
        if value is not None or text is not None:
            frequency = self.cell(row, "frequency")
            self.result.targets.append(dict(
                indicator_id=indicator_id, value=value, target_text=text, target_date=self.target_date,
                period=self.target_period, kind=kind or "local_ambition", source=source,
                note=f"Reporting frequency: {frequency}" if frequency else None))


def read_indicators_sheet(filename: str, content: bytes, entries: list[Entry]) -> IndicatorsSheet:
    """The baselines and targets of the workbook's indicators sheet; ``entries`` are the catalogue's
    (id, name, short name). Raises :class:`LoadError` when there is no such sheet or it has no rows."""
    book = _open(filename, content)
    sheet, header_index, header, mapping = find_header(book, filename)
    result = IndicatorsSheet(sheet=sheet.title, has_latest_column="latest" in mapping)
    rows = _Rows(result, header, mapping, entries, filename)
    result.target_date = rows.target_date
    for row in sheet.iter_rows(values_only=True, min_row=header_index + 2):
        rows.add(row)
    if not result.matched:
        raise LoadError(f"The indicators sheet '{sheet.title}' in {filename} has no indicator rows under its header.")
    if result.has_latest_column:
        result.warnings.append("The sheet's Latest column was not imported: latest values come from the data "
                               "loaded on the Data page (Fingertips, NDTMS or the local figures template).")
    if result.target_date is None and result.targets:
        result.warnings.append("The target column does not say which year the targets are for; set their dates "
                               "in the table.")
    return result
