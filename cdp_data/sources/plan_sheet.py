"""One sheet of a delivery-plan workbook read into actions, as a pipeline of named steps:

1. :func:`expand_merges` - which cells a merged range covers (each points at its top-left cell);
2. :func:`find_header` - the header row among the first rows (the one with the most recognised columns),
   whether the sheet has any text, and its first short texts (for the error message);
3. :func:`title_defaults` - a priority or objective named in a title row above the table;
4. :func:`row_values` - a row's value for each field (merged cells filled from their top cell, formulas
   with no saved result kept as text);
5. :func:`split_actions` - several actions in one cell, one a line, aligned with the neighbouring cells;
6. :func:`read_due` and :func:`read_status` - due dates and RAG status (words, letters or fill colour).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import NamedTuple

from .plan_cells import (cell_ref, cell_text, due_from_cell, fill_status, is_header, match_headers, norm_header,
                         parse_status, split_lines, title_value)
from .plan_model import HEADER_SEARCH_ROWS, Action


@dataclass
class Merges:
    """Merged cells on a sheet: each covered (row, col) points at its top-left cell, remembered when read."""

    parent: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    tops: set[tuple[int, int]] = field(default_factory=set)
    rows: set[int] = field(default_factory=set)
    top_cells: dict[tuple[int, int], object] = field(default_factory=dict)

    def remember(self, row_number: int, cells) -> None:
        """Keep the top-left cells of merged ranges on this row, for the rows below."""
        if row_number not in self.rows:
            return
        for c, cell in enumerate(cells):
            if (row_number, c) in self.tops:
                self.top_cells[(row_number, c)] = cell

    def cell(self, row_number: int, col: int, cell):
        """The top-left cell of the merge covering (row, col), else ``cell``."""
        if row_number in self.rows and (row_number, col) in self.parent:
            return self.top_cells.get(self.parent[(row_number, col)], cell)
        return cell


def expand_merges(ranges: list[tuple[int, int, int, int]]) -> Merges:
    """Merged ranges (row1, col1, row2, col2; 1-based rows, 0-based columns) -> :class:`Merges`."""
    merges = Merges()
    for r1, c1, r2, c2 in ranges:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    merges.parent[(r, c)] = (r1, c1)
    merges.tops = set(merges.parent.values())
    merges.rows = {r for r, _ in merges.parent} | {r for r, _ in merges.tops}
    return merges


class Header(NamedTuple):
    index: int                 # position in the rows searched
    fields: dict[str, int]     # field -> column index
    action_words: str          # the Action column's header, normalised (to spot a repeated header row)


@dataclass
class HeadScan:
    header: Header | None
    found_content: bool
    first_texts: list[str]


def find_header(head: list[tuple], merges: Merges) -> HeadScan:
    """The header is the row in the first rows with the most recognised columns (a title row such as
    "Action plan | Last updated" may look like a two-column header; the real one has more)."""
    best: Header | None = None
    found_content = False
    first_texts: list[str] = []
    for i, (row_number, cells, _formulas) in enumerate(head):
        values = [c.value for c in cells]
        if any(v is not None and str(v).strip() for v in values):
            found_content = True
            first_texts.extend(v.strip() for v in values if isinstance(v, str) and 0 < len(v.strip()) < 40)
        found = match_headers(values)
        if is_header(found) and (best is None or len(found) > len(best.fields)):
            best = Header(i, found, norm_header(values[found["action"]]))
        merges.remember(row_number, cells)
    return HeadScan(best, found_content, first_texts)


def title_defaults(rows_above: list[tuple], fields: dict[str, int]) -> dict[str, str | None]:
    """Priority and objective named in title rows above the table ("Objective 1: Reduce deaths"),
    for a table without those columns; the nearest title row wins."""
    titles = []
    for _n, cells, _f in rows_above:
        texts = [str(c.value).strip() for c in cells if c.value is not None and str(c.value).strip()]
        if texts:
            titles.append(texts[0])
    defaults: dict[str, str | None] = {"priority": None, "objective": None}
    for word in ("objective", "priority"):
        if word not in fields:
            defaults[word] = next((v for t in reversed(titles) if (v := title_value(t, word))), None)
    return defaults


class RowValues(NamedTuple):
    raw: dict[str, object]     # field -> value (None when blank)
    cells: dict[str, object]   # field -> the cell it came from (for its fill)


def _field_value(title: str, row_number: int, idx: int, cells, formula_values, merges: Merges,
                 warnings: list[str]):
    cell = cells[idx] if idx < len(cells) else None
    value = cell.value if cell is not None else None
    if value is None:
        cell = merges.cell(row_number, idx, cell)
        value = cell.value if cell is not None else None
    if value is None and formula_values is not None and idx < len(formula_values):
        formula = formula_values[idx]
        if isinstance(formula, str) and formula.startswith("="):
            warnings.append(f"Sheet '{title}' cell {cell_ref(row_number, idx)}: a formula with no saved "
                            "result; its formula text is kept as text.")
            value = formula
    if isinstance(value, str) and not value.strip():
        value = None
    return cell, value


def row_values(title: str, row_number: int, cells, formula_values, fields: dict[str, int], merges: Merges,
               warnings: list[str]) -> RowValues | None:
    """The row's value for each field; ``None`` when the row is blank in every field."""
    raw, row_cells = {}, {}
    for name, idx in fields.items():
        row_cells[name], raw[name] = _field_value(title, row_number, idx, cells, formula_values, merges, warnings)
    if all(v is None for v in raw.values()):
        return None
    return RowValues(raw, row_cells)


