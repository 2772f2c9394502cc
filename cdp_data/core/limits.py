"""Every limit on what the app reads, in one place, each with a default and an environment variable.

:func:`current` reads the environment (a bad setting is one plain sentence,
:class:`LimitSettingError`); the ``check_*`` functions refuse input that passes a limit
with :class:`LimitError` (a :class:`~cdp_data.core.errors.LoadError`), before and while it is
read:

- :func:`read_path` reads a file from disk in chunks and stops as soon as the byte limit passes;
- :func:`check_content` checks bytes before any reader sees them: the byte limit; for a zip, its
  members and uncompressed size from the central directory AND again by inflating every member
  (a lying directory does not get through), and XML entity declarations (billion laughs, XXE);
  for JSON, its nesting depth (before ``json.loads`` can recurse); for text, its lines, columns,
  cells and longest line (a huge cell);
- :func:`check_area`, :func:`check_count` for what readers find (a merged range, a sheet's
  dimension, features, vertices, sheets).

openpyxl parses workbook XML with ``defusedxml`` (installed from requirements.txt), so entity
expansion is also refused by the parser itself.
"""

from __future__ import annotations

import csv
import io
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import LoadError

MB = 1024 * 1024
CHUNK = 1 * MB


class LimitError(LoadError):
    """An input passed one of the limits: one plain sentence naming the limit and its setting."""


class LimitSettingError(LoadError):
    """A limit's environment variable is not a number: no file can be read until it is put right (a
    :class:`LoadError`, so every place that reports a file it could not read says this in one sentence)."""


@dataclass(frozen=True)
class Limits:
    """The limits (defaults here; each is overridden by the environment variable in :data:`ENV`)."""

    max_upload_mb: float = 200.0          # bytes per file
    max_rows: int = 2_000_000             # lines of a CSV / rows of a table
    max_columns: int = 500                # columns of a CSV or sheet
    max_cells: int = 10_000_000           # rows x columns; also a sheet's dimension and any one merged range
    max_workbook_cells: int = 200_000     # the declared dimensions of a workbook's sheets, added up
    max_merged_cells: int = 200_000       # total area of the merged ranges in one workbook
    max_sheets: int = 200                 # sheets in a workbook
    max_features: int = 100_000           # features in a boundary file (England has about 7,000 wards)
    max_vertices: int = 2_000_000         # total vertices in a boundary file (England's wards: 140,081 in BSC)
    max_json_depth: int = 64              # nesting of [ and { in a JSON file
    max_zip_members: int = 1_000          # files inside a zip (an .xlsx is a zip)
    max_unzipped_mb: float = 256.0        # total uncompressed size of a zip's members
    max_line_kb: float = 1024.0           # longest line of a text file (bounds a huge cell)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * MB)

    @property
    def max_unzipped_bytes(self) -> int:
        return int(self.max_unzipped_mb * MB)

    @property
    def max_line_bytes(self) -> int:
        return int(self.max_line_kb * 1024)


ENV = {
    "max_upload_mb": "CDP_MAX_UPLOAD_MB",
    "max_rows": "CDP_MAX_ROWS",
    "max_columns": "CDP_MAX_COLUMNS",
    "max_cells": "CDP_MAX_CELLS",
    "max_workbook_cells": "CDP_MAX_WORKBOOK_CELLS",
    "max_merged_cells": "CDP_MAX_MERGED_CELLS",
    "max_sheets": "CDP_MAX_SHEETS",
    "max_features": "CDP_MAX_FEATURES",
    "max_vertices": "CDP_MAX_VERTICES",
    "max_json_depth": "CDP_MAX_JSON_DEPTH",
    "max_zip_members": "CDP_MAX_ZIP_MEMBERS",
    "max_unzipped_mb": "CDP_MAX_UNZIPPED_MB",
    "max_line_kb": "CDP_MAX_LINE_KB",
}

