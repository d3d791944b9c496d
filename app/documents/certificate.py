"""Certificates (Bằng khen, Giấy khen, Cờ thi đua) printed onto pre-printed forms: only the variable fields.

The form already carries the emblem, the title and the dotted lines; the office prints the honouree's
name, unit, achievement, the decision's number and date, the place-date line and, if the form wants it,
the signer. Each field sits in a box placed in millimetres from the page's top-left corner (a layout,
``PageLayout``, that an administrator adjusts until a test print falls on the form's lines).

Why reportlab for the PDF: it places text at exact coordinates in millimetres with embedded TrueType
fonts (so Vietnamese diacritics print on any machine), writes a thousand pages in seconds in-process,
and needs no LibreOffice. A DOCX with absolutely positioned frames (``w:framePr`` anchored to the page)
is also written, for an office that wants to retouch one certificate in Word; the PDF is what prints.

Text that does not fit its box (a long unit name) is set smaller, down to ``MIN_SHRINK`` of the layout's
size, rather than run over the form's printed text. No database here: app/certificates builds the data.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from app.documents.dates import vn_place_date
from app.documents.docx_helpers import set_fonts

POINTS_PER_MM = 72 / 25.4
LEADING = 1.25          # line height as a multiple of the font size
MIN_SHRINK = 0.6        # text is set down to 60 % of the layout's size before it overflows its box
SHRINK_STEP = 0.5       # points

# Serif TrueType fonts, most wanted first: Liberation Serif has Times New Roman's metrics (``make pdf``
# installs it); the first one that has every Vietnamese letter is used. KT_CERTIFICATE_FONT (regular)
# and KT_CERTIFICATE_FONT_BOLD name another one.
FONT_CANDIDATES: tuple[tuple[str, str], ...] = (
    ("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
     "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"),
    ("/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf",
     "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman_Bold.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"),
    ("/usr/share/fonts/truetype/freefont/FreeSerif.ttf", "/usr/share/fonts/truetype/freefont/FreeSerifBold.ttf"),
)
REGULAR, BOLD = "KTSerif", "KTSerif-Bold"


class CertificateFontMissing(RuntimeError):
    """No TrueType font with Vietnamese letters is installed; the message says what to install."""


@dataclass(frozen=True)
class FieldBox:
    """Where one field prints: the box's top-left corner (mm from the page's top-left), its width, the
    font size (pt), how many lines it holds, the alignment ("left", "center", "right") and weight."""

    key: str
    x_mm: float
    y_mm: float
    width_mm: float
    font_size: float
    lines: int = 1
    align: str = "center"
    bold: bool = False

    @property
    def height_mm(self) -> float:
        return self.lines * self.font_size * LEADING / POINTS_PER_MM


@dataclass(frozen=True)
class PageLayout:
    width_mm: float
    height_mm: float
    fields: tuple[FieldBox, ...]


# One certificate: field key → its text ("\n" starts a new line, as in "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH").
Certificate = dict[str, str]


@dataclass(frozen=True)
class PlacedLine:
    """A line of text as printed: its baseline's start in mm from the page's top-left corner."""

    text: str
    x_mm: float
    baseline_mm: float
    font_size: float


# Letters a font must have to print Vietnamese names: Liberation Serif 1.x (Debian's fonts-liberation)
# lacks most of them (ạ, ị, ộ …: LibreOffice borrows them from another font, reportlab would print boxes);
# Liberation Serif 2 (fonts-liberation2) has them all.
VIETNAMESE_PROBE = "ĂăÂâĐđÊêÔôƠơƯưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"


def _covers_vietnamese(path: str) -> bool:
    from reportlab.pdfbase.ttfonts import TTFontFile

    try:
        mapped = TTFontFile(path).charToGlyph
    except Exception:  # not a TrueType file reportlab can read (a collection, a damaged file)
        return False
    return all(ord(char) in mapped for char in VIETNAMESE_PROBE)


def _existing_pair() -> tuple[str, str] | None:
    """The first regular/bold pair that exists and covers Vietnamese (the override first, if set)."""
    override = os.environ.get("KT_CERTIFICATE_FONT")
    candidates = ((override, os.environ.get("KT_CERTIFICATE_FONT_BOLD") or override),) if override else ()
    for regular, bold in (*candidates, *FONT_CANDIDATES):
        if Path(regular).is_file() and _covers_vietnamese(regular):
            return regular, bold if Path(bold).is_file() and _covers_vietnamese(bold) else regular
    return None


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    """Register the serif font with reportlab once per process; the font files used."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pair = _existing_pair()
    if pair is None:
        # reportlab's built-in Times has no Vietnamese letters: printing with it would spoil the forms.
        raise CertificateFontMissing(
            "No TrueType serif font with Vietnamese letters was found for the certificates: install "
            "fonts-liberation (make pdf) or set KT_CERTIFICATE_FONT to a .ttf file.")
    pdfmetrics.registerFont(TTFont(REGULAR, pair[0]))
    pdfmetrics.registerFont(TTFont(BOLD, pair[1]))
    return pair