def is_repeated_header(action_raw, cells, header: Header) -> dict[str, int] | None:
    """A repeated header row starts a new table on the same sheet: its fields, else ``None``."""
    if not (isinstance(action_raw, str) and len(action_raw) <= 60 and norm_header(action_raw) == header.action_words):
        return None
    again = match_headers([c.value for c in cells])
    return again if is_header(again) else None


class ActionCells(NamedTuple):
    action: str
    lead: str | None
    progress: str | None
    ref: str | None
    due: object
    status: object


def split_actions(action_lines: list[str], raw: dict, where: str, lead_cell: str | None,
                  warnings: list[str]) -> list[ActionCells]:
    """Several actions in one cell, one a line: align the neighbouring cells line by line
    when they have as many lines; otherwise the whole cell applies to each action."""
    lead, progress, ref = cell_text(raw.get("lead")), cell_text(raw.get("progress")), cell_text(raw.get("ref"))
    due_raw, status_raw = raw.get("due"), raw.get("status")
    n = len(action_lines)
    if n == 1:
        return [ActionCells(action_lines[0], lead, progress, ref, due_raw, status_raw)]
    per_line = {}
    for name, text in (("lead", lead), ("progress", progress), ("ref", ref)):
        lines = split_lines(text)
        if len(lines) == n:
            per_line[name] = lines
        else:
            if name == "lead" and len(lines) > 1:
                warnings.append(f"{where} cell {lead_cell}: {n} actions but "
                                f"{len(lines)} leads; the whole cell is kept as the lead of each.")
            per_line[name] = [text] * n
    dues = split_lines(due_raw) if isinstance(due_raw, str) else []
    dues = dues if len(dues) == n else [due_raw] * n
    statuses = split_lines(status_raw) if isinstance(status_raw, str) else []
    statuses = statuses if len(statuses) == n else [status_raw] * n
    return [ActionCells(*cells) for cells in
            zip(action_lines, per_line["lead"], per_line["progress"], per_line["ref"], dues, statuses)]


def read_due(value, where: str, warnings: list[str]):
    """(due date, due as written) from a cell value; a note on an uncertain reading becomes a warning."""
    if value is None:
        return None, None
    due, due_text, note = due_from_cell(value)
    if note:
        warnings.append(f"{where}: “{due_text}”: {note}.")
    return due, due_text


def read_status(value, cell, where: str, warnings: list[str]) -> str | None:
    """The status from the cell's text, or from its fill colour when it has no text."""
    if value is None:
        return fill_status(cell) if cell is not None else None
    status = parse_status(value)
    if status is False:
        warnings.append(f"{where}: status “{cell_text(value)}” not recognised; left blank.")
        return None
    return status


@dataclass
class SheetReader:
    """Reads the rows below the header into actions, following merges, repeated headers and titles."""

    title: str
    header: Header
    defaults: dict[str, str | None]
    merges: Merges
    warnings: list[str]
    actions: list[Action] = field(default_factory=list)

    def __post_init__(self):
        self.fields = dict(self.header.fields)
        self.inherited = dict(self.defaults)

    def read_row(self, row_number: int, cells, formula_values) -> None:
        self.merges.remember(row_number, cells)
        values = row_values(self.title, row_number, cells, formula_values, self.fields, self.merges, self.warnings)
        if values is None:
            return
        raw = values.raw
        if (again := is_repeated_header(raw.get("action"), cells, self.header)) is not None:
            self.fields = again
            self.inherited = dict(self.defaults)
            return
        for name in ("priority", "objective"):
            if text := cell_text(raw.get(name)):
                self.inherited[name] = text
        action_lines = split_lines(cell_text(raw.get("action")))
        if not action_lines:
            if any(raw.get(n) is not None for n in ("lead", "due", "status")):
                self.warnings.append(f"Sheet '{self.title}' row {row_number}: a lead, date or status with no "
                                     "action text; row skipped.")
            return
        self._add_actions(row_number, action_lines, values)

    def _where(self, row_number: int, name: str) -> str:
        return f"Sheet '{self.title}' cell {cell_ref(row_number, self.fields[name])}"

    def _add_actions(self, row_number: int, action_lines: list[str], values: RowValues) -> None:
        lead_cell = cell_ref(row_number, self.fields["lead"]) if "lead" in self.fields else None
        for one in split_actions(action_lines, values.raw, f"Sheet '{self.title}'", lead_cell, self.warnings):
            due, due_text = (read_due(one.due, self._where(row_number, "due"), self.warnings)
                             if one.due is not None else (None, None))
            status = (read_status(one.status, values.cells["status"], self._where(row_number, "status"),
                                  self.warnings) if "status" in self.fields else None)
            self.actions.append(Action(
                action=one.action, priority=self.inherited["priority"], objective=self.inherited["objective"],
                lead=one.lead, due=due, due_text=due_text, status=status, progress=one.progress, ref=one.ref,
                sheet=self.title, row=row_number,
            ))


def read_sheet(sheet, merge_ranges, formulas, warnings) -> tuple[list[Action], bool, list[str]]:
    """Actions on one sheet; also whether it had any text and its first short texts."""
    merges = expand_merges(merge_ranges)
    formula_rows = formulas.iter_rows(values_only=True) if formulas is not None else itertools.repeat(None)
    rows = zip(itertools.count(1), sheet.iter_rows(), formula_rows)
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    scan = find_header(head, merges)
    if scan.header is None:
        return [], scan.found_content, scan.first_texts
    header = scan.header
    reader = SheetReader(sheet.title, header, title_defaults(head[:header.index], header.fields), merges, warnings)
    for row_number, cells, formula_values in itertools.chain(head[header.index + 1:], rows):
        reader.read_row(row_number, cells, formula_values)
    return reader.actions, scan.found_content, scan.first_texts
