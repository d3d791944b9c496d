"""The unit's own documents (DOMAIN.md §10c): its Tờ trình with the list of nominees of a campaign, and the
báo cáo thành tích of one dossier in the layout of the detailing decree's annex (individual or collective
form), pre-filled from the dossier and the registry — earlier titles and commendations (RegistryEntry),
yearly ratings (PerformanceRating) and initiatives — with the lines only the officer can write left empty
for Word. The officer uploads the completed report back as the dossier's attachment.

Number, day and month stay blank: the unit's clerk writes them from its register when the head signs.
"""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import access
from app.documents.decision import BLANK_NUMBER, clean, join_vi
from app.documents.process_kinds import ProposalRow, RecordRow
from app.extensions import db
from app.models import (
    AwardLevel,
    Campaign,
    Dossier,
    Gender,
    Initiative,
    NomineeKind,
    PerformanceRating,
    Rating,
    RegistryEntry,
    State,
    Unit,
    UnitKind,
    User,
)
from app.paperwork import common, texts

# The names the annex forms use (domain terms, not interface strings).
RATINGS = {Rating.HTXS: "Hoàn thành xuất sắc nhiệm vụ", Rating.HTT: "Hoàn thành tốt nhiệm vụ",
           Rating.HT: "Hoàn thành nhiệm vụ", Rating.KHT: "Không hoàn thành nhiệm vụ"}
GENDERS = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
LOCAL_GOVERNMENT = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)
RECORD_YEARS = 10  # the forms list the awards and ratings of recent years


def _organ(unit: Unit) -> dict:
    parent = unit.parent
    return {"org_parent": clean(parent.name).upper() if parent else texts.province_organ(),
            "org_name": clean(unit.name).upper()}


def _symbol(unit: Unit) -> str:
    code = clean(unit.code).upper()
    return f"TTr-{code}" if code and len(code) <= 20 and code.replace("-", "").isalnum() else "TTr"


def _head_name(unit: Unit) -> str:
    """The unit head's name when the unit has exactly one (else blank: written by hand)."""
    names = list(db.session.scalars(access.unit_heads(unit.id).with_only_columns(User.full_name).limit(2)))
    return clean(names[0]) if len(names) == 1 else ""


def _signer_lines(unit: Unit) -> list[str]:
    key = "documents.unit.signer_title.local" if unit.kind in LOCAL_GOVERNMENT else \
        "documents.unit.signer_title.department" if unit.kind is UnitKind.DEPARTMENT else \
        "documents.unit.signer_title.other"
    return texts.lines(key)


def proposal_dossiers(unit: Unit, campaign: Campaign) -> list[Dossier]:
    """What the unit proposes upward in the campaign: its dossiers for provincial and central awards (a unit
    decides its own awards itself), neither deleted nor withdrawn; collectives first, then by award and name."""
    query = (select(Dossier).join(Dossier.award)
             .where(Dossier.unit_id == unit.id, Dossier.campaign_id == campaign.id, Dossier.deleted_at.is_(None),
                    Dossier.state != State.WITHDRAWN, Dossier.award.has(level=AwardLevel.UNIT).is_(False))
             .options(joinedload(Dossier.award), joinedload(Dossier.nominee_unit), joinedload(Dossier.unit))
             .order_by(Dossier.nominee_kind, Dossier.award_id, Dossier.nominee_name, Dossier.id))
    return list(db.session.scalars(query).unique())


def proposal_context(unit: Unit, campaign: Campaign, dossiers: list[Dossier]) -> dict:
    rows = [ProposalRow(str(no), clean(d.nominee_name), common.position_unit(d), common.award_phrase(d.award))
            for no, d in enumerate(dossiers, start=1)]
    nouns = {NomineeKind.COLLECTIVE: "tập thể", NomineeKind.INDIVIDUAL: "cá nhân", NomineeKind.HOUSEHOLD: "hộ gia đình"}
    counts = join_vi([f"{common.two_digits(sum(1 for d in dossiers if d.nominee_kind is kind))} {noun}"
                      for kind, noun in nouns.items() if any(d.nominee_kind is kind for d in dossiers)])
    name = clean(unit.name)
    return {
        **_organ(unit), "number_line": f"Số:{BLANK_NUMBER}/{_symbol(unit)}",
        "place_date": common.blank_place_date(campaign.year if campaign.year > 2000 else None),
        "subject": f"Về việc đề nghị khen thưởng ({clean(campaign.name)})",
        "addressee": texts.text("documents.unit.addressee"),
        "intro": [*texts.lines("documents.unit.legal_bases"),
                  f"Căn cứ kết quả bình xét của Hội đồng Thi đua - Khen thưởng {name}, {name} kính đề nghị khen "
                  f"thưởng {counts} có thành tích ({clean(campaign.name)}), danh sách như sau:"],
        "rows": rows,
        "closing_lines": [f"{name} kính trình Hội đồng Thi đua - Khen thưởng tỉnh xem xét, đề nghị cấp có thẩm "
                          "quyền khen thưởng./."],
        "recipients": texts.recipients("documents.unit.recipients"),
        "signer_lines": _signer_lines(unit), "signer_name": _head_name(unit),
    }


