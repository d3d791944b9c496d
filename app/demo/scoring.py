"""Cluster scoring of the demo: the demo lead's bloc and the West cluster of communes and wards.

The bloc has a locked 2025 round that puts SKHCN first and an open 2026 round. The West cluster has
a locked 2025 round that puts Xã Ia Grai first: the workflow endorses a flag proposal only for the
unit a locked ranking proposes, and Ia Grai's has passed the cluster stage (app/demo/plan.py).
Built through app/scoring/operations.py acting as the demo users (the lead opens, adjusts, records
the vote and locks; each member's officer scores and its head submits), so every check the screens
make is made here too. The criteria table itself is added directly, as the table editor does. Audit
times are then moved to when the work happened: the 2025 rounds in the autumn of 2025, the 2026 one
in the last days. A round that exists is left as it is.
"""
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.demo.org import HOME_UNIT, cluster_of, lead_username
from app.demo.tally import Tally
from app.extensions import db
from app.models import (
    Cluster,
    ClusterKind,
    ClusterMeeting,
    ClusterMeetingAttendance,
    ClusterScoring,
    ItemKind,
    ScoreSheet,
    ScoringGroup,
    ScoringItem,
    Unit,
    User,
)
from app.models.base import local_today
from app.scoring import operations as ops
from app.workflow.calendar import WorkingCalendar

