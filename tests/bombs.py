"""Decompression bombs (genuine ones: valid zips whose CRCs match) for the import tests and
``bench/bench_import_bombs.py``, built in well under a second each.

Deflating 1 GiB takes seconds, but a deflate stream that ends each chunk with a full flush forgets its
window there, so every copy of the same chunk compresses to the same bytes: the chunk is compressed
once and its bytes repeated. Only the CRC-32 runs over the real gigabyte (a fraction of a second).
"""
import io
import struct
import zlib

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CHUNK = 1 << 20


def deflated(head: bytes, chunk: bytes = b"", count: int = 0, tail: bytes = b"") -> tuple[bytes, int, int]:
    """Raw deflate data of ``head + chunk * count + tail``, its CRC-32 and its inflated size."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH) if count else b""
    end = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return start + piece * count + end, crc, len(head) + len(chunk) * count + len(tail)


def write_zip(members: dict[str, tuple[bytes, int, int]]) -> bytes:
    """A zip of already deflated members (name → data, CRC, size): zipfile can only deflate itself."""
    out, directory = io.BytesIO(), []
    for name, (data, crc, size) in members.items():
        encoded, offset = name.encode(), out.tell()
        # Version 2.0, no flags, deflate, 1980-01-01 00:00.
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0))
        out.write(encoded + data)
        directory.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                     len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    out.write(b"".join(directory))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(directory), len(directory), out.tell() - start, start, 0))
    return out.getvalue()


_PACKAGE_NS = "http://schemas.openxmlformats.org/package/2006"
_OFFICE_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def workbook(sheet: tuple[bytes, int, int], shared_strings: tuple[bytes, int, int] | None = None,
             styles: tuple[bytes, int, int] | None = None) -> bytes:
    """The smallest workbook Excel and openpyxl open: one sheet and, if given, a shared-string table and
    a styles part."""
    types = [f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>',
             f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>']
    relations = [f'<Relationship Id="rId1" Type="{_OFFICE_NS}/worksheet" Target="worksheets/sheet1.xml"/>']
    if styles:
        types.append(f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>')
        relations.append(f'<Relationship Id="rId3" Type="{_OFFICE_NS}/styles" Target="styles.xml"/>')
    if shared_strings:
        types.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>')
        relations.append(f'<Relationship Id="rId2" Type="{_OFFICE_NS}/sharedStrings" Target="sharedStrings.xml"/>')
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{_PACKAGE_NS}/content-types">'
                               f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                               f'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                               f'{"".join(types)}</Types>',
        "_rels/.rels": f'<Relationships xmlns="{_PACKAGE_NS}/relationships"><Relationship Id="rId1" '
                       f'Type="{_OFFICE_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}" xmlns:r="{_OFFICE_NS}"><sheets>'
                           f'<sheet name="Tieu chi" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PACKAGE_NS}/relationships">'
                                      f'{"".join(relations)}</Relationships>',
    }
    members = {name: deflated(text.encode()) for name, text in parts.items()}
    members["xl/worksheets/sheet1.xml"] = sheet
    if shared_strings:
        members["xl/sharedStrings.xml"] = shared_strings
    if styles:
        members["xl/styles.xml"] = styles
    return write_zip(members)


def empty_rows_bomb(size: int = 1536 * CHUNK) -> bytes:
    """The reported 1.5 MB criteria workbook: a sheet of 1.5 GiB of ``<row/>`` elements."""
    chunk = b"<row/>" * (CHUNK // 6)
    head = f'<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}"><sheetData>'.encode()
    return workbook(deflated(head, chunk, size // len(chunk), b"</sheetData></worksheet>"))


def shared_string_bomb(size: int = 1024 * CHUNK) -> bytes:
    """The reported 1 MB workbook: one shared string of 1 GiB, the text of the first item (cell D2)."""
    head = f'<?xml version="1.0"?><sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>'.encode()
    strings = deflated(head, b"a" * CHUNK, size // CHUNK, b"</t></si></sst>")
    sheet = (f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>Tiêu chí</t></is>'
             f'</c><c r="B2" t="inlineStr"><is><t>I</t></is></c><c r="C2"><v>1</v></c><c r="D2" t="s"><v>0</v></c>'
             f'<c r="E2"><v>10</v></c></row></sheetData></worksheet>')
    return workbook(deflated(sheet.encode()), strings)
