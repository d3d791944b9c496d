"""Generated registry import files (tests/test_registry_import.py, bench/bench_registry_import.py): rows of a
province's history, and a quick XLSX writer for 50,000 of them (openpyxl takes ~10 s; this writes the same
OOXML, shared strings and all, as Excel does, in about one)."""
import zipfile
from io import BytesIO
from xml.sax.saxutils import escape

from app.registry import import_layout

HEADER = [import_layout.HEADERS[key] for key in import_layout.KEYS]


def person_row(name="Nguyễn Văn An", birth=1980, unit="SKHCN", award="cstd_co_so", year=2022, **kw) -> list:
    values = {"kind": "cá nhân", "name": name, "birth_year": birth, "gender": kw.pop("gender", "Nam"), "unit": unit,
              "position": kw.pop("position", "Chuyên viên"), "award": award, "rating": kw.pop("rating", None),
              "year": year, "campaign_kind": kw.pop("campaign_kind", None), "authority": kw.pop("authority", None),
              "decision_number": kw.pop("decision_number", "12/QĐ-SKHCN"),
              "decision_date": kw.pop("decision_date", None)}
    values.update(kw)
    return [values[key] for key in import_layout.KEYS]


def rating_row(name="Nguyễn Văn An", birth=1980, unit="SKHCN", rating="htxs", year=2023, **kw) -> list:
    return person_row(name, birth, unit, award=None, rating=rating, year=year, decision_number=None, **kw)


def generated_rows(count: int, units: list[str], start_year: int = 1990, first_person: int = 1) -> list[list]:
    """``count`` rows, five per person (two awards, three ratings, in distinct years): count / 5 people."""
    rows: list[list] = []
    person = first_person - 1
    while len(rows) < count:
        person += 1
        name, unit, birth = f"Nguyễn Văn Thử {person}", units[person % len(units)], 1960 + person % 40
        for offset, award in ((0, "cstd_co_so"), (1, "bang_khen_tinh")):
            rows.append(person_row(name, birth, unit, award, start_year + (person + offset) % 30,
                                   decision_number=f"{person}/QĐ"))
        for offset, rating in ((2, "htxs"), (3, "htt"), (4, "ht")):
            rows.append(rating_row(name, birth, unit, rating, start_year + (person + offset) % 30))
    return rows[:count]


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '</Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheets><sheet name="Dữ liệu" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                  'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                  'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')


def fast_xlsx(rows: list[list], header: list = HEADER) -> bytes:
    """One sheet: ``header`` then ``rows`` (text as shared strings, ints as numbers, None as no cell)."""
    strings: dict[str, int] = {}
    lines = []
    for number, values in enumerate([header, *rows], start=1):
        cells = []
        for column, value in enumerate(values):
            if value is None:
                continue
            ref = f"{import_layout.column_letter(column)}{number}"
            if isinstance(value, int):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                index = strings.setdefault(str(value), len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
        lines.append(f'<row r="{number}">{"".join(cells)}</row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + "".join(lines) + "</sheetData></worksheet>")
    shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="{len(strings)}">'
              + "".join(f"<si><t>{escape(text)}</t></si>" for text in strings) + "</sst>")
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()
