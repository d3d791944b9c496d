"""The Sở Nội vụ's Tờ trình (TTr-SNV) proposing a decision to the Chairman (DOMAIN.md §10a, §10c).

It goes up with the draft decision and states the appraisal result (dossiers received, appraised, found
eligible), the provincial council's vote (session, members present, votes per nominee) and the list of
proposed honourees, in the Nghị định 30/2020 layout of the decision (templates/proposal_snv.docx, built by
build_templates.py). The sentences are the template's own text, which an office edits in Word like any
template (app/doctemplates); Nơi nhận and the director's name are settings (``documents.*``).

``ProposalSnv`` holds plain values (no database); ``from_decision`` gathers them for a decision;
``build_context`` formats them for the template.
"""
from dataclasses import dataclass, field
from datetime import date

from app.documents import kinds
from app.documents.dates import vn_place_date
from app.documents.decision import (
    GROUP_NOUNS,
    Honoree,
    _by_kind,
    annex_groups,
    clean,
    draft_long_date,
    join_vi,
    number_line,
    render_template,
)
from app.documents.money import format_vnd

SYMBOL = "TTr-SNV"
RECIPIENTS_KEY = "documents.recipients.proposal_snv"
DIRECTOR_KEY = "documents.snv_director"
DIRECTOR_TITLE_KEY = "documents.snv_director_title"
DEFAULT_RECIPIENTS = ("Như trên;", "Chủ tịch, các Phó Chủ tịch UBND tỉnh;", "Văn phòng UBND tỉnh;",
                      "Lưu: VT, TĐKT.")


@dataclass(frozen=True)
class CouncilVote:
    name: str
    votes_for: int
    votes_cast: int


@dataclass(frozen=True)
class CouncilSitting:
    held_on: date
    members_present: int
    members_total: int
    votes: tuple[CouncilVote, ...]


@dataclass
class ProposalSnv:
    province: str
    year: int
    number: int | None  # None: the number is left for the Sở Nội vụ's clerk
    signed_on: date | None
    award_name: str
    award_is_title: bool
    legal_bases: list[str]
    received: int
    appraised: int
    eligible: int
    sittings: list[CouncilSitting]
    honorees: list[Honoree]
    recipients: list[str]
    director_title: str
    director_name: str
    with_amounts: bool = True
    extras: dict = field(default_factory=dict)


def build_context(doc: ProposalSnv) -> dict:
    province = clean(doc.province)
    award = clean(doc.award_name)
    awarded = f"danh hiệu {award}" if doc.award_is_title else award
    groups = _by_kind(doc.honorees)
    counts = join_vi([f"{len(members)} {GROUP_NOUNS[kind]}" for kind, members in groups.items()])
    nouns = join_vi([GROUP_NOUNS[kind] for kind in groups])
    if doc.number is None or doc.signed_on is None:
        numbered, place_date = f"Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/{SYMBOL}", \
            f"{province}, {draft_long_date(doc.year)}"
    else:
        numbered, place_date = number_line(doc.number, SYMBOL), vn_place_date(province, doc.signed_on)
    council = []
    for sitting in doc.sittings:
        council.append(f"Ngày {sitting.held_on:%d/%m/%Y}, Hội đồng Thi đua – Khen thưởng tỉnh họp xét, có "
                       f"{sitting.members_present}/{sitting.members_total} thành viên dự; kết quả biểu quyết:")
        council.extend(f"- {clean(v.name)}: {v.votes_for}/{v.votes_cast} phiếu tán thành "
                       f"({_percent(v.votes_for, sitting.members_total)} tổng số thành viên Hội đồng);"
                       for v in sitting.votes)
    return {
        "parent_org": f"UBND TỈNH {province.upper()}",
        "org_name": "SỞ NỘI VỤ",
        "number_line": numbered,
        "place_date": place_date,
        "draft": doc.number is None,
        "subject": f"Về việc đề nghị tặng {awarded}",
        "addressee": f"Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh {province}",
        "legal_bases": [clean(line) for line in doc.legal_bases if clean(line)],
        "awarded": awarded,
        "received": str(doc.received),
        "appraised": str(doc.appraised),
        "eligible": str(doc.eligible),
        "council_lines": council,
        "no_council": not council,
        "counts": counts,
        "recipients": ["- " + clean(line).lstrip("- ") for line in doc.recipients if clean(line)],
        "director_title": clean(doc.director_title).upper(),
        "director_name": clean(doc.director_name),
        "annex_subject": f"{nouns} đề nghị tặng {awarded}".upper(),
        "annex_reference": f"(Kèm theo Tờ trình của Sở Nội vụ tỉnh {province})",
        "position_head": "Chức vụ, đơn vị công tác" if "household" not in groups
        else "Chức vụ, đơn vị công tác (hộ gia đình: địa chỉ)",
        "groups": annex_groups(groups, with_amounts=doc.with_amounts),
        "total_amount": format_vnd(sum(h.amount for h in doc.honorees)),
    }


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole, 1):g}%".replace(".", ",") if whole else "0%"