# (group, [(code, criterion, maximum, guidance, note when (nearly) full, note otherwise)]); sums to 100.
GROUPS = [
    ("I. Thực hiện nhiệm vụ chính trị, chuyên môn được giao", [
        ("1.1", "Hoàn thành các chỉ tiêu, nhiệm vụ trọng tâm trong năm được UBND tỉnh giao", 20,
         "Hoàn thành 100% chỉ tiêu: 20 điểm; mỗi chỉ tiêu không đạt trừ 2 điểm.",
         "Hoàn thành 100% chỉ tiêu, nhiệm vụ được giao tại quyết định giao kế hoạch năm.",
         "Còn chỉ tiêu giải ngân vốn đầu tư công chưa đạt kế hoạch."),
        ("1.2", "Cải cách hành chính; kết quả Chỉ số cải cách hành chính (PAR INDEX) và Chỉ số hài lòng (SIPAS)", 10,
         "Nhóm Tốt trở lên: 10 điểm; nhóm Khá: 7 điểm; nhóm Trung bình: 4 điểm.",
         "PAR INDEX năm trước xếp nhóm Tốt; SIPAS đạt trên 90%.", "PAR INDEX năm trước xếp nhóm Khá."),
        ("1.3", "Chuyển đổi số; tỷ lệ hồ sơ thủ tục hành chính giải quyết trực tuyến toàn trình", 10,
         "Từ 80% trở lên: 10 điểm; dưới 80%: tính theo tỷ lệ đạt được.",
         "Tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 85%.", "Tỷ lệ hồ sơ trực tuyến toàn trình đạt khoảng 70%."),
        ("1.4", "Thực hiện chế độ thông tin, báo cáo đúng thời hạn, đúng nội dung", 5,
         "Mỗi báo cáo chậm hoặc thiếu nội dung trừ 0,5 điểm.",
         "Gửi đầy đủ, đúng hạn các báo cáo định kỳ và đột xuất.", "Có 02 báo cáo gửi chậm so với thời hạn."),
        ("1.5", "Công tác thanh tra, kiểm tra; tiếp công dân, giải quyết khiếu nại, tố cáo", 5,
         "Giải quyết 100% đơn thư thuộc thẩm quyền đúng hạn: 5 điểm.",
         "Giải quyết 100% đơn thư thuộc thẩm quyền đúng hạn.", "Còn 01 vụ việc giải quyết quá hạn."),
    ]),
    ("II. Công tác thi đua, khen thưởng", [
        ("2.1", "Ban hành kế hoạch, phát động và tổ chức phong trào thi đua thường xuyên, theo chuyên đề", 7,
         "Có kế hoạch, phát động, sơ kết, tổng kết đầy đủ: 7 điểm.",
         "Ban hành kế hoạch thi đua năm, phát động 03 đợt thi đua chuyên đề; sơ kết, tổng kết đầy đủ.",
         "Có kế hoạch và phát động thi đua; chưa sơ kết đợt thi đua chuyên đề."),
        ("2.2", "Tham gia hoạt động của Khối: ký kết giao ước thi đua, hội nghị, kiểm tra chéo", 6,
         "Vắng mỗi hoạt động của Khối không có lý do trừ 2 điểm.",
         "Tham gia đầy đủ các hoạt động của Khối.", "Vắng 01 buổi kiểm tra chéo của Khối."),
        ("2.3", "Phát hiện, bồi dưỡng, tuyên truyền, nhân rộng điển hình tiên tiến", 6,
         "Có ít nhất 02 điển hình được giới thiệu trên phương tiện thông tin đại chúng: 6 điểm.",
         "Giới thiệu 03 điển hình tiên tiến trên Báo Gia Lai và Cổng thông tin điện tử tỉnh.",
         "Giới thiệu 01 điển hình tiên tiến."),
        ("2.4", "Thực hiện quy trình, thủ tục, hồ sơ khen thưởng đúng quy định, đúng thời hạn", 6,
         "Mỗi hồ sơ bị trả lại do sai sót trừ 1 điểm.",
         "Hồ sơ khen thưởng đầy đủ, đúng hạn; không có hồ sơ bị trả lại.", "Có 01 hồ sơ bị trả lại để bổ sung."),
    ]),
    ("III. Xây dựng tổ chức, đoàn thể và chăm lo đời sống người lao động", [
        ("3.1", "Xây dựng tổ chức Đảng, chính quyền, đoàn thể trong sạch, vững mạnh", 8,
         "Tổ chức Đảng hoàn thành tốt nhiệm vụ trở lên và các đoàn thể vững mạnh: 8 điểm.",
         "Tổ chức Đảng hoàn thành xuất sắc nhiệm vụ; các đoàn thể xếp loại vững mạnh.",
         "Tổ chức Đảng hoàn thành tốt nhiệm vụ."),
        ("3.2", "Thực hành tiết kiệm, chống lãng phí; phòng, chống tham nhũng, tiêu cực", 7,
         "Không có cán bộ vi phạm và tiết kiệm chi thường xuyên đạt kế hoạch: 7 điểm.",
         "Không có cán bộ vi phạm; tiết kiệm 10% chi thường xuyên theo kế hoạch.",
         "Tiết kiệm chi thường xuyên chưa đạt kế hoạch."),
        ("3.3", "Chăm lo đời sống vật chất, tinh thần cho cán bộ, công chức, người lao động", 5, "",
         "Thăm hỏi, hỗ trợ kịp thời đoàn viên khó khăn; thu nhập tăng thêm ổn định.",
         "Thực hiện đầy đủ chế độ, chính sách cho người lao động."),
        ("3.4", "Tham gia hoạt động xã hội, từ thiện, nhân đạo; ủng hộ Quỹ “Vì người nghèo”", 5, "",
         "Ủng hộ Quỹ “Vì người nghèo” và khắc phục hậu quả thiên tai bình quân 01 ngày lương.",
         "Tham gia ủng hộ các quỹ theo phát động."),
    ]),
]
# (code, kind, name, maximum, guidance, excludes from ranking)
EXTRAS = [
    ("C1", ItemKind.BONUS, "Được tặng Cờ thi đua của UBND tỉnh năm trước", 10,
     "Cộng 10 điểm cho đơn vị được tặng Cờ thi đua của UBND tỉnh năm trước.", False),
    ("C2", ItemKind.BONUS, "Có mô hình, sáng kiến được UBND tỉnh hoặc bộ, ngành Trung ương công nhận, nhân rộng", 5,
     "Mỗi mô hình, sáng kiến cộng 2,5 điểm; tối đa 5 điểm.", False),
    ("T1", ItemKind.PENALTY, "Chậm gửi báo cáo, hồ sơ thi đua theo yêu cầu của Khối", 5,
     "Mỗi lần chậm trừ 1 điểm; tối đa 5 điểm.", False),
    ("T2", ItemKind.PENALTY, "Tập thể lãnh đạo hoặc người đứng đầu bị kỷ luật; để xảy ra tham nhũng, tai nạn lao "
     "động nghiêm trọng hoặc vi phạm pháp luật bị xử lý", 10,
     "Nhập 10 nếu có vi phạm: đơn vị không được xếp hạng, suy tôn trong năm.", True),
]


