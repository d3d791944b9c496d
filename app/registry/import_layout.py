"""The XLSX layout of the registry import (issue 8), and the template the import screen hands out.

Sheet 1 ("Dữ liệu"), row 1 the header, then one row per fact:

| Col | Header | Content |
|---|---|---|
| A | Loại đối tượng | cá nhân, tập thể, hộ gia đình or doanh nghiệp |
| B | Họ và tên / Tên tập thể | as printed on the decision |
| C | Năm sinh | an individual's year of birth (optional, but it tells namesakes apart) |
| D | Giới tính | Nam / Nữ (optional) |
| E | Đơn vị | the unit's code or name as in the units list (the person's unit, or the collective's) |
| F | Chức vụ | position (optional, for a new person) |
| G | Mã khen thưởng | the award's code in the catalogue — or leave it empty and fill H |
| H | Xếp loại | the year's rating: htxs, htt, ht, kht (individuals only) |
| I | Năm | the year of the award or the rating |
| J | Loại phong trào | hằng năm (default), sơ kết, tổng kết, chuyên đề, đột xuất |
| K | Cơ quan quyết định | the deciding authority (default: the award's) |
| L | Số quyết định | decision number |
| M | Ngày quyết định | decision date (a date cell, or dd/mm/yyyy) |

The headers are Vietnamese in every language of the interface: they are the file's layout, like a form.
"""
from flask_babel import gettext as _

from app.models import Award, CampaignKind, Gender, Rating, Unit
from app.spreadsheets import Limits, MiB, SheetWriter, escape
from app.text import fold

KEYS = ("kind", "name", "birth_year", "gender", "unit", "position", "award", "rating", "year", "campaign_kind",
        "authority", "decision_number", "decision_date")
HEADERS = {
    "kind": "Loại đối tượng", "name": "Họ và tên / Tên tập thể", "birth_year": "Năm sinh", "gender": "Giới tính",
    "unit": "Đơn vị", "position": "Chức vụ", "award": "Mã khen thưởng", "rating": "Xếp loại", "year": "Năm",
    "campaign_kind": "Loại phong trào", "authority": "Cơ quan quyết định", "decision_number": "Số quyết định",
    "decision_date": "Ngày quyết định",
}
TEXT_KEYS = ("kind", "name", "gender", "unit", "position", "award", "rating", "campaign_kind", "authority",
             "decision_number")
# The columns' sizes in the database.
MAX_LENGTHS = {"kind": 40, "name": 255, "gender": 10, "unit": 255, "position": 255, "award": 40, "rating": 60,
               "campaign_kind": 40, "authority": 255, "decision_number": 60}

# A province's history: 50,000 rows a file (split a larger one). The spreadsheet limits grow to fit
# (13 columns × 50,000 rows is about 1.4 million XML elements, 40 MB of sheet XML once inflated, within
# about 10 s of checking and reading — bench/bench_registry_import.py), and stay a bound.
MAX_ROWS = 50_000
LIMITS = Limits(max_file_bytes=20 * MiB, max_members=300, max_member_bytes=120 * MiB, max_total_bytes=160 * MiB,
                max_ratio=100, max_elements=2_000_000)

NOMINEE_KINDS = {
    "ca nhan": "individual", "individual": "individual",
    "tap the": "unit", "collective": "unit",
    "ho gia dinh": "household", "household": "household",
    "doanh nghiep": "enterprise", "enterprise": "enterprise",
}
GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE, "male": Gender.MALE, "female": Gender.FEMALE}
RATING_WORDS = {
    Rating.HTXS: "Hoàn thành xuất sắc nhiệm vụ", Rating.HTT: "Hoàn thành tốt nhiệm vụ",
    Rating.HT: "Hoàn thành nhiệm vụ", Rating.KHT: "Không hoàn thành nhiệm vụ",
}
RATINGS = {**{rating.value: rating for rating in Rating}, **{fold(words): r for r, words in RATING_WORDS.items()}}
CAMPAIGN_WORDS = {
    CampaignKind.YEARLY: "hằng năm", CampaignKind.MID_TERM: "sơ kết", CampaignKind.FINAL: "tổng kết",
    CampaignKind.THEMATIC: "chuyên đề", CampaignKind.AD_HOC: "đột xuất",
}
CAMPAIGN_KINDS = {**{kind.value: kind for kind in CampaignKind}, **{fold(w): k for k, w in CAMPAIGN_WORDS.items()},
                  "hang nam": CampaignKind.YEARLY}
KIND_WORDS = {"individual": "cá nhân", "unit": "tập thể", "household": "hộ gia đình", "enterprise": "doanh nghiệp"}


def award_fits(award: Award, kind: str) -> bool:
    if kind == "individual":
        return award.for_individual
    if kind == "household":
        return award.for_household
    return award.for_collective


def column_letter(index: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


def template(awards: list[Award], units: list[Unit]) -> bytes:
    """The template: the header on the data sheet, and an instructions sheet with the columns, the
    catalogue's award codes, the ratings, the campaign kinds and the units the user may import for."""
    writer = SheetWriter("Dữ liệu")
    writer.append([HEADERS[key] for key in KEYS])
    for index, width in enumerate((14, 30, 10, 10, 24, 20, 20, 10, 8, 16, 26, 16, 16)):
        writer.sheet.column_dimensions[column_letter(index)].width = width
    guide = writer.book.create_sheet("Hướng dẫn")

    def line(*values) -> None:
        guide.append([escape(v) if isinstance(v, str) else v for v in values])

    line(_("How to fill in the sheet “Dữ liệu”: one row per award or title received, or per yearly rating "
           "of a person. Keep the header row; at most %(n)s rows per file. Any error and nothing is imported.",
           n=MAX_ROWS))
    line()
    line("Cột", "Tiêu đề", _("Content"))
    explanations = {
        "kind": "cá nhân / tập thể / hộ gia đình / doanh nghiệp",
        "name": _("Full name of the person, or name of the collective"),
        "birth_year": _("Year of birth (individuals; tells namesakes apart)"),
        "gender": "Nam / Nữ",
        "unit": _("Code or name of the unit, as in the list below"),
        "position": _("Position (optional)"),
        "award": _("Award code (list below); leave empty for a rating"),
        "rating": "htxs / htt / ht / kht",
        "year": _("Year of the award or rating"),
        "campaign_kind": ", ".join(CAMPAIGN_WORDS.values()) + " " + _("(default: hằng năm)"),
        "authority": _("Deciding authority (default: the award's)"),
        "decision_number": _("Decision number"),
        "decision_date": "dd/mm/yyyy",
    }
    for index, key in enumerate(KEYS):
        line(column_letter(index), HEADERS[key], explanations[key])
    line()
    line(_("Award codes"), _("Award"), _("For"))
    for award in awards:
        line(award.code, award.name, ", ".join(KIND_WORDS[k] for k in ("individual", "unit", "household")
                                               if award_fits(award, k)))
    line()
    line(_("Ratings"))
    for rating, words in RATING_WORDS.items():
        line(rating.value, words)
    line()
    line(_("Campaign kinds"))
    for words in CAMPAIGN_WORDS.values():
        line(words)
    line()
    line(_("Unit codes"), _("Unit"))
    for unit in units:
        line(unit.code, unit.name)
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 50
    guide.column_dimensions["C"].width = 50
    return writer.to_bytes()