def _ascent(font: str) -> float:
    """The font's ascent as a fraction of its size (the first baseline sits this far below the box's top)."""
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(font).face.ascent / 1000


def fit(text: str, box: FieldBox) -> tuple[list[str], float]:
    """The lines and the size at which ``text`` fits ``box``: the layout's size if it can, smaller if not
    (never below MIN_SHRINK of it: past that the text overflows rather than become unreadable)."""
    from reportlab.lib.utils import simpleSplit

    register_fonts()
    font = BOLD if box.bold else REGULAR
    width = box.width_mm * POINTS_PER_MM
    size = box.font_size
    smallest = box.font_size * MIN_SHRINK
    while True:
        lines = [line for paragraph in text.split("\n") for line in (simpleSplit(paragraph, font, size, width) or [""])]
        if len(lines) <= box.lines or size - SHRINK_STEP < smallest:
            return lines, size
        size -= SHRINK_STEP


def place(text: str, box: FieldBox) -> list[PlacedLine]:
    """Where each line of ``text`` prints in ``box`` (also what the tests compare the PDF with)."""
    from reportlab.pdfbase import pdfmetrics

    font = BOLD if box.bold else REGULAR
    lines, size = fit(text, box)
    first = box.y_mm + size * _ascent(font) / POINTS_PER_MM
    placed = []
    for index, line in enumerate(lines):
        width = pdfmetrics.stringWidth(line, font, size) / POINTS_PER_MM
        offset = {"left": 0.0, "center": (box.width_mm - width) / 2, "right": box.width_mm - width}[box.align]
        placed.append(PlacedLine(line, box.x_mm + offset, first + index * size * LEADING / POINTS_PER_MM, size))
    return placed


def _draw_frame(canvas, box: FieldBox, page_height: float) -> None:
    """The test print's marks: the box, a crosshair at its top-left corner, and the field's name."""
    mm = POINTS_PER_MM
    left, top = box.x_mm * mm, page_height - box.y_mm * mm
    canvas.saveState()
    canvas.setLineWidth(0.3)
    canvas.setStrokeGray(0.35)
    canvas.rect(left, top - box.height_mm * mm, box.width_mm * mm, box.height_mm * mm)
    arm = 4 * mm
    canvas.line(left - arm, top, left + arm, top)
    canvas.line(left, top - arm, left, top + arm)
    canvas.setFillGray(0.35)
    canvas.setFont(REGULAR, 6)
    canvas.drawString(left + 1, top + 1.5, f"{box.key} ({box.x_mm:g}; {box.y_mm:g} mm)")
    canvas.restoreState()


