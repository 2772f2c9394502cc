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

import datetime as dt
import io
import itertools
import re
import zipfile
from dataclasses import asdict, dataclass, field

import pandas as pd

from ..core import config
from ..core.errors import PlanError
from .plan_cells import (_SKIP_SHEETS, _coord, _due_from_cell, _fill_status, _is_header, _lines, _norm_header,
                         _text, _title_value, match_headers, parse_status)

KIND = "plan_workbook"
LABEL = "Delivery plan workbook"

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
HEADER_SEARCH_ROWS = 30

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
