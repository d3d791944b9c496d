"""Demo periodic reports (issue 11): the movement's figures and schedule, and the report round of the first
half of 2026 with some units submitted on time, some late, one returned for correction and the rest owing.

Written through app/reports/operations.py (the round opened on 20/06/2026, deadline 10 working days after
30/06, i.e. 14/07/2026), so every report has its history. Idempotent: figures by code, the schedule by
frequency, the round by its period; an existing round is left as it is.
"""
import random
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from app.demo.catalogue import MOVEMENT
from app.demo.tally import Tally
from app.extensions import db
from app.models import Movement, Role, User
from app.models.reports import FigureType, ReportFigure, ReportFrequency, ReportRound, RoundKind, UnitReport
from app.models.target_groups import TargetGroup
from app.reports import operations
from app.reports.values import field_name

OPENED_ON = date(2026, 6, 20)
# code, label, type, min, max, unit of measure, target group (None: all)
FIGURES = [
    ("TTHC", "Tỷ lệ thủ tục hành chính giải quyết trực tuyến toàn trình", FigureType.PERCENT, None, None, "%", None),
    ("SK", "Số sáng kiến, giải pháp đổi mới sáng tạo được công nhận", FigureType.INTEGER, 0, None, "sáng kiến", None),
    ("HSS", "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng", FigureType.PERCENT, None, None, "%", None),
    ("DT", "Số lượt cán bộ được đào tạo, bồi dưỡng kỹ năng số", FigureType.INTEGER, 0, None, "lượt người", None),
    ("KP", "Kinh phí đầu tư cho chuyển đổi số", FigureType.DECIMAL, 0, None, "triệu đồng", None),
    ("DVC", "Số dịch vụ công trực tuyến toàn trình đã cung cấp", FigureType.INTEGER, 0, None, "dịch vụ",
     TargetGroup.AGENCIES_AND_LOCALITIES),
    ("HV", "Số hội viên, đoàn viên tham gia nền tảng số", FigureType.INTEGER, 0, None, "người",
     TargetGroup.FRONT_AND_MASS_ORGANISATIONS),
    ("DN", "Mức độ chuyển đổi số của doanh nghiệp (tự đánh giá)", FigureType.DECIMAL, 0, 100, "điểm",
     TargetGroup.ENTERPRISES),
    ("MH", "Mô hình, cách làm hay tiêu biểu", FigureType.TEXT, None, None, "", None),
]
SCHEDULES = [(ReportFrequency.HALF_YEARLY, 10), (ReportFrequency.YEARLY, 15)]
# Of the units that have a demo officer: (count, submitted on) — on time, then late; one returned; the rest owe.
ON_TIME = (6, [date(2026, 7, 8), date(2026, 7, 10), date(2026, 7, 13), date(2026, 7, 14)])
LATE = (3, [date(2026, 7, 16), date(2026, 7, 20)])


def _appraiser() -> User | None:
    return db.session.scalar(select(User).where(User.role == Role.APPRAISER, User.active.is_(True)).order_by(User.id))


def _value(rng: random.Random, figure: ReportFigure) -> str:
    if figure.value_type is FigureType.PERCENT:
        return str(rng.randint(55, 100))
    if figure.value_type is FigureType.DECIMAL:
        return f"{rng.randint(10, 900)},{rng.randint(0, 9)}"
    if figure.value_type is FigureType.TEXT:
        return rng.choice(["Mô hình “Một cửa số” tại bộ phận tiếp nhận.", "Ứng dụng chữ ký số trong văn bản.", ""])
    return str(rng.randint(0, 40))


def load_reports(tally: Tally) -> None:
    movement = db.session.scalar(select(Movement).where(Movement.name == MOVEMENT["name"]))
    appraiser = _appraiser()
    if movement is None or appraiser is None:
        return
    tally.declare("report figures", "report rounds", "unit reports")
    existing = {f.code for f in db.session.scalars(select(ReportFigure).where(ReportFigure.movement_id == movement.id))}
    for position, (code, label, kind, low, high, measure, group) in enumerate(FIGURES, start=1):
        if code in existing:
            tally.present("report figures")
            continue
        operations.save_figure(appraiser, movement, operations.FigureData(
            code=code, label=label, value_type=kind, min_value=Decimal(low) if low is not None else None,
            max_value=Decimal(high) if high is not None else None, target_group=group, unit_of_measure=measure,
            position=position))
        tally.created("report figures")
    for frequency, deadline_days in SCHEDULES:
        operations.set_schedule(appraiser, movement, frequency, deadline_days, True)
    round_id = db.session.scalar(select(ReportRound.id).where(
        ReportRound.movement_id == movement.id, ReportRound.kind == RoundKind.HALF_YEAR, ReportRound.year == 2026,
        ReportRound.part == 1))
    if round_id is not None:
        tally.present("report rounds")
        tally.present("unit reports", db.session.scalar(
            select(func.count()).select_from(UnitReport).where(UnitReport.round_id == round_id)) or 0)
        return
    report_round = operations.open_round(appraiser, movement, RoundKind.HALF_YEAR, 2026, 1, 10, today=OPENED_ON)
    tally.created("report rounds")
    db.session.flush()
    reports = db.session.scalars(select(UnitReport).where(UnitReport.round_id == report_round.id)
                                 .order_by(UnitReport.unit_id)).all()
    tally.created("unit reports", len(reports))
    officers = {u.unit_id: u for u in db.session.scalars(
        select(User).where(User.role == Role.OFFICER, User.active.is_(True)).order_by(User.id.desc()))}
    fillable = [r for r in reports if r.unit_id in officers]
    rng = random.Random(2026)
    plan: list[tuple[UnitReport, date]] = []
    on_time, on_time_days = ON_TIME
    plan += [(r, on_time_days[i % len(on_time_days)]) for i, r in enumerate(fillable[:on_time])]
    late, late_days = LATE
    plan += [(r, late_days[i % len(late_days)]) for i, r in enumerate(fillable[on_time:on_time + late])]
    returned = fillable[on_time + late] if len(fillable) > on_time + late else None
    if returned is not None:
        plan.append((returned, date(2026, 7, 9)))
    for report, day in plan:
        form = {field_name(f): _value(rng, f) for f in operations.figures_for(report)}
        form["narrative"] = "Đơn vị đã triển khai kế hoạch thực hiện phong trào; khó khăn: thiếu nhân lực công nghệ."
        operations.save_report(officers[report.unit_id], report, form, submit=True, today=day)
    if returned is not None:
        operations.return_report(appraiser, returned, "Tỷ lệ thủ tục trực tuyến chưa khớp số liệu trên Cổng dịch vụ "
                                                      "công; đề nghị rà soát và gửi lại.")
    db.session.flush()
