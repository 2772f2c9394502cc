"""What every loader returns, and small helpers for reading uploaded bytes."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ..core.errors import LoadError
from ..core.memo import BytesMemo, content_key

XLSX_MAGIC = b"PK\x03\x04"  # a zip: .xlsx, a zipped shapefile
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls (and encrypted .xlsx)


@dataclass
class LoadReport:
    """The outcome of loading one file into the workspace."""

    kind: str                      # detector kind, e.g. "fingertips_export"
    label: str                     # what the user is told it was, e.g. "Fingertips export"
    filename: str
    rows: int = 0                  # rows stored
    summary: str = ""              # one line: what was found
    warnings: list[str] = field(default_factory=list)   # what was not understood
    details: dict = field(default_factory=dict)          # JSON-able extras for the CLI

    def as_dict(self) -> dict:
        return {
            "kind": self.kind, "label": self.label, "file": self.filename, "rows": self.rows,
            "summary": self.summary, "warnings": self.warnings, **self.details,
        }


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def check_text(content: bytes, filename: str) -> None:
    """Refuse bytes that are not a text file the app reads: UTF-16 (Excel's "Unicode text") and binary data."""
    if content[:2] in UTF16_BOMS:
        raise LoadError(f"{filename} is saved as UTF-16 text: save it again as CSV (UTF-8) and load that.")
    if b"\x00" in content[:65536]:
        raise LoadError(f"{filename} is not a text file the app reads (it holds binary data).")


def decode_text(content: bytes, filename: str) -> str:
    """Bytes of a text file as str: UTF-8 (with or without BOM), else Windows-1252."""
    check_text(content, filename)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LoadError(f"{filename} is not a readable text file (unknown character encoding).")


def csv_header(content: bytes, filename: str) -> list[str]:
    """The first row of a CSV, stripped; an error if there is none."""
    head = content[:65536]
    text = decode_text(head, filename) if head else ""
    # Cut at the last complete line so a multi-byte character split by the slice cannot matter.
    try:  # newline=None: a file with CR-only line ends (old Mac Excel) has lines too
        first = next(csv.reader(io.StringIO(text, newline=None)), None)
    except csv.Error as exc:
        raise LoadError(f"{filename} is not a readable CSV table: its first row is malformed ({exc}).") from exc
    if not first or not any(cell.strip() for cell in first):
        raise LoadError(f"{filename} is empty: there is no header row.")
    return [cell.strip() for cell in first]


# Parsed CSV tables kept by their bytes: the same reference file (a national lookup, the IoD by LSOA, a police
# month) is often read several times in one process (each ``wards`` command of a session, the ward map and its
# inequality section, a file uploaded again), and parsing is most of the cost. Only mid-sized files are kept, and
# at most MEMO_HOLD_BYTES of their text in all, the least recently used dropped first.
MEMO_MIN_BYTES = 256 * 1024
MEMO_MAX_BYTES = 16 * 1024 ** 2
MEMO_HOLD_BYTES = 48 * 1024 ** 2
_parsed = BytesMemo(MEMO_HOLD_BYTES, weigh=lambda held: held[0])  # (bytes of text, table)


def read_csv_frame(content: bytes, filename: str, what: str = "a readable CSV table", **options):
    """A CSV file as a pandas DataFrame (UTF-8, UTF-8 with BOM or Windows-1252); a file pandas cannot
    parse (an unbalanced quote, a ragged row) is one sentence, :class:`LoadError`, naming ``what`` it
    should have been.

    The same bytes read with the same options again give a copy of the table parsed the first time (pandas
    copies on write, so a caller changing its table changes nothing else); a file that could not be parsed is
    not kept, so it gives its sentence each time, naming the file it is read as."""
    key = None
    if MEMO_MIN_BYTES <= len(content) <= MEMO_MAX_BYTES:
        key = content_key(content, repr(sorted(options.items())))
        held = _parsed.get(key)
        if held is not None:
            return held[1].copy(deep=False)
    frame = _parse_csv(content, filename, what, options)
    if key is not None:
        _parsed.put(key, (len(content), frame))
        return frame.copy(deep=False)
    return frame


def _parse_csv(content: bytes, filename: str, what: str, options: dict):
    import pandas as pd

    text = decode_text(content, filename)
    try:
        return pd.read_csv(io.StringIO(text), **options)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as exc:
        detail = str(exc).strip().splitlines()[0].rstrip(".") if str(exc).strip() else type(exc).__name__
        raise LoadError(f"{filename} is not {what}: {detail}.") from exc
