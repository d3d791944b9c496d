"""python-docx helpers for the templates: fonts in all four slots, schema order, tables without cell(i, j).

Used by build_templates.py only (the templates are built once and committed).
"""
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# Schema order matters to Word (a misplaced child makes it report a corrupt file): these are the
# elements that may follow the ones we add, per the WordprocessingML schema.
AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
              "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
              "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
              "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                    "w:tblPrChange")
AFTER_PGNUMTYPE = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
                   "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
AFTER_CANTSPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del",
                   "w:trPrChange")
AFTER_TBLHEADER = AFTER_CANTSPLIT[2:]


def set_fonts(rpr) -> None:
    """Times New Roman in all four slots and vi-VN; theme fonts would override the explicit names."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in THEME_SLOTS:
        fonts.attrib.pop(qn(slot), None)
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    size = rpr.find(qn("w:sz"))
    if size is not None:  # the complex-script size follows the size (it would stay at 11 pt)
        size_cs = rpr.find(qn("w:szCs"))
        if size_cs is None:
            size_cs = OxmlElement("w:szCs")
            size.addnext(size_cs)
        size_cs.set(qn("w:val"), size.get(qn("w:val")))


def para(container, text: str, style: str, runs: list[tuple[str, bool]] | None = None):
    """A paragraph in a named style; ``runs`` = [(text, bold)] when a part must be bold (Điều 1.)."""
    paragraph = container.add_paragraph(style=style)
    for run_text, bold in runs or [(text, False)]:
        if not run_text:
            continue
        run = paragraph.add_run(run_text)
        if bold:
            run.bold = True
    return paragraph


def rule(container, length_mm: float, width_mm: float):
    """A short horizontal line, centred: an empty paragraph whose top border spans ``length_mm``."""
    paragraph = container.add_paragraph(style="Rule")
    indent = Mm(max((width_mm - length_mm) / 2, 0))
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    return paragraph


def _table_borders(table, value: str) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.insert_element_before(borders, *AFTER_TBLBORDERS)


def fixed_table(doc, columns_mm: tuple, bordered: bool):
    """A fixed-layout table of the given column widths; rows are added by the caller."""
    table = doc.add_table(rows=0, cols=len(columns_mm))
    table.autofit = False  # w:tblLayout fixed: Word keeps the column widths
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_borders(table, "single" if bordered else "nil")
    for column, width in zip(table.columns, columns_mm):
        column.width = Mm(width)
    table_width = table._tbl.tblPr.find(qn("w:tblW"))
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(Mm(width).twips for width in columns_mm)))
    return table


def add_row(table, columns_mm: tuple, span_all: bool = False, span_first: int = 1):
    """A row with cell widths set; ``span_all`` merges it into one cell, ``span_first`` merges the first n."""
    row = table.add_row()
    cells = row.cells  # one call per row: never table.cell(i, j) in a loop
    for cell, width in zip(cells, columns_mm):
        cell.width = Mm(width)
    if span_all:
        return [cells[0].merge(cells[-1])]
    if span_first > 1:
        merged = cells[0].merge(cells[span_first - 1])
        return [merged] + list(cells[span_first:])
    return list(cells)


def fill(cell, lines: list[tuple[str, str]]) -> None:
    """Put (text, style) paragraphs in a cell, reusing the empty paragraph every cell starts with."""
    first, *rest = lines
    paragraph = cell.paragraphs[0]
    paragraph.style = first[1]
    if first[0]:
        paragraph.add_run(first[0])
    for text, style in rest:
        para(cell, text, style)