DESCRIPTIONS = {
    "max_upload_mb": "largest file, in MB (streamed: a file is refused as soon as it passes)",
    "max_rows": "lines of a CSV or rows of a sheet",
    "max_columns": "columns of a CSV or sheet",
    "max_cells": "rows x columns of a file; a sheet's dimension; any one merged range",
    "max_workbook_cells": "cells of all the sheets of a workbook (their declared dimensions, added up)",
    "max_merged_cells": "total area of the merged ranges in one workbook",
    "max_sheets": "sheets in a workbook",
    "max_features": "features (areas) in a boundary file",
    "max_vertices": "vertices in all the features of a boundary file",
    "max_json_depth": "nesting depth of a JSON file",
    "max_zip_members": "files inside a zip (an .xlsx is a zip)",
    "max_unzipped_mb": "total uncompressed size of a zip's files, in MB",
    "max_line_kb": "longest line of a text file, in KB (bounds a huge cell)",
}


def _parse(name: str, raw: str, default):
    text = raw.strip().replace(",", "").replace("_", "")
    try:
        value = type(default)(float(text)) if isinstance(default, int) else float(text)
    except ValueError:
        value = None
    if value is None or value != value or value <= 0 or value == float("inf"):
        raise LimitSettingError(f"The setting {ENV[name]} must be a positive number, such as {_shown(default)}; "
                                f"it is set to '{raw[:40]}'.")
    return value


def _shown(value) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def current() -> Limits:
    """The limits in force: the defaults, overridden by the environment variables that are set."""
    defaults = Limits()
    values = {}
    for f in fields(Limits):
        raw = os.environ.get(ENV[f.name], "").strip()
        if raw:
            values[f.name] = _parse(f.name, raw, getattr(defaults, f.name))
    return Limits(**values)


def table() -> list[tuple[str, object, str, str]]:
    """(name, default, environment variable, description) of every limit, for the README and ``--help``."""
    defaults = Limits()
    return [(f.name, getattr(defaults, f.name), ENV[f.name], DESCRIPTIONS[f.name]) for f in fields(Limits)]


def _refuse(filename: str, what: str, setting: str) -> LimitError:
    return LimitError(f"{filename} was refused: {what}; an administrator can change the limit with {setting}.")


def _mb(n: int) -> str:
    return f"{n / MB:,.1f} MB" if n < 10 * MB else f"{n / MB:,.0f} MB"


# ---------------------------------------------------------------------------------------------- bytes

def check_size(filename: str, size: int, limits: Limits | None = None) -> None:
    limits = limits or current()
    if size > limits.max_upload_bytes:
        raise _refuse(filename, f"it is over the {limits.max_upload_mb:g} MB limit for one file; split it",
                      "CDP_MAX_UPLOAD_MB")


def read_path(path: Path, limits: Limits | None = None) -> bytes:
    """A file's bytes, refused as soon as it passes the byte limit (a 3 GB file is never read whole first).

    A regular file over the limit is refused from its size before a byte is read; one within it is read
    in one allocation of its size. Anything else (a pipe, a device, a file still growing) is read in
    chunks and refused as soon as the bytes read pass the limit.
    """
    limits = limits or current()
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            check_size(path.name, size, limits)
            data = handle.read(size + 1) if size else b""
            if len(data) <= size and size:
                return data
            return _read_rest(path.name, handle, data, limits)
    except IsADirectoryError as exc:
        raise LoadError(f"Cannot read {path.name}: it is a folder, not a file.") from exc
    except FileNotFoundError as exc:
        raise LoadError(f"Cannot read {path.name}: it does not exist.") from exc
    except OSError as exc:
        raise LoadError(f"Cannot read {path.name}: {exc.strerror or type(exc).__name__}.") from exc


def _read_rest(filename: str, handle, start: bytes, limits: Limits) -> bytes:
    chunks, total = [start], len(start)
    check_size(filename, total, limits)
    while chunk := handle.read(CHUNK):
        total += len(chunk)
        check_size(filename, total, limits)
        chunks.append(chunk)
    return b"".join(chunks)