def render(doc: ProposalSnv, template: bytes | None = None) -> bytes:
    return render_template("proposal_snv", build_context(doc), template)


# --- the kind an office may re-template (kinds.py) -------------------------------------------------

def sample() -> ProposalSnv:
    from app.documents.sample import DECISION_TEXTS, LEGAL_BASES, synthetic_honorees

    honorees = synthetic_honorees(12, DECISION_TEXTS.coefficients)
    return ProposalSnv(
        province="Gia Lai", year=2027, number=None, signed_on=None, award_name=DECISION_TEXTS.award_name,
        award_is_title=False, legal_bases=list(LEGAL_BASES), received=15, appraised=14, eligible=12,
        sittings=[CouncilSitting(date(2026, 12, 28), 10, 11,
                                 tuple(CouncilVote(h.name, 9 + index % 2, 10) for index, h in enumerate(honorees)))],
        honorees=honorees, recipients=list(DEFAULT_RECIPIENTS), director_title="Giám đốc",
        director_name="Nguyễn Thị Thu Hà")  # fictional


PLACEHOLDERS = {
    "parent_org": "Cơ quan chủ quản (UBND TỈNH GIA LAI)",
    "org_name": "Tên cơ quan trình (SỞ NỘI VỤ)",
    "number_line": "Số và ký hiệu (Số: 45/TTr-SNV; để trống khi là dự thảo)",
    "place_date": "Địa danh, ngày tháng năm",
    "draft": "Đúng khi số, ngày để trống (dự thảo)",
    "subject": "Trích yếu (Về việc đề nghị tặng …)",
    "addressee": "Kính gửi",
    "legal_bases": "Các dòng Căn cứ (lặp)",
    "awarded": "Hình thức khen thưởng (có “danh hiệu” với danh hiệu thi đua)",
    "received": "Số hồ sơ tiếp nhận",
    "appraised": "Số hồ sơ đã thẩm định",
    "eligible": "Số hồ sơ đủ điều kiện, tiêu chuẩn",
    "council_lines": "Kết quả họp Hội đồng: phiên họp, thành viên dự, phiếu từng trường hợp (lặp)",
    "no_council": "Đúng khi chưa có kết quả họp Hội đồng ghi trong hệ thống",
    "counts": "Số tập thể, cá nhân được đề nghị",
    "recipients": "Nơi nhận (lặp)",
    "director_title": "Chức vụ người ký (GIÁM ĐỐC)",
    "director_name": "Họ và tên người ký",
    "annex_subject": "Tiêu đề danh sách kèm theo",
    "annex_reference": "Dòng (Kèm theo …)",
    "position_head": "Tiêu đề cột chức vụ, đơn vị",
    "groups": "Các nhóm của danh sách (lặp)",
    "total_amount": "Tổng số tiền thưởng dự kiến (đồng)",
}

kinds.register(kinds.TemplateKind(
    name="proposal_snv", label="Tờ trình của Sở Nội vụ đề nghị khen thưởng (TTr-SNV)",
    builtin_file="proposal_snv.docx", placeholders=PLACEHOLDERS,
    required=frozenset({"number_line", "place_date", "subject", "received", "appraised", "eligible",
                        "council_lines", "director_name", "groups"}),
    sample_context=lambda: build_context(sample()), sample_name="proposal-snv"))