def render_pdf(layout: PageLayout, certificates: Sequence[Certificate], *, test_frames: bool = False,
               progress: Callable[[int], None] | None = None, title: str = "") -> bytes:
    """One page per certificate; ``test_frames`` adds each box's frame and crosshair (the test print).
    ``progress(pages_done)`` is called after each page."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    out = BytesIO()
    page_width, page_height = layout.width_mm * POINTS_PER_MM, layout.height_mm * POINTS_PER_MM
    canvas = Canvas(out, pagesize=(page_width, page_height), pageCompression=1)
    canvas.setTitle(title or "Certificates")
    canvas.setCreator("khenthuong")
    for number, certificate in enumerate(certificates, start=1):
        for box in layout.fields:
            if test_frames:
                _draw_frame(canvas, box, page_height)
            text = certificate.get(box.key, "")
            if not text:
                continue
            canvas.setFillGray(0)
            font = BOLD if box.bold else REGULAR
            for line in place(text, box):
                canvas.setFont(font, line.font_size)
                canvas.drawString(line.x_mm * POINTS_PER_MM, page_height - line.baseline_mm * POINTS_PER_MM,
                                  line.text)
        canvas.showPage()
        if progress is not None:
            progress(number)
    canvas.save()
    return out.getvalue()


# --- DOCX with absolutely positioned frames -------------------------------------------------------------

_TWIPS_PER_MM = 1440 / 25.4
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _frame(paragraph, box: FieldBox) -> None:
    """Make ``paragraph`` a frame at the box's place on the page (Word's and LibreOffice's text frames)."""
    properties = paragraph._p.get_or_add_pPr()
    frame = OxmlElement("w:framePr")
    for name, value in (("w", box.width_mm), ("h", box.height_mm), ("x", box.x_mm), ("y", box.y_mm)):
        frame.set(qn(f"w:{name}"), str(round(value * _TWIPS_PER_MM)))
    frame.set(qn("w:hRule"), "atLeast")
    frame.set(qn("w:hAnchor"), "page")
    frame.set(qn("w:vAnchor"), "page")
    frame.set(qn("w:wrap"), "notBeside")
    properties.insert(0, frame)  # framePr comes first in pPr after pStyle/keepNext… (none set here)


def render_docx(layout: PageLayout, certificates: Iterable[Certificate]) -> bytes:
    """The same certificates as a Word document: each field a frame anchored to the page, one page each."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(layout.width_mm), Mm(layout.height_mm)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(5))
    section.header_distance = section.footer_distance = Mm(0)
    body = document.element.body
    for paragraph in list(document.paragraphs):
        body.remove(paragraph._p)
    certificates = list(certificates)
    for number, certificate in enumerate(certificates, start=1):
        for box in layout.fields:
            text = certificate.get(box.key, "")
            if not text:
                continue
            _lines, size = fit(text, box)  # the size the PDF prints at: Word gets the same text, as large
            paragraph = document.add_paragraph()
            _frame(paragraph, box)
            paragraph.alignment = _ALIGN[box.align]
            paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.line_spacing = LEADING
            run = paragraph.add_run()
            for index, part in enumerate(text.split("\n")):
                if index:
                    run.add_break()
                run.add_text(part)
            run.font.size = Pt(size)
            run.bold = box.bold
            set_fonts(run._r.get_or_add_rPr())
        # The frames above anchor to this paragraph, which ends the page (but the last).
        anchor = document.add_paragraph()
        anchor.paragraph_format.space_before = anchor.paragraph_format.space_after = Pt(0)
        if number < len(certificates):
            anchor.add_run().add_break(WD_BREAK.PAGE)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


# --- what each field says --------------------------------------------------------------------------------

SIGNER_TITLES = {"chairman": "CHỦ TỊCH", "deputy": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"}


@dataclass(frozen=True)
class Honour:
    """One honouree of a decision, as the certificate names them."""

    name: str
    position_unit: str
    achievement: str


@dataclass(frozen=True)
class DecisionFacts:
    reference: str          # "125/QĐ-UBND"
    signed_on: date | None  # None: not signed yet (a test print shows a sample date instead)
    place: str              # "Gia Lai"
    signer_mode: str        # "chairman" | "deputy"
    signer_name: str
    # A unit's own decision: its signature titles as the decision prints them ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC").
    signer_title: str = ""


def certificate_of(honour: Honour, facts: DecisionFacts) -> Certificate:
    """The texts of one certificate, keyed by field (app.models.certificates.FieldKey values)."""
    signed = facts.signed_on
    achievement = honour.achievement.strip()
    return {
        "name": honour.name,
        "position_unit": honour.position_unit,
        "achievement": achievement[:1].upper() + achievement[1:],
        "decision": f"Quyết định số {facts.reference} ngày {signed:%d/%m/%Y}" if signed else
        f"Quyết định số {facts.reference}",
        "place_date": vn_place_date(facts.place, signed) if signed else "",
        "signer_title": facts.signer_title or SIGNER_TITLES.get(facts.signer_mode, "CHỦ TỊCH"),
        "signer_name": facts.signer_name,
    }
