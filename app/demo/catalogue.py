"""Demo award catalogue (DOMAIN.md §4) with its eligibility rules (§9), attachment types (§5), the movement and
its campaigns."""
from decimal import Decimal

from sqlalchemy import select

from app.demo.tally import Tally
from app.eligibility.seed import seed_rules
from app.extensions import db
from app.models import AttachmentType, Award, AwardLevel, AwardType, Campaign, CampaignKind, Movement, ThresholdBase

# code, name, description
ATTACHMENT_TYPES = [
    ("to_trinh", "Tờ trình", "Tờ trình đề nghị khen thưởng của đơn vị, do thủ trưởng ký."),
    ("bao_cao_thanh_tich", "Báo cáo thành tích",
     "Mẫu 02 (tập thể) hoặc Mẫu 03 (cá nhân), có xác nhận của cấp trình khen."),
    ("bien_ban_hoi_dong_co_so", "Biên bản họp Hội đồng Thi đua - Khen thưởng cơ sở",
     "Biên bản họp Hội đồng TĐKT của đơn vị, ghi rõ kết quả bỏ phiếu."),
    ("xac_nhan_sang_kien", "Xác nhận sáng kiến / đề tài",
     "Quyết định công nhận sáng kiến hoặc xác nhận đề tài khoa học (bắt buộc với Chiến sĩ thi đua)."),
    ("bien_ban_hop_cum", "Biên bản họp cụm, khối thi đua",
     "Biên bản họp cụm, khối thi đua với kết quả suy tôn (bắt buộc với Cờ thi đua của UBND tỉnh)."),
    ("khac", "Tài liệu khác", "Minh chứng khác."),
]

_BASIC = ("to_trinh", "bao_cao_thanh_tich", "bien_ban_hoi_dong_co_so")
_CENTRAL = dict(level=AwardLevel.CENTRAL, approval_threshold=Decimal("0.8"), public_notice_days=10)
_CHAIRMAN = "Chủ tịch UBND tỉnh"
_TITLE = dict(award_type=AwardType.TITLE)  # an emulation title: "tặng danh hiệu …"
_UNIT_HEAD = "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND xã, phường"


def _award(code, name, kinds, coefficients, decided_by, *, via_cluster=False, required=(), **kw):
    """One catalogue row; ``kinds`` is a string of i/c/h, ``coefficients`` (individual, collective, household)."""
    individual, collective, household = coefficients
    row = dict(
        code=code, name=name, decided_by=decided_by, via_cluster=via_cluster,
        for_individual="i" in kinds, for_collective="c" in kinds, for_household="h" in kinds,
        coefficient_individual=None if individual is None else Decimal(individual),
        coefficient_collective=None if collective is None else Decimal(collective),
        coefficient_household=None if household is None else Decimal(household),
        quorum_ratio=Decimal("0.667"), threshold_base=ThresholdBase.ALL_MEMBERS,
        level=AwardLevel.PROVINCIAL, approval_threshold=Decimal("0.5"), public_notice_days=0,
        decision_subject="", required=_BASIC + tuple(required),
    )
    row.update(kw)
    return row


# The seed catalogue of DOMAIN.md §4, in display order. Collective = 2 × individual where the
# table does not say otherwise; household = 1.5 × individual (the table's rule for Bằng khen tỉnh,
# applied to Giấy khen too since the table gives no household figure there).
# The subject line: a provincial decision "tặng" (awards); for a central award the province's Tờ trình
# "đề nghị tặng" (proposes). Unit-level awards are decided by the unit head: the default line serves.
AWARDS = [
    _award("huan_chuong_ld_3", "Huân chương Lao động hạng Ba", "ic", ("4.5", "9.0", None),
           "Chủ tịch nước (tỉnh đề nghị)",
           decision_subject="Về việc đề nghị tặng thưởng Huân chương Lao động hạng Ba", **_CENTRAL),
    _award("huan_chuong_ld_2", "Huân chương Lao động hạng Nhì", "ic", ("7.5", "15.0", None),
           "Chủ tịch nước (tỉnh đề nghị)",
           decision_subject="Về việc đề nghị tặng thưởng Huân chương Lao động hạng Nhì", **_CENTRAL),
    _award("huan_chuong_ld_1", "Huân chương Lao động hạng Nhất", "ic", ("9.0", "18.0", None),
           "Chủ tịch nước (tỉnh đề nghị)",
           decision_subject="Về việc đề nghị tặng thưởng Huân chương Lao động hạng Nhất", **_CENTRAL),
    _award("co_thi_dua_cp", "Cờ thi đua của Chính phủ", "c", (None, "12.0", None),
           "Chính phủ (tỉnh đề nghị)", via_cluster=True,
           decision_subject="Về việc đề nghị tặng Cờ thi đua của Chính phủ", **_CENTRAL, **_TITLE),
    _award("bang_khen_ttg", "Bằng khen của Thủ tướng Chính phủ", "ic", ("3.5", "7.0", None),
           "Thủ tướng Chính phủ (tỉnh đề nghị)",
           decision_subject="Về việc đề nghị tặng Bằng khen của Thủ tướng Chính phủ", **_CENTRAL),
    _award("co_thi_dua_tinh", "Cờ thi đua của Ủy ban nhân dân tỉnh", "c", (None, "8.0", None),
           _CHAIRMAN, via_cluster=True, required=("bien_ban_hop_cum",),
           decision_subject="Về việc tặng Cờ thi đua của Ủy ban nhân dân tỉnh", **_TITLE),
    _award("bang_khen_tinh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "ich", ("1.5", "3.0", "2.25"),
           _CHAIRMAN, decision_subject="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"),
    _award("giay_khen", "Giấy khen", "ich", ("0.3", "0.6", "0.45"), _UNIT_HEAD, level=AwardLevel.UNIT),
    _award("cstd_toan_quoc", "Chiến sĩ thi đua toàn quốc", "i", ("4.5", None, None),
           "Thủ tướng Chính phủ (tỉnh đề nghị)", required=("xac_nhan_sang_kien",),
           decision_subject="Về việc đề nghị tặng danh hiệu Chiến sĩ thi đua toàn quốc",
           **dict(_CENTRAL, approval_threshold=Decimal("0.9")), **_TITLE),
    _award("cstd_tinh", "Chiến sĩ thi đua cấp tỉnh", "i", ("3.0", None, None), _CHAIRMAN,
           approval_threshold=Decimal("0.9"), required=("xac_nhan_sang_kien",),
           decision_subject="Về việc tặng danh hiệu Chiến sĩ thi đua cấp tỉnh", **_TITLE),
    _award("cstd_co_so", "Chiến sĩ thi đua cơ sở", "i", ("1.0", None, None), _UNIT_HEAD,
           level=AwardLevel.UNIT, required=("xac_nhan_sang_kien",), **_TITLE),
    _award("lao_dong_tien_tien", "Lao động tiên tiến", "i", ("0.3", None, None), _UNIT_HEAD,
           level=AwardLevel.UNIT, **_TITLE),
    _award("tt_ldxs", "Tập thể lao động xuất sắc", "c", (None, "1.5", None),
           "Cấp tỉnh (Chủ tịch UBND tỉnh; thủ trưởng sở, ban, ngành)",
           decision_subject="Về việc tặng danh hiệu Tập thể lao động xuất sắc", **_TITLE),
    _award("tt_ldtt", "Tập thể lao động tiên tiến", "c", (None, "0.8", None), _UNIT_HEAD,
           level=AwardLevel.UNIT, **_TITLE),
]

