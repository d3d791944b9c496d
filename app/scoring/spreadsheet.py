"""Criteria tables to and from XLSX (clusters already keep them in Excel), and the scoreboard as XLSX.

Criteria layout (first sheet, header on row 1, one item per row, in order):

| A: Loại | B: Nhóm | C: Mã | D: Nội dung | E: Điểm tối đa | F: Loại khỏi xếp hạng | G: Hướng dẫn |

- Loại: "Tiêu chí" (criterion), "Điểm thưởng" (bonus) or "Điểm trừ" (penalty); English words work too.
- Nhóm: the group's name, for criteria only; groups are created in the order they first appear.
- Mã: a short code unique in the table (e.g. 1.1, T1, D2). Điểm tối đa: a number above zero.
- Loại khỏi xếp hạng: "Có" for a penalty that excludes the unit from ranking, otherwise empty or "Không".
"""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from wtforms.validators import Length

from app.models import ItemKind
from app.numbers import format_score
from app.scoring.forms import GroupForm, ItemForm
from app.spreadsheets import SheetWriter, SpreadsheetRefused, read_sheet
from app.text import fold

HEADER = ["Loại", "Nhóm", "Mã", "Nội dung", "Điểm tối đa", "Loại khỏi xếp hạng", "Hướng dẫn"]
KIND_WORDS = {
    ItemKind.CRITERION: "Tiêu chí", ItemKind.BONUS: "Điểm thưởng", ItemKind.PENALTY: "Điểm trừ",
}
_KIND_LOOKUP = {
    "tieu chi": ItemKind.CRITERION, "criterion": ItemKind.CRITERION,
    "diem thuong": ItemKind.BONUS, "bonus": ItemKind.BONUS,
    "diem tru": ItemKind.PENALTY, "penalty": ItemKind.PENALTY,
}
_YES = {"co", "yes", "x", "1", "true"}
_NO = {"", "khong", "no", "0", "false"}
MAX_ROWS = 2000  # a table has 30 to 100 items; read in the request, which stays short at this size


def _form_max(field) -> int:
    """The longest text the web form accepts for ``field``: an import may not store more."""
    return next(v.max for v in field.kwargs["validators"] if isinstance(v, Length))


# Per column, the most characters a cell may hold: what the item and group forms allow, and for the
# kind, score and yes/no columns far more than any valid value needs.
_MAX_CHARS = {"A": 50, "B": _form_max(GroupForm.name), "C": _form_max(ItemForm.code), "D": _form_max(ItemForm.name),
              "E": 50, "F": 50, "G": _form_max(ItemForm.guidance)}


@dataclass
class ParsedItem:
    kind: ItemKind
    group: str | None
    code: str
    name: str
    max_score: Decimal
    excludes: bool
    guidance: str


