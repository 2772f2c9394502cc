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

The steps: :func:`check_workbook_bytes` (refuse what must not be opened), :func:`open_workbook`,
:func:`_sheet_xml_facts` (merged ranges and formulas, read from the sheet XML), then each sheet through
:func:`~cdp_data.sources.plan_sheet.read_sheet` (find the header, expand merges, rows to actions, due
dates, status), and :func:`plan_or_refusal` (the actions, or one sentence saying why there are none).
"""

from __future__ import annotations

import io
import re
import zipfile
from contextlib import contextmanager

from ..core import config, limits
from ..core.errors import LoadError, PlanError
from .plan_cells import SKIP_SHEETS
from .plan_model import FIELDS, HEADER_SEARCH_ROWS, KIND, LABEL, Action, ParsedPlan
from .plan_sheet import read_sheet

__all__ = ["FIELDS", "KIND", "LABEL", "Action", "ParsedPlan", "check_workbook_bytes", "parse_workbook"]

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100


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
    settings = limits.current()  # read once for all the checks below
    limits.check_zip(name, content, settings)  # members, and the size again by inflating (a lying directory)
    check_sheet_shapes(name, archive, settings)
    return archive


_SHEET_RE = re.compile(rb"<(?:\w+:)?sheet\s")
_DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def check_sheet_shapes(name: str, archive: zipfile.ZipFile, settings: limits.Limits | None = None) -> None:
    """Sheets in the workbook, and each sheet's declared dimension, against the limits (before openpyxl reads)."""
    try:
        book = archive.read("xl/workbook.xml")
    except KeyError:
        return
    settings = settings or limits.current()
    limits.check_count(name, "max_sheets", len(_SHEET_RE.findall(book)), settings)
    cells = 0
    for info in archive.infolist():
        if info.filename == "xl/sharedStrings.xml":
            _check_cell_lengths(name, archive, info, settings)
        if not info.filename.startswith("xl/worksheets/") or not info.filename.endswith(".xml"):
            continue
        with archive.open(info) as handle:
            head = handle.read(4096)
        found = _DIMENSION_RE.search(head)
        if found:
            rows, columns = _range_shape(found)
            limits.check_area(name, f"sheet '{info.filename.rsplit('/', 1)[-1]}'", rows, columns, settings)
            limits.check_columns(name, columns, settings)
            cells += rows * columns
            limits.check_count(name, "max_workbook_cells", cells, settings)
        _check_cell_lengths(name, archive, info, settings)


