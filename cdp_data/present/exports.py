"""Every file the app hands out (CSV, Excel) is inert: text that a spreadsheet could run is neutralised here.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be
taken for a formula by Excel, LibreOffice or Google Sheets ("CSV injection", "formula
injection"): ``=HYPERLINK("http://x","y")`` becomes a link, ``+cmd|' /C calc'!A0`` asks to
run a program. The OWASP advice is followed: such text gets a single quote in front
(``'=HYPERLINK(...)``), which spreadsheets show as text and never evaluate. Text that
starts with those characters after leading spaces (``"  =1"``) is quoted too, since some
spreadsheets trim before parsing.

Only text is changed: numbers stay numbers (``-2`` is still the number -2; the text
``"-2+3"`` gets the quote), and dates, booleans and missing values pass through.
:func:`neutralise` is the one function; every CSV and workbook export goes through
:func:`safe_frame`, :func:`csv_bytes` or :func:`put_cell`, which all call it.
"""

from __future__ import annotations

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """True if a spreadsheet could take this text for a formula (also after leading whitespace)."""
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def neutralise(value):
    """A cell value safe to write to a spreadsheet file: formula-like text gets a leading ``'``.

    Anything that is not text (numbers, dates, ``None``) is returned unchanged.
    """
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def _neutralise_column(column: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
        return column
    if isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype(object)
    return column.map(neutralise, na_action="ignore")


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the table with every text cell and column name neutralised (numbers untouched)."""
    out = frame.copy()
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in out.columns]
    for i in range(out.shape[1]):
        out.isetitem(i, _neutralise_column(out.iloc[:, i]))
    return out


def csv_bytes(frame: pd.DataFrame, *, bom: bool = False) -> bytes:
    """The table as UTF-8 CSV, neutralised; ``bom=True`` adds the byte-order mark Excel needs for accents."""
    text = safe_frame(frame).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig" if bom else "utf-8")


def put_cell(cell, value) -> None:
    """Write one value to an openpyxl cell: text neutralised and stored as text, never as a formula."""
    value = neutralise(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store text starting with "=" as a formula


def put_row(sheet, row: int, values) -> None:
    """Write a row of values (1-based ``row``) through :func:`put_cell`; ``None`` leaves the cell empty."""
    for column, value in enumerate(values, start=1):
        if value is not None:
            put_cell(sheet.cell(row, column), value)