class ImportErrors(ValueError):
    """Row-numbered reasons; nothing is imported when there is any."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__("; ".join(f"{row}: {message}" for row, message in errors))
        self.errors = errors


def _bold_header(sheet, row: int = 1) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F5")
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def export_criteria(scoring) -> bytes:
    writer = SheetWriter("Tieu chi")
    sheet = writer.sheet
    writer.append(HEADER)
    # In the order the table reads (groups in order, then bonus and penalty items): the import
    # creates groups in the order they first appear, so the round trip keeps the tie-break's group order.
    position = {group.id: index for index, group in enumerate(scoring.groups)}
    for item in sorted(scoring.items, key=lambda i: position.get(i.group_id, len(position))):
        writer.append([
            KIND_WORDS[item.kind], item.group.name if item.group else None, item.code, item.name,
            float(item.max_score), "Có" if item.excludes_from_ranking else None, item.guidance or None,
        ])
    _bold_header(sheet)
    for column, width in zip("ABCDEFG", (12, 40, 8, 60, 12, 14, 50)):
        sheet.column_dimensions[column].width = width
    return writer.to_bytes()


def _fold(value) -> str:
    return fold(str(value)) if value is not None else ""


def parse_criteria(content: bytes) -> list[ParsedItem]:
    """Read and check every row; raises ImportErrors listing each bad row (row 0: the whole file)."""
    try:
        rows = read_sheet(content, columns=len(HEADER), max_rows=MAX_ROWS)
    except SpreadsheetRefused as refused:
        raise ImportErrors([(0, refused.message)]) from None
    items: list[ParsedItem] = []
    errors: list[tuple[int, str]] = []
    codes: set[str] = set()
    for number, cells in rows:
        too_long = [(column, limit) for (column, limit), value in zip(_MAX_CHARS.items(), cells)
                    if value is not None and len(str(value)) > limit]
        if too_long:  # the row's other checks would only repeat the problem
            errors.extend((number, _("Column %(column)s is longer than %(n)s characters.", column=column, n=limit))
                          for column, limit in too_long)
            continue
        kind_raw, group, code, name, max_raw, excludes_raw, guidance = cells
        kind = _KIND_LOOKUP.get(_fold(kind_raw))
        row_errors = []
        if kind is None:
            row_errors.append(_("Column A must be Tiêu chí, Điểm thưởng or Điểm trừ."))
        code = str(code).strip() if code is not None else ""
        if not code or len(code) > 20:
            row_errors.append(_("Column C needs a code of at most 20 characters."))
        elif code in codes:
            row_errors.append(_("Code %(code)s appears twice.", code=code))
        name = str(name).strip() if name is not None else ""
        if not name:
            row_errors.append(_("Column D (the item's text) is empty."))
        try:
            max_score = Decimal(str(max_raw).replace(",", ".").strip())
            if not max_score.is_finite() or max_score <= 0 or max_score > 1000:
                raise InvalidOperation
            # The column keeps two decimals: 33.333 (often =100/3) would be rounded without a word.
            if max_score != max_score.quantize(Decimal("0.01")):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            row_errors.append(_("Column E must be a maximum score above 0 (at most 1000, two decimal places)."))
            max_score = Decimal(0)
        excludes_word = _fold(excludes_raw)
        if excludes_word not in _YES | _NO:
            row_errors.append(_("Column F must be Có or Không."))
        excludes = excludes_word in _YES
        group = str(group).strip() if group not in (None, "") else None
        if kind is ItemKind.CRITERION and not group:
            row_errors.append(_("A criterion needs its group in column B."))
        if kind is not None and kind is not ItemKind.CRITERION:
            group = None
        if excludes and kind is not ItemKind.PENALTY:
            row_errors.append(_("Only a penalty can exclude a unit from ranking."))
        if row_errors or kind is None:  # an unknown kind is one of the row's errors
            errors.extend((number, message) for message in row_errors)
            continue
        codes.add(code)
        items.append(ParsedItem(kind, group, code, name, max_score, excludes, str(guidance or "").strip()))
    if errors:
        raise ImportErrors(errors)
    if not items:
        raise ImportErrors([(0, _("The sheet has no items."))])
    return items


def export_scoreboard(scoring, result, unit_names: dict[int, str]) -> bytes:
    writer = SheetWriter("Bang diem")
    sheet = writer.sheet
    writer.append([f"BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM {scoring.year} — {scoring.cluster.name.upper()}"])
    sheet["A1"].font = Font(bold=True, size=13)
    writer.append([])
    groups = [g.name for g in scoring.groups]
    writer.append(["Hạng", "Đơn vị", *groups, "Điểm thưởng", "Điểm trừ", "Tổng điểm", "Phiếu suy tôn"])
    _bold_header(sheet, 3)
    for r in result.ranked:
        writer.append([r.rank, unit_names[r.unit_id], *map(float, r.group_totals), float(r.bonus_total),
                       float(r.penalty_total), float(r.total), r.votes_for])
    if result.excluded:
        writer.append([])
        writer.append(["Không xếp hạng (vi phạm điểm trừ loại)"])
        for r in result.excluded:
            writer.append(["—", unit_names[r.unit_id], *map(float, r.group_totals), float(r.bonus_total),
                           float(r.penalty_total), float(r.total), r.votes_for])
    # Numbers stay numbers (the bonus column holds what the total counts); the cap is said in words.
    capped = [r for r in result.ranked + result.excluded if r.bonus_capped]
    writer.append([])
    writer.append([f"Điểm thưởng được cộng tối đa {format_score(scoring.bonus_cap, 'vi')} điểm"
                   + ("; áp dụng mức tối đa cho: " + ", ".join(
                       f"{unit_names[r.unit_id]} (đạt {format_score(r.bonus_earned, 'vi')})" for r in capped)
                      if capped else "")])
    sheet.column_dimensions["B"].width = 40
    return writer.to_bytes()