# --- báo cáo thành tích -------------------------------------------------------------------------------

def report_kind(dossier: Dossier) -> str:
    return "achievement_report_collective" if dossier.nominee_kind is NomineeKind.COLLECTIVE \
        else "achievement_report_individual"


def _decision(entry: RegistryEntry) -> str:
    parts = [f"Quyết định số {clean(entry.decision_number)}" if clean(entry.decision_number) else ""]
    if entry.decision_date:
        parts.append(f"ngày {entry.decision_date:%d/%m/%Y}")
    if clean(entry.authority):
        parts.append(f"của {clean(entry.authority)}")
    return " ".join(p for p in parts if p)


def _records(dossier: Dossier, year: int) -> tuple[list[RecordRow], list[RecordRow]]:
    owner = (RegistryEntry.person_id == dossier.nominee_person_id) if dossier.nominee_person_id else \
        (RegistryEntry.collective_id == dossier.nominee_collective_id) if dossier.nominee_collective_id else None
    if owner is None:
        return [], []
    entries = db.session.scalars(select(RegistryEntry).where(owner, RegistryEntry.year > year - RECORD_YEARS)
                                 .options(joinedload(RegistryEntry.award))
                                 .order_by(RegistryEntry.year, RegistryEntry.id))
    titles: list[RecordRow] = []
    commendations: list[RecordRow] = []
    for entry in entries:
        row = RecordRow(str(entry.year), clean(entry.award.name), _decision(entry))
        (titles if entry.award.is_title else commendations).append(row)
    return titles, commendations


def _ratings(dossier: Dossier, year: int) -> list[str]:
    if not dossier.nominee_person_id:
        return []
    lines = [f"Năm {r.year}: {RATINGS[r.rating]}." for r in db.session.scalars(
        select(PerformanceRating).where(PerformanceRating.person_id == dossier.nominee_person_id,
                                        PerformanceRating.year > year - RECORD_YEARS)
        .order_by(PerformanceRating.year))]
    for initiative in db.session.scalars(select(Initiative).where(
            Initiative.person_id == dossier.nominee_person_id, Initiative.year > year - RECORD_YEARS)
            .order_by(Initiative.year, Initiative.id)):
        recognised = f"; {clean(initiative.document)}" if clean(initiative.document) else ""
        lines.append(f"Sáng kiến: {clean(initiative.title)} (năm {initiative.year}{recognised}).")
    return lines


def report_context(dossier: Dossier) -> dict:
    year = dossier.campaign.year
    titles, commendations = _records(dossier, year)
    awarded = f"danh hiệu {clean(dossier.award.name)}" if dossier.award.is_title else clean(dossier.award.name)
    summary = [clean(line) for line in dossier.achievement_summary.splitlines() if clean(line)]
    unit = dossier.nominee_unit or dossier.unit
    context = {
        **_organ(dossier.unit), "number_line": "", "place_date": common.blank_place_date(year),
        "subject": f"Đề nghị tặng {awarded} ({clean(dossier.campaign.name)})",
        "titles": titles, "commendations": commendations, "rating_lines": _ratings(dossier, year),
    }
    if dossier.nominee_kind is NomineeKind.COLLECTIVE:
        address = clean(dossier.nominee_collective.address) if dossier.nominee_collective else ""
        context.update({
            "profile": [f"1. Tên tập thể: {clean(dossier.nominee_name)}", f"Địa chỉ trụ sở: {address}",
                        "Điện thoại, thư điện tử: ", "Quá trình thành lập và phát triển: ",
                        "Tổng số cán bộ, công chức, viên chức, người lao động: ",
                        "2. Chức năng, nhiệm vụ được giao: "],
            "achievement_lines": ["1. Thành tích đạt được:", *summary,
                                  "2. Những biện pháp hoặc nguyên nhân đạt được thành tích; các phong trào thi đua "
                                  "đã được áp dụng: "],
            "signer_name": _head_name(dossier.unit),
        })
        return context
    person = dossier.nominee_person
    born = f"Ngày, tháng, năm sinh: {person.birth_date:%d/%m/%Y}" if person and person.birth_date else \
        f"Năm sinh: {dossier.nominee_birth_year or ''}"
    gender = GENDERS.get(dossier.nominee_gender) if dossier.nominee_gender else ""
    ethnicity = clean(person.ethnicity) if person else ""
    context.update({
        "profile": [f"Họ và tên: {clean(dossier.nominee_name)}", f"Giới tính: {gender}", born.rstrip(),
                    f"Dân tộc: {ethnicity}", "Quê quán: ", "Trú quán: ", f"Đơn vị công tác: {clean(unit.name)}",
                    f"Chức vụ (Đảng, chính quyền, đoàn thể): {clean(dossier.nominee_position)}",
                    "Trình độ chuyên môn, nghiệp vụ: ", "Học hàm, học vị, danh hiệu, giải thưởng: "],
        "achievement_lines": ["1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận: ", "2. Thành tích đạt được:", *summary],
        "signer_name": clean(dossier.nominee_name),
    })
    return context