MOVEMENT = dict(
    name="Thi đua đổi mới sáng tạo và chuyển đổi số", start_year=2025, end_year=2030,
    description="Phong trào thi đua giai đoạn 2025–2030 của tỉnh Gia Lai; sơ kết giữa kỳ năm 2027, "
                "tổng kết năm 2030.",
)

# name, year, kind, in the movement?, submission deadline. Both yearly rounds stay open so the
# demo can still create dossiers in either.
CAMPAIGNS = [
    dict(name="Năm 2025", year=2025, kind=CampaignKind.YEARLY, in_movement=True, submission_deadline=None),
    dict(name="Năm 2026", year=2026, kind=CampaignKind.YEARLY, in_movement=True, submission_deadline=None),
    dict(name="Khen thưởng đột xuất năm 2025: phòng, chống thiên tai", year=2025, kind=CampaignKind.AD_HOC,
         in_movement=False, submission_deadline=None),
]
CAMPAIGN_2025, CAMPAIGN_2026, CAMPAIGN_AD_HOC = (str(c["name"]) for c in CAMPAIGNS)


def load_attachment_types(tally: Tally) -> dict[str, AttachmentType]:
    existing = {t.code: t for t in db.session.scalars(select(AttachmentType))}
    for order, (code, name, description) in enumerate(ATTACHMENT_TYPES, start=1):
        if code in existing:
            tally.present("attachment types")
            continue
        existing[code] = AttachmentType(code=code, name=name, description=description, sort_order=order * 10)
        db.session.add(existing[code])
        tally.created("attachment types")
    db.session.flush()
    return existing


def load_awards(tally: Tally, types: dict[str, AttachmentType]) -> dict[str, Award]:
    existing = {a.code: a for a in db.session.scalars(select(Award))}
    for order, row in enumerate(AWARDS, start=1):
        if row["code"] in existing:
            tally.present("awards")
            award = existing[row["code"]]
            # Awards loaded before subjects were part of the demo have an empty one; an edited one stays.
            if not award.decision_subject and row["decision_subject"]:
                award.decision_subject = row["decision_subject"]
                tally.repaired("filled in decision subjects")
            continue
        fields = {k: v for k, v in row.items() if k != "required"}
        award = Award(sort_order=order * 10, active=True, **fields)
        award.required_attachment_types = [types[code] for code in row["required"]]
        db.session.add(award)
        existing[award.code] = award
        tally.created("awards")
    db.session.flush()
    return existing


def load_eligibility_rules(tally: Tally, awards: dict[str, Award]) -> None:
    """The seed eligibility rules of both decrees (app/eligibility/seed.py) for awards without them."""
    result = seed_rules(awards)
    tally.created("eligibility rules", result.created)
    tally.present("eligibility rules", result.present)


def load_campaigns(tally: Tally) -> dict[str, Campaign]:
    movement = db.session.scalar(select(Movement).where(Movement.name == MOVEMENT["name"]))
    if movement is None:
        movement = Movement(**MOVEMENT)
        db.session.add(movement)
        tally.created("movements")
    else:
        tally.present("movements")
    existing = {c.name: c for c in db.session.scalars(select(Campaign))}
    for row in CAMPAIGNS:
        if row["name"] in existing:
            tally.present("campaigns")
            continue
        fields = {k: v for k, v in row.items() if k != "in_movement"}
        campaign = Campaign(movement=movement if row["in_movement"] else None, is_open=True, **fields)
        db.session.add(campaign)
        existing[campaign.name] = campaign
        tally.created("campaigns")
    db.session.flush()
    return existing