@dataclass(frozen=True)
class Profile:
    level: float  # share of each criterion's maximum the unit scores itself, before small variations
    extras: dict = field(default_factory=dict)  # bonus and penalty code -> (score, note)
    criteria: dict = field(default_factory=dict)  # criterion code -> (score, note) where the unit claims more


# How the members did in 2025. The bloc: SKHCN clearly first, the 2024 flag holder (SCT) second;
# the West cluster: Xã Ia Grai clearly first.
PROFILES = {
    HOME_UNIT: Profile(0.97, {"C2": ("5", "Sáng kiến “Nền tảng dữ liệu mở về khoa học và công nghệ” và mô hình "
                                           "“Phòng thí nghiệm số” được UBND tỉnh công nhận, nhân rộng.")}),
    "SCT": Profile(0.87, {"C1": ("10", "Được tặng Cờ thi đua của UBND tỉnh năm 2024."),
                          "T1": ("1", "Chậm gửi báo cáo sơ kết 6 tháng của Khối.")},
                   {"1.3": ("10", "Tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 80%.")}),
    "STC": Profile(0.90, {"C2": ("2.5", "Mô hình “Kho bạc số - thanh toán không dùng tiền mặt” được nhân rộng.")}),
    "SNNMT": Profile(0.86),
    "CANGQN": Profile(0.84),
    "SXD": Profile(0.83, {"T1": ("2", "Chậm gửi 02 báo cáo theo yêu cầu của Khối.")}),
    "CSCHUSE": Profile(0.86, {"T2": ("10", "Tháng 8/2025 xảy ra 01 vụ tai nạn lao động nghiêm trọng tại Nông "
                                            "trường Cao su số 1.")}),
    "XIAGRAI": Profile(0.96, {"C2": ("5", "Mô hình “Thôn thông minh” và “Chợ nông sản trực tuyến” của xã được "
                                          "UBND tỉnh công nhận, nhân rộng.")}),
    "PPLEIKU": Profile(0.88),
}
DEFAULT_PROFILE = Profile(0.8)
# The lead's one adjustment in 2025: (unit, item, new score, reason).
ADJUSTMENT = ("SCT", "1.3", "8.5", "Theo số liệu của Trung tâm Phục vụ hành chính công, tỷ lệ hồ sơ trực tuyến toàn "
              "trình của Sở đạt 78%, chưa đạt 80%; theo thang điểm được 8,5 điểm.")
# The clusters the demo scores: (a member naming the cluster, years, first day of the 2025 round, the
# lead's adjustment in 2025). Each is run by the account of its 2025 lead unit.
SCORED_CLUSTERS = [
    (HOME_UNIT, (2025, 2026), date(2025, 11, 10), ADJUSTMENT),
    ("XIAGRAI", (2025,), date(2025, 11, 12), None),
]