def check_content(filename: str, content: bytes, limits: Limits | None = None) -> None:
    """Refuse bytes that pass a limit, before any reader parses them (zip, JSON or text)."""
    limits = limits or current()
    check_size(filename, len(content), limits)
    if content[:4] == b"PK\x03\x04":
        check_zip(filename, content, limits)
        return
    if looks_like_json(content):
        check_json_depth(filename, content, limits)
    elif content[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and b"\x00" not in content[:4096]:
        check_text_shape(filename, content, limits)


def looks_like_json(content: bytes) -> bool:
    """True when the bytes start (after a byte-order mark and blanks) with [ or {: :func:`check_content`
    checks the JSON depth of exactly these."""
    return content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


# ---------------------------------------------------------------------------------------------- zip

_XML_DANGER = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def check_zip(filename: str, content: bytes, limits: Limits | None = None) -> None:
    """Members and uncompressed size from the central directory, then again by inflating every member."""
    limits = limits or current()
    try:
        infos = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # the reader says the file is damaged, in its own words
    if len(infos) > limits.max_zip_members:
        raise _refuse(filename, f"it is a zip of {len(infos):,} files, more than the {limits.max_zip_members:,} "
                      "allowed", "CDP_MAX_ZIP_MEMBERS")
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_unzipped_bytes:
        raise _refuse(filename, f"it would unpack to {_mb(declared)}, more than the {limits.max_unzipped_mb:g} MB "
                      "allowed (a possible zip bomb)", "CDP_MAX_UNZIPPED_MB")
    budget = [limits.max_unzipped_bytes]
    for info in infos:
        _inflate_member(filename, content, info, budget, limits)


def _inflate_member(filename: str, content: bytes, info: zipfile.ZipInfo, budget: list[int], limits: Limits) -> None:
    """Inflate one member from its local header to the end of its stream, trusting no declared size."""
    offset = info.header_offset
    header = content[offset:offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return  # damaged: the reader refuses it
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_len + extra_len
    xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
    if info.compress_type == zipfile.ZIP_STORED:
        data = memoryview(content)[start:start + info.compress_size]
        _spend(filename, len(data), budget, limits)
        if xml and _XML_DANGER.search(bytes(data[:65536])):
            raise _entities(filename)
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise LimitError(f"{filename} was refused: '{info.filename[:80]}' inside it is compressed in a way the app "
                         "does not read; save it again with ordinary (deflate) compression.")
    _inflate_deflate(filename, content, start, xml, budget, limits)


def _inflate_deflate(filename: str, content: bytes, start: int, xml: bool, budget: list[int], limits: Limits) -> None:
    inflater = zlib.decompressobj(-15)
    view = memoryview(content)
    position, first = start, True
    while not inflater.eof:
        if inflater.unconsumed_tail:
            data = inflater.unconsumed_tail
        elif position < len(content):
            data, position = view[position:position + CHUNK], position + CHUNK
        else:
            return  # cut short: the reader says so
        try:
            out = inflater.decompress(data, CHUNK)
        except zlib.error:
            return  # damaged: the reader refuses it
        _spend(filename, len(out), budget, limits)
        if xml and first and _XML_DANGER.search(out[:65536]):
            raise _entities(filename)
        first = False


def _spend(filename: str, n: int, budget: list[int], limits: Limits) -> None:
    budget[0] -= n
    if budget[0] < 0:
        raise _refuse(filename, f"it unpacks to more than the {limits.max_unzipped_mb:g} MB allowed, more than "
                      "its own directory says (a zip bomb)", "CDP_MAX_UNZIPPED_MB")


def _entities(filename: str) -> LimitError:
    return LimitError(f"{filename} was refused: it declares XML entities or a document type, which Excel never "
                      "writes and which can be used to attack a server.")


# ---------------------------------------------------------------------------------------------- JSON

_OPEN, _CLOSE, _QUOTE, _SLASH = 1, 2, 3, 4
_CLASSES = None   # byte -> _OPEN ([ {), _CLOSE (] }), _QUOTE, _SLASH or 0: a 256-entry table, built once


def _classes():
    global _CLASSES
    if _CLASSES is None:
        import numpy as np

        table = np.zeros(256, dtype=np.uint8)
        table[[91, 123]], table[[93, 125]], table[34], table[92] = _OPEN, _CLOSE, _QUOTE, _SLASH
        _CLASSES = table
    return _CLASSES


def _marks(a):
    """Where the chunk ``a`` holds [ ] { } " or \\ (sorted positions), and each one's class: cheap byte
    comparisons and one ``nonzero`` over the chunk, the table only over the few bytes found."""
    folded = a | 32                       # [ ] -> { }: two comparisons find all four brackets
    mask = folded == 123
    mask |= folded == 125
    mask |= a == 34
    mask |= a == 92
    where = mask.nonzero()[0]   # (ndarray.nonzero: a 1-D chunk needs no flattening, and chunks can be tiny)
    return where, _classes()[a[where]]


def json_depth(content: bytes, chunk: int = 4 * MB) -> int:
    """The deepest nesting of [ and { outside strings, counted without parsing (no recursion), a chunk at a
    time in numpy (memory a small multiple of ``chunk``, whatever the file's size).

    Each chunk is looked at once to find its brackets, quotes and backslashes (:func:`_marks`); the rest works
    on those positions only. A quote is escaped when an odd number of backslashes runs up to it (a run may begin
    in the previous chunk); unescaped quotes open and close strings; brackets inside strings do not count.
    """
    import numpy as np

    depth = deepest = 0
    in_string, backslashes = 0, 0   # carried over: inside a string?; backslashes ending the previous chunk
    view = memoryview(content)
    for start in range(0, len(content), chunk):
        a = np.frombuffer(view[start:start + chunk], dtype=np.uint8)
        where, kinds = _marks(a)
        if not len(where):   # no bracket, quote or backslash: nothing changes, and no backslash ends it
            backslashes = 0
            continue
        is_quote = kinds == _QUOTE
        slashes = where[kinds == _SLASH]
        quotes = is_quote.nonzero()[0]            # indices into ``where``
        if len(quotes):
            is_quote[quotes[_escaped(where[quotes], slashes, backslashes)]] = False
        brackets = (kinds < _QUOTE).nonzero()[0]
        if len(brackets):
            strings = np.cumsum(is_quote)[brackets] + in_string   # quotes before each bracket, and the carry
            outside = brackets[strings % 2 == 0]
            if len(outside):
                running = depth + np.cumsum(3 - 2 * kinds[outside].astype(np.int64))   # _OPEN +1, _CLOSE -1
                deepest = max(deepest, int(running.max()))
                depth = int(running[-1])
        in_string = (in_string + int(is_quote.sum())) % 2
        backslashes = _trailing_backslashes(slashes, len(a), backslashes)
    return deepest


def _escaped(quotes, slashes, carried: int):
    """Which quotes follow an odd run of backslashes (``carried`` of them end the previous chunk)."""
    import numpy as np

    if not len(slashes):
        return np.zeros(len(quotes), dtype=bool) if not carried else (quotes == 0) & (carried % 2 == 1)
    run_start = np.empty(len(slashes), dtype=np.int64)   # position where each backslash's run begins
    new_run = np.ones(len(slashes), dtype=bool)
    new_run[1:] = slashes[1:] != slashes[:-1] + 1
    run_start[:] = np.maximum.accumulate(np.where(new_run, slashes, -1))
    before = np.searchsorted(slashes, quotes) - 1         # the last backslash before each quote
    adjacent = (before >= 0) & (slashes[np.maximum(before, 0)] == quotes - 1)
    run = np.where(adjacent, quotes - run_start[np.maximum(before, 0)], 0)
    run = run + np.where(adjacent & (run_start[np.maximum(before, 0)] == 0), carried, 0)
    run = np.where(quotes == 0, carried, run)
    return run % 2 == 1


def _trailing_backslashes(slashes, length: int, carried: int) -> int:
    """How many backslashes end a chunk of ``length`` bytes (``slashes``: their sorted positions), counting
    ``carried`` from the chunk before when the whole chunk is backslashes: only the tail is looked at."""
    if not len(slashes) or int(slashes[-1]) != length - 1:
        return 0
    run, n = 1, len(slashes)
    step = 1
    while run < n:   # widen the tail looked at until it holds a gap (a run is contiguous positions)
        look = min(n, run + step)
        tail = slashes[n - look:]
        gaps = (tail[1:] != tail[:-1] + 1).nonzero()[0]
        if len(gaps):
            run = look - 1 - int(gaps[-1])
            break
        run, step = look, step * 8
    return carried + length if run == length else run


def check_json_depth(filename: str, content: bytes, limits: Limits | None = None) -> None:
    limits = limits or current()
    depth = json_depth(content)
    if depth > limits.max_json_depth:
        raise _refuse(filename, f"its JSON is nested {depth:,} levels deep, more than the {limits.max_json_depth} "
                      "allowed", "CDP_MAX_JSON_DEPTH")


# ---------------------------------------------------------------------------------------------- text

def _lines_and_longest(content: bytes, window: int = 1024 * 1024) -> tuple[int, int, bytes]:
    """(lines, a lower bound on the longest line if one is ``window`` bytes or longer else 0, first line).

    Lines are counted in C (``bytes.count``; CR-only line ends too). A line at least ``2 * window - 1``
    bytes long always covers one whole aligned window of ``window`` bytes without a line end, so looking
    for a line end in each aligned window (``bytes.find`` stops at the first) finds every huge cell
    without a pass in Python or a copy of the file.
    """
    sep = b"\n" if b"\n" in content or b"\r" not in content else b"\r"
    lines = content.count(sep) + (1 if content and not content.endswith(sep) else 0)
    longest, start = 0, 0
    while start + window <= len(content):
        if content.find(sep, start, start + window) >= 0:
            start += window
            continue
        end = content.find(sep, start)
        end = len(content) if end < 0 else end
        longest = max(longest, end - (content.rfind(sep, 0, start) + 1))
        start = (end // window + 1) * window  # on past this line: each byte is looked at once
    end = content.find(sep)
    return lines, longest, content[:end] if end >= 0 else content


def check_text_shape(filename: str, content: bytes, limits: Limits | None = None) -> None:
    """Lines, the longest line (a huge cell), columns of the first line and cells of a CSV or text file."""
    limits = limits or current()
    lines, longest, first = _lines_and_longest(content, max(1, limits.max_line_bytes // 2))
    if longest > limits.max_line_bytes:
        raise _refuse(filename, f"one of its lines is {_mb(longest)} long (a huge cell), more than the "
                      f"{limits.max_line_kb:g} KB allowed", "CDP_MAX_LINE_KB")
    if lines > limits.max_rows:
        raise _refuse(filename, f"it has {lines:,} lines, more than the {limits.max_rows:,} allowed",
                      "CDP_MAX_ROWS")
    text = first.decode("utf-8", errors="replace")
    try:
        columns = max((len(row) for row in csv.reader(io.StringIO(text, newline=""))), default=0)
    except csv.Error:  # a stray carriage return inside the line: every comma may start a column
        columns = text.count(",") + 1
    check_columns(filename, columns, limits)
    if lines * columns > limits.max_cells:
        raise _refuse(filename, f"it has {lines * columns:,} cells ({lines:,} lines of {columns:,} columns), more "
                      f"than the {limits.max_cells:,} allowed", "CDP_MAX_CELLS")


def check_columns(filename: str, columns: int, limits: Limits | None = None) -> None:
    limits = limits or current()
    if columns > limits.max_columns:
        raise _refuse(filename, f"it has {columns:,} columns, more than the {limits.max_columns:,} allowed",
                      "CDP_MAX_COLUMNS")


# ---------------------------------------------------------------------------------------------- readers' findings

COUNTS = {
    "max_sheets": ("sheets", "CDP_MAX_SHEETS"),
    "max_features": ("features", "CDP_MAX_FEATURES"),
    "max_vertices": ("vertices", "CDP_MAX_VERTICES"),
    "max_rows": ("rows", "CDP_MAX_ROWS"),
    "max_merged_cells": ("merged cells", "CDP_MAX_MERGED_CELLS"),
    "max_workbook_cells": ("cells in its sheets", "CDP_MAX_WORKBOOK_CELLS"),
}


def check_count(filename: str, limit: str, count: int, limits: Limits | None = None) -> None:
    """``count`` of something a reader found (sheets, features, vertices ...) against the named limit."""
    limits = limits or current()
    allowed = getattr(limits, limit)
    if count > allowed:
        noun, setting = COUNTS[limit]
        raise _refuse(filename, f"it has {count:,} {noun}, more than the {allowed:,} allowed", setting)


def check_area(filename: str, what: str, rows: int, columns: int, limits: Limits | None = None) -> None:
    """A sheet's dimension or a merged range: refused when its area passes the cell limit (before expanding it)."""
    limits = limits or current()
    if rows * columns > limits.max_cells:
        raise _refuse(filename, f"{what} covers {rows * columns:,} cells ({rows:,} rows by {columns:,} columns), "
                      f"more than the {limits.max_cells:,} allowed", "CDP_MAX_CELLS")
