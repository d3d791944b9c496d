"""What the process documents share: the issuing organ's header values, the signer block, how a nominee
and an award are named in a table, and rendering through the template in force (app/doctemplates)."""
from datetime import date

from app.doctemplates import store as template_store
from app.documents.dates import vn_place_date
from app.documents.decision import BLANK_NUMBER, clean, draft_long_date, render_template
from app.models import Award, Dossier, NomineeKind
from app.models.base import local_today
from app.paperwork import texts


def award_phrase(award: Award) -> str:
    """An emulation title is named "Danh hiệu …", a form of commendation by its name (DOMAIN.md §10a)."""
    name = clean(award.name)
    return f"Danh hiệu {name}" if award.is_title and not name.casefold().startswith("danh hiệu") else name


def position_unit(dossier: Dossier) -> str:
    """The position and unit of an individual ("Trưởng phòng …, Sở Y tế"), a collective's parent unit,
    a household's address; the unit is not repeated when the position already names it."""
    unit = dossier.nominee_unit or dossier.unit
    position = clean(dossier.nominee_position)
    if dossier.nominee_kind is NomineeKind.HOUSEHOLD:
        return position
    if not position:
        return clean(unit.name)
    return position if clean(unit.name).casefold() in position.casefold() else f"{position}, {clean(unit.name)}"


def two_digits(count: int) -> str:
    """Counts below ten take a leading zero in administrative writing ("03 hồ sơ")."""
    return f"{count:02d}"


def blank_number_line(symbol: str) -> str:
    """ "Số:      /TB-SNV": the clerk writes the number from the register when the document is signed."""
    return f"Số:{BLANK_NUMBER}/{clean(symbol)}"


def blank_place_date(year: int | None = None) -> str:
    """ "Gia Lai, ngày     tháng     năm 2026": day and month written when signed."""
    return f"{texts.province()}, {draft_long_date(year or local_today().year)}"


def place_date(day: date) -> str:
    return vn_place_date(texts.province(), day)


def snv_header(symbol_prefix: str) -> dict:
    """Header and signature values of a Sở Nội vụ document (``symbol_prefix``: "TB", "BC" or "" for a letter)."""
    organ = texts.text("documents.snv.symbol")
    symbol = f"{symbol_prefix}-{organ}" if symbol_prefix else f"{organ}-TĐKT"
    return {
        "org_parent": texts.province_organ(), "org_name": texts.text("documents.snv.org_name").upper(),
        "number_line": blank_number_line(symbol), "place_date": blank_place_date(),
        "recipients": texts.recipients("documents.snv.recipients"),
        "signer_lines": texts.lines("documents.snv.signer_title"),
        "signer_name": texts.text("documents.snv.signer_name"),
    }


def render(kind: str, context: dict) -> bytes:
    """The DOCX with the kind's template in force (falling back to the previous one, then the built-in)."""
    return template_store.render(kind, lambda template: render_template(kind, context, template))