def _check_cell_lengths(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
                        settings: limits.Limits) -> None:
    """No cell text longer than the line limit (a huge cell; Excel itself allows 32,767 characters): a text of
    at least twice ``window`` bytes covers a whole aligned window without a '<', so reading the member in
    windows and looking for '<' in each finds it, in C and a window at a time."""
    window = max(1024, settings.max_line_bytes // 2)
    with archive.open(info) as handle:
        while chunk := handle.read(window):
            if len(chunk) == window and b"<" not in chunk:
                raise limits.LimitError(
                    f"{name} was refused: one of its cells holds more than {window // 1024:,} KB of text (a huge "
                    f"cell; Excel allows 32,767 characters); an administrator can change the limit with "
                    "CDP_MAX_LINE_KB.")


def _range_shape(match) -> tuple[int, int]:
    """(rows, columns) of a cell range A1:B2 matched as four groups."""
    c1, r1 = _col_index(match[1]), int(match[2])
    c2, r2 = (_col_index(match[3]), int(match[4])) if match[3] else (c1, r1)
    return abs(r2 - r1) + 1, abs(c2 - c1) + 1


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


def _sheet_xml_facts(archive: zipfile.ZipFile, path: str, merged: list[int] | None = None,
                     filename: str = "The workbook", settings: limits.Limits | None = None
                     ) -> tuple[list[tuple[int, int, int, int]], bool]:
    """Merged ranges (0-based columns, 1-based rows) and whether the sheet has formulas.

    openpyxl's read-only mode does not expose merged cells, so they are read from the
    sheet XML directly (the ``mergeCells`` block sits after the cell data).
    """
    try:
        data = archive.read(path.lstrip("/"))
    except KeyError:
        return [], False
    merges = []
    settings = settings or limits.current()
    start = data.rfind(b"<mergeCells")
    if start < 0:
        start = data.rfind(b":mergeCells")
    if start >= 0:
        for m in _MERGE_RE.finditer(data, start):
            c1, r1 = _col_index(m[1]), int(m[2])
            c2, r2 = (_col_index(m[3]), int(m[4])) if m[3] else (c1, r1)
            _check_merge(filename, (r1, c1, r2, c2), merged, settings)
            merges.append((r1, c1, r2, c2))
    has_formula = b"<f>" in data or b"<f " in data or b":f>" in data
    return merges, has_formula


def _check_merge(filename: str, merge: tuple[int, int, int, int], merged: list[int] | None,
                 settings: limits.Limits | None = None) -> None:
    """A merged range's area against the cell limit, and the workbook's merged area so far, before expanding it."""
    r1, c1, r2, c2 = merge
    rows, columns = abs(r2 - r1) + 1, abs(c2 - c1) + 1
    limits.check_area(filename, "a merged range", rows, columns, settings)
    if merged is not None:
        merged[0] += rows * columns
        limits.check_count(filename, "max_merged_cells", merged[0], settings)


def macro_warnings(filename: str, archive: zipfile.ZipFile) -> list[str]:
    """A workbook with macros is read for its values only; say so."""
    if filename.lower().endswith(".xlsm") or any(n.lower().endswith("vbaproject.bin") for n in archive.namelist()):
        return [f"{filename} contains macros: only the cell values were read; no macro was run."]
    return []


def open_workbook(content: bytes, filename: str, *, values: bool = True):
    """The workbook in read-only mode: cell values (or formulas), no macros, no external links."""
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=values, keep_vba=False,
                             keep_links=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        if not values:
            raise
        raise PlanError(f"{filename} could not be opened as a workbook (it may be damaged or saved by an "
                        f"unusual program): save it again from Excel as .xlsx.") from exc


class _Formulas:
    """The workbook opened a second time for its formulas, only if a sheet has a formula."""

    def __init__(self, content: bytes, filename: str):
        self.content, self.filename, self.book = content, filename, None

    def sheet(self, title: str):
        if self.book is None:
            self.book = open_workbook(self.content, self.filename, values=False)
        sheet = self.book[title]
        sheet.reset_dimensions()
        return sheet

    def close(self) -> None:
        if self.book is not None:
            self.book.close()


@contextmanager
def _reading(filename: str):
    """Anything unexpected while reading becomes one plain sentence."""
    try:
        yield
    except LoadError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise PlanError(f"{filename} could not be read ({type(exc).__name__}): save it again from Excel "
                        "as .xlsx and upload it again.") from exc


class _Found:
    """What the sheets held: their actions, whether any had text, and the first texts of sheets without a table."""

    def __init__(self):
        self.actions: list[Action] = []
        self.any_content = False
        self.headers_seen: list[str] = []

    def add(self, title: str, sheet_actions: list[Action], found_content: bool, first_rows: list[str]) -> None:
        self.any_content = self.any_content or found_content
        self.actions.extend(sheet_actions)
        if not sheet_actions and first_rows:
            shown = list(dict.fromkeys(first_rows))[:6]
            self.headers_seen.append(f"'{title}' ({', '.join(shown)})" if shown else f"'{title}'")


def _read_sheets(wb, archive: zipfile.ZipFile, formulas: _Formulas, warnings: list[str],
                 filename: str = "The workbook") -> _Found:
    found = _Found()
    merged = [0]  # merged area so far in the workbook
    settings = limits.current()  # read once for the whole workbook
    cells = _CellCount(filename, settings)
    for sheet in wb.worksheets:
        if SKIP_SHEETS.match(sheet.title):
            continue
        sheet.reset_dimensions()  # trust the cells, not the (often wrong) <dimension> some tools write
        path = getattr(sheet, "_worksheet_path", None)
        merges, has_formula = _sheet_xml_facts(archive, path, merged, filename, settings) if path else ([], False)
        formula_sheet = formulas.sheet(sheet.title) if has_formula else None
        found.add(sheet.title, *read_sheet(cells.counting(sheet), merges, formula_sheet, warnings))
    return found


class _CellCount:
    """Cells read from a workbook's sheets, refused as soon as they pass ``CDP_MAX_WORKBOOK_CELLS`` (a sheet
    need not declare its dimension: this counts what is read)."""

    def __init__(self, filename: str, settings: limits.Limits | None = None):
        self.settings = settings or limits.current()
        self.filename, self.read, self.allowed = filename, 0, self.settings.max_workbook_cells

    def counting(self, sheet):
        count = self

        class Counted:
            title = sheet.title

            def iter_rows(self, *args, **kwargs):
                for row in sheet.iter_rows(*args, **kwargs):
                    count.read += len(row)
                    if count.read > count.allowed:
                        limits.check_count(count.filename, "max_workbook_cells", count.read, count.settings)
                    yield row

            def __getattr__(self, name):
                return getattr(sheet, name)

        return Counted()


def plan_or_refusal(filename: str, found: _Found, warnings: list[str]) -> ParsedPlan:
    """The plan, or one sentence saying why the workbook holds no actions."""
    if found.actions:
        return ParsedPlan(found.actions, warnings)
    if not found.any_content:
        raise PlanError(f"{filename} is an empty workbook: there are no cells with text in any sheet.")
    seen = "; ".join(found.headers_seen[:3])
    raise PlanError(
        f"{filename} has no recognisable header: no sheet has a row in its first {HEADER_SEARCH_ROWS} rows "
        f"with an Action column and a Lead, Due, Status or Priority column"
        + (f" (found {seen})." if seen else ".")
    )


def parse_workbook(content: bytes, filename: str = "workbook.xlsx") -> ParsedPlan:
    """Read a delivery-plan workbook (bytes) into its actions; raise :class:`PlanError` if unreadable."""
    archive = check_workbook_bytes(filename, content)
    warnings = macro_warnings(filename, archive)
    wb = open_workbook(content, filename)
    formulas = _Formulas(content, filename)
    try:
        with _reading(filename):
            found = _read_sheets(wb, archive, formulas, warnings, filename)
    finally:
        wb.close()
        formulas.close()
    return plan_or_refusal(filename, found, warnings)