def _utc(day: date, hour: int = 2, minute: int = 0) -> datetime:
    """09:00 in Gia Lai is 02:00 UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _worded(text: str, scoring: ClusterScoring) -> str:
    """The table is written for a bloc (Khối); a cluster of communes and wards is a Cụm."""
    return text.replace("Khối", "Cụm") if scoring.cluster.kind is ClusterKind.CLUSTER else text


def _build_table(scoring: ClusterScoring) -> None:
    order = 0
    for group_order, (group_name, criteria) in enumerate(GROUPS, start=1):
        group = ScoringGroup(scoring=scoring, name=group_name, sort_order=group_order)
        db.session.add(group)
        for code, name, maximum, guidance, *_notes in criteria:
            order += 1
            db.session.add(ScoringItem(scoring=scoring, group=group, kind=ItemKind.CRITERION, code=code,
                                       name=_worded(name, scoring), guidance=_worded(guidance, scoring),
                                       max_score=Decimal(maximum), sort_order=order))
    for code, kind, name, maximum, guidance, excludes in EXTRAS:
        order += 1
        db.session.add(ScoringItem(scoring=scoring, kind=kind, code=code, name=_worded(name, scoring),
                                   guidance=_worded(guidance, scoring), max_score=Decimal(maximum),
                                   excludes_from_ranking=excludes, sort_order=order))
    db.session.flush()


def _self_scores(scoring: ClusterScoring, unit_code: str, codes: set[str] | None = None) -> dict[int, tuple[str, str]]:
    """The form values a member types: a score per criterion in half points, with its note."""
    profile = PROFILES.get(unit_code, DEFAULT_PROFILE)
    if scoring.year != 2025:
        profile = Profile(profile.level)  # the bonuses, penalties and claims are facts of 2025
    notes = {code: (full, partial) for _, criteria in GROUPS for code, _n, _m, _g, full, partial in criteria}
    values = {}
    for item in scoring.items:
        if codes is not None and item.code not in codes:
            continue
        if item.kind is ItemKind.CRITERION and item.code in profile.criteria:
            values[item.id] = profile.criteria[item.code]
        elif item.kind is ItemKind.CRITERION:
            rng = random.Random(f"{scoring.year}:{unit_code}:{item.code}")
            share = min(1.0, profile.level * rng.uniform(0.95, 1.05))
            score = min(item.max_score, Decimal(round(float(item.max_score) * share * 2)) / 2)
            full, partial = notes.get(item.code, ("", ""))
            note = full if score >= item.max_score * Decimal("0.9") else partial
            values[item.id] = (str(score), _worded(note, scoring))
        elif item.code in profile.extras:
            values[item.id] = profile.extras[item.code]
    return values


def _sheet(scoring: ClusterScoring, unit: Unit) -> ScoreSheet:
    return next(sheet for sheet in scoring.sheets if sheet.unit_id == unit.id)


def _member_accounts(code: str, users: dict[str, User]) -> tuple[User, User]:
    if code == HOME_UNIT:
        return users["officer"], users["unithead"]
    return users[f"officer.{code.lower()}"], users[f"head.{code.lower()}"]


def _members(scoring: ClusterScoring, units: dict[str, Unit]) -> list[tuple[str, Unit]]:
    by_id = {unit.id: (code, unit) for code, unit in units.items()}
    return [by_id[unit_id] for unit_id in sorted(ops.member_unit_ids(scoring)) if unit_id in by_id]


def _acclamation(members: int) -> list[tuple[int, int, int]]:
    """The members' votes on the units proposed (flag, then Bằng khen): for, against, abstain."""
    return [(members, 0, 0), (members - 1, 0, 1), (members - 2, 1, 1)]


def _round_2025(lead: User, cluster: Cluster, units: dict[str, Unit], users: dict[str, User], start: date,
                adjustment: tuple[str, str, str, str] | None) -> ClusterScoring:
    """Created on ``start``, scored by every member within three weeks, voted and locked a month later."""
    scoring = ops.create_round(lead, cluster.id, 2025, at=_utc(start))
    _build_table(scoring)
    ops.open_round(lead, scoring, start + timedelta(days=25), at=_utc(start + timedelta(days=4)))
    members = _members(scoring, units)
    for number, (code, unit) in enumerate(members):
        officer, head = _member_accounts(code, users)
        sheet = _sheet(scoring, unit)
        errors = ops.save_self_scores(officer, sheet, _self_scores(scoring, code))
        assert not errors, (code, errors)
        ops.submit_sheet(head, sheet, at=_utc(start + timedelta(days=17 + number % 7), 3 + number % 5))
    if adjustment is not None:
        unit_code, item_code, value, reason = adjustment
        sheet = _sheet(scoring, units[unit_code])
        entry = next(e for e in sheet.entries if e.item.code == item_code)
        ops.adjust(lead, entry, value, reason, at=_utc(start + timedelta(days=29), 7))
    ranked = ops.compute_ranking(scoring).ranked
    ops.record_votes(lead, scoring, {r.unit_id: votes for r, votes in zip(ranked, _acclamation(len(members)))},
                     at=_utc(start + timedelta(days=32), 3))
    _meeting(scoring, members, users, start + timedelta(days=32))
    ops.lock(lead, scoring, at=_utc(start + timedelta(days=32), 4))
    return scoring


