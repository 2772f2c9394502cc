"""What every loader returns, and small helpers for reading uploaded bytes."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ..core.errors import LoadError

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


def decode_text(content: bytes, filename: str) -> str:
    """Bytes of a text file as str: UTF-8 (with or without BOM), else Windows-1252."""
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
    first = next(csv.reader(io.StringIO(text)), None)
    if not first or not any(cell.strip() for cell in first):
        raise LoadError(f"{filename} is empty: there is no header row.")
    return [cell.strip() for cell in first]
