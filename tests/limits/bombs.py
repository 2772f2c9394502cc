"""Hostile files, generated in code: each small on disk and built to exhaust memory or a parser if read naively."""

from __future__ import annotations

import functools
import io
import json
import zipfile
import zlib

from tests.sources.plan_books import xlsx


def _rewrite(content: bytes, change) -> bytes:
    """The same zip with ``change(name, data) -> data`` applied to every member."""
    src = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, change(info.filename, src.read(info.filename)))
    return out.getvalue()


def plan() -> bytes:
    return xlsx([["Action", "Lead", "Status"], ["Open a new clinic", "SRO", "Green"]])


def merge_bomb() -> bytes:
    """A 5 KB plan whose one merged range spans the whole sheet (17 billion cells)."""
    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":
            return data.replace(b"</sheetData>", b'</sheetData><mergeCells count="1">'
                                b'<mergeCell ref="A3:XFD1048576"/></mergeCells>')
        return data
    return _rewrite(plan(), change)


def many_merges() -> bytes:
    """Many modest merged ranges whose total area is huge."""
    merges = b"".join(b'<mergeCell ref="A%d:CV%d"/>' % (r, r + 99) for r in range(3, 300_000, 100))
    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":
            return data.replace(b"</sheetData>", b"</sheetData><mergeCells>" + merges + b"</mergeCells>")
        return data
    return _rewrite(plan(), change)


def dimension_bomb() -> bytes:
    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":
            import re
            return re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', data)
        return data
    return _rewrite(plan(), change)


BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b']>\n')


def billion_laughs() -> bytes:
    """Shared strings that expand to 10^9 'lol's."""
    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":
            return BILLION_LAUGHS + data.replace(b"<t>SRO</t>", b"<t>&lol9;</t>")
        return data
    return _rewrite(plan(), change)


def xxe() -> bytes:
    """A sheet that pulls /etc/passwd in through an external entity."""
    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":
            return (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
                    + data.replace(b"<t>SRO</t>", b"<t>&xxe;</t>"))
        return data
    return _rewrite(plan(), change)


class _Repeated:
    """A compressor for ``zipfile`` that deflates ``block`` once and gives the same bytes for each write of it:
    flushed with Z_FULL_FLUSH the deflated block stands alone, so repeats of it, then an empty final block, are
    one valid deflate stream of the repeated block (zipfile still computes the CRC of what is written). Building a
    320 MB bomb takes the CRC's 0.15 s instead of deflating 320 MB (0.8 s)."""

    def __init__(self, block: bytes):
        deflater = zlib.compressobj(1, zlib.DEFLATED, -15)
        self.block = block
        self.deflated = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)

    def compress(self, data: bytes) -> bytes:
        assert data is self.block, "only the block given is repeated"
        return self.deflated

    def flush(self) -> bytes:
        return b"\x03\x00"  # an empty final block (fixed Huffman codes, end of block)


def _write_repeated(z: zipfile.ZipFile, name: str, block: bytes, times: int) -> None:
    with z.open(name, "w", force_zip64=True) as member:
        member._compressor = _Repeated(block)
        for _ in range(times):
            member.write(block)


@functools.cache  # the limits tests and the corpus use it
def zip_bomb() -> bytes:
    """A zipped 'shapefile' whose one member inflates to 320 MB of zeros (about 1 MB on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("wards.shp", b"")
        _write_repeated(z, "wards.dbf", b"\0" * (16 * 1024 * 1024), 20)
    return out.getvalue()


@functools.cache  # the limits tests and the corpus use it
def lying_zip() -> bytes:
    """A workbook whose central directory says its sheet is 100 bytes; it inflates to 320 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        src = zipfile.ZipFile(io.BytesIO(plan()))
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info.filename, src.read(info.filename))
        _write_repeated(z, "xl/worksheets/sheet1.xml", b" " * (16 * 1024 * 1024), 20)
    content = bytearray(out.getvalue())
    return bytes(_lie_about(content, b"xl/worksheets/sheet1.xml", 100))


def _lie_about(content: bytearray, name: bytes, size: int) -> bytearray:
    """Set the member's uncompressed size to ``size`` in its central-directory and local headers."""
    import struct

    at = 0
    while (at := content.find(b"PK\x01\x02", at)) >= 0:
        name_len, extra_len = struct.unpack("<HH", content[at + 28:at + 32])
        if content[at + 46:at + 46 + name_len] == name:
            content[at + 24:at + 28] = struct.pack("<I", size)
            extra = at + 46 + name_len
            if content[extra:extra + 2] == b"\x01\x00":  # zip64 extra field: the true size is here
                content[extra + 4:extra + 12] = struct.pack("<Q", size)
        at += 4
    at = 0
    while (at := content.find(b"PK\x03\x04", at)) >= 0:
        name_len, extra_len = struct.unpack("<HH", content[at + 26:at + 30])
        if content[at + 30:at + 30 + name_len] == name:
            content[at + 22:at + 26] = struct.pack("<I", size)
            extra = at + 30 + name_len
            if content[extra:extra + 2] == b"\x01\x00":
                content[extra + 4:extra + 12] = struct.pack("<Q", size)
        at += 4
    return content


def nested_json(depth: int = 100_000) -> bytes:
    return b'{"type": "FeatureCollection", "features": ' + b"[" * depth + b"]" * depth + b"}"


def geojson_features(n: int) -> bytes:
    """A FeatureCollection of ``n`` tiny triangles, each a ward."""
    features = ",".join(
        '{"type":"Feature","properties":{"WD24CD":"E05%06d","WD24NM":"W"},"geometry":{"type":"Polygon",'
        '"coordinates":[[[0,0],[0.001,0],[0,0.001],[0,0]]]}}' % i for i in range(n))
    return ('{"type":"FeatureCollection","features":[' + features + "]}").encode()


def geojson_vertices(n: int) -> bytes:
    """One ward whose polygon has ``n`` vertices."""
    import math

    ring = [[round(math.cos(2 * math.pi * i / n), 6), round(math.sin(2 * math.pi * i / n), 6)] for i in range(n)]
    ring.append(ring[0])
    feature = {"type": "Feature", "properties": {"WD24CD": "E05000001", "WD24NM": "Big"},
               "geometry": {"type": "Polygon", "coordinates": [ring]}}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()


def wide_csv(columns: int = 16_384) -> bytes:
    header = ",".join(f"c{i}" for i in range(columns))
    row = ",".join("1" for _ in range(columns))
    return f"{header}\n{row}\n".encode()


def huge_cell(mb: int = 150) -> bytes:
    """A Fingertips-like CSV whose one cell is ``mb`` MB long."""
    return (b"Indicator ID,Indicator Name,Area Code,Time period,Value\n90244,"
            + b"x" * (mb * 1024 * 1024) + b",E08000015,2022/23,1\n")