def _meeting(scoring: ClusterScoring, members: list[tuple[str, Unit]], users: dict[str, User], day: date) -> None:
    """The meeting that voted, as the lead records it: held at the lead unit, every member but the last there."""
    lead_code, lead_unit = next(((c, u) for c, u in members if u.id == _lead_unit_id(scoring)), members[0])
    chair = _member_accounts(lead_code, users)[1]
    secretary = _member_accounts(lead_code, users)[0]
    kind = "Khối" if scoring.cluster.kind is ClusterKind.BLOC else "Cụm"
    db.session.add(ClusterMeeting(
        scoring=scoring, number=f"01/BB-{kind[0]}TĐ", held_on=day, starts_at=time(8, 0), ends_at=time(11, 0),
        place=f"Hội trường {lead_unit.name}", chair_name=chair.full_name,
        chair_position=f"Thủ trưởng {lead_unit.name}, Trưởng {kind.lower()} {scoring.cluster.name}",
        secretary_name=secretary.full_name, secretary_position=f"Công chức {lead_unit.name}",
        attendance=[ClusterMeetingAttendance(unit_id=unit.id, present=index < len(members) - 1)
                    for index, (_code, unit) in enumerate(members)]))


def _lead_unit_id(scoring: ClusterScoring) -> int | None:
    return next((ls.lead_unit_id for ls in scoring.cluster.leaderships if ls.year == scoring.year), None)


def _round_2026(lead: User, cluster: Cluster, source: ClusterScoring | None, units: dict[str, Unit],
                users: dict[str, User]) -> ClusterScoring:
    today, calendar = local_today(), WorkingCalendar.load()
    scoring = ops.create_round(lead, cluster.id, 2026, at=_utc(today - timedelta(days=12)))
    if source is not None:  # the bloc keeps last year's table
        ops.copy_table(lead, source, scoring, at=_utc(today - timedelta(days=12), 3))
    else:
        _build_table(scoring)
    ops.open_round(lead, scoring, calendar.add_working_days(today, 10), at=_utc(today - timedelta(days=10)))
    first_group = {code for code, *_ in GROUPS[0][1]}
    for code, unit in _members(scoring, units):
        officer, head = _member_accounts(code, users)
        sheet = _sheet(scoring, unit)
        if code in ("STC", "SCT"):  # done and submitted
            ops.save_self_scores(officer, sheet, _self_scores(scoring, code))
            ops.submit_sheet(head, sheet, at=_utc(today - timedelta(days=3 if code == "STC" else 2), 8))
        elif code == HOME_UNIT:  # the demo officer is half-way: the first group is scored
            ops.save_self_scores(officer, sheet, _self_scores(scoring, code, first_group))
        elif code == "SNNMT":
            ops.save_self_scores(officer, sheet, _self_scores(scoring, code, {"1.1", "1.2", "1.3"}))
    return scoring


def load_scoring(tally: Tally, units: dict[str, Unit], users: dict[str, User]) -> None:
    for member, years, start, adjustment in SCORED_CLUSTERS:
        spec = cluster_of(member, 2025)
        assert spec is not None
        lead_unit = spec.leadership[2025][0]
        cluster = db.session.scalar(select(Cluster).where(Cluster.name == spec.name))
        lead = users[lead_username(lead_unit)]
        if cluster is None or lead.unit_id != units[lead_unit].id:
            continue  # an administrator has reorganised the cluster: its scoring is theirs to run
        rounds = {s.year: s for s in db.session.scalars(
            select(ClusterScoring).where(ClusterScoring.cluster_id == cluster.id))}
        for year in years:
            if year in rounds:
                tally.present("scoring rounds")
                continue
            if year == 2025:
                rounds[year] = _round_2025(lead, cluster, units, users, start, adjustment)
            else:
                rounds[year] = _round_2026(lead, cluster, rounds.get(2025), units, users)
            tally.created("scoring rounds")
    db.session.flush()
