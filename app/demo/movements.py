"""Demo launch of the seed movement (issue 11): Sở Nội vụ's plan with its phases (2025–2027, 2027–2030), content
groups and criteria for the four target groups of the seed's section III, the plan deadline (30/06/2025) and
yearly registration deadlines; a few units' own plans (on time and late) and registrations for 2026; and
Sở KH&CN's digital-transformation scores of the demo enterprises.

Written through app/movements/operations.py, so each step has its history row. Idempotent: the launch by its
movement, a plan or registration by unit (and year), a score by unit and year; what exists is left as it is.
"""
import io
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from app.demo.attachments import pdf_bytes
from app.demo.catalogue import MOVEMENT
from app.demo.tally import Tally
from app.extensions import db
from app.models import Award, Movement, Role, Unit, UnitKind, User
from app.models.movement_plans import DigitalTransformationScore, TargetKind, UnitPlan
from app.models.target_groups import TargetGroup
from app.movements import operations
from app.movements.operations import GroupInput

PLAN_DEADLINE = date(2025, 6, 30)
PHASES = [("Giai đoạn 2025–2027 (sơ kết giữa kỳ)", 2025, 2027), ("Giai đoạn 2027–2030 (tổng kết)", 2027, 2030)]
REGISTRATION_YEARS = [(2025, date(2025, 3, 31)), (2026, date(2026, 1, 31)), (2027, date(2027, 1, 29))]
A, F, E, IND = (TargetGroup.AGENCIES_AND_LOCALITIES, TargetGroup.FRONT_AND_MASS_ORGANISATIONS,
              TargetGroup.ENTERPRISES, TargetGroup.INDIVIDUALS)
NUM, TEXT = TargetKind.NUMBER, TargetKind.TEXT
# target group, code, title, criteria, target kind, unit, min, max
GROUPS = [
    (A, "CQ1", "Cải cách hành chính và dịch vụ công trực tuyến",
     "Tỷ lệ thủ tục hành chính giải quyết trực tuyến toàn trình; hồ sơ xử lý trên môi trường mạng.", NUM, "%", 0, 100),
    (A, "CQ2", "Đổi mới sáng tạo trong thực thi công vụ",
     "Số sáng kiến, giải pháp được công nhận và áp dụng; mô hình hay.", NUM, "sáng kiến", 0, 500),
    (A, "CQ3", "Chính quyền số, dữ liệu số", "Kết nối, chia sẻ dữ liệu; ứng dụng chữ ký số.", TEXT, "", None, None),
    (F, "MT1", "Vận động hội viên, đoàn viên tham gia chuyển đổi số",
     "Số hội viên, đoàn viên dùng nền tảng số; phong trào “Bình dân học vụ số”.", NUM, "người", 0, 1_000_000),
    (F, "MT2", "Giám sát, phản biện xã hội về chuyển đổi số", "Các cuộc giám sát, hội nghị phản biện.", TEXT, "",
     None, None),
    (E, "DN1", "Mức độ chuyển đổi số của doanh nghiệp",
     "Theo bộ tiêu chí đánh giá của Sở Khoa học và Công nghệ (mức 0 đến 6).", NUM, "mức", 0, 6),
    (E, "DN2", "Đổi mới công nghệ, sản phẩm", "Sản phẩm, quy trình mới; hóa đơn, hợp đồng điện tử.", TEXT, "",
     None, None),
    (IND, "CN1", "Cá nhân tiêu biểu trong đổi mới sáng tạo",
     "Có sáng kiến, giải pháp được công nhận; gương người tốt việc tốt trong chuyển đổi số (tiêu chí xét khen, "
     "cá nhân không đăng ký).", TEXT, "", None, None),
]
# unit code, plan uploaded on (None: not yet), registered on for 2026 (None: not registered)
UNITS = [("SKHCN", date(2025, 6, 20), date(2026, 1, 15)), ("SYT", date(2025, 6, 30), date(2026, 1, 20)),
         ("STC", date(2025, 7, 8), date(2026, 1, 28)), ("SNV", date(2025, 6, 25), None),
         ("CANGQN", date(2025, 7, 2), date(2026, 1, 22))]
ENTERPRISE_SCORES = [(2025, Decimal("512.5"), 3), (2024, Decimal("431"), 2)]


def _officer(unit: Unit) -> User | None:
    return db.session.scalar(select(User).where(User.unit_id == unit.id, User.role == Role.OFFICER,
                                                User.active.is_(True)).order_by(User.id))


def load_movement_launch(tally: Tally, written: list[str]) -> None:
    movement = db.session.scalar(select(Movement).where(Movement.name == MOVEMENT["name"]))
    appraiser = db.session.scalar(select(User).where(User.role == Role.APPRAISER).order_by(User.id))
    if movement is None or appraiser is None:
        return
    tally.declare("launched movements", "units' plans", "registrations", "digital-transformation scores")
    launch = operations.launch_of(movement)
    if launch is not None:
        tally.present("launched movements")
    else:
        launch = operations.save_launch(
            movement, appraiser, plan_reference="Kế hoạch số 125/KH-UBND ngày 20/3/2025 của UBND tỉnh",
            summary="Phát động phong trào thi đua đổi mới sáng tạo và chuyển đổi số giai đoạn 2025–2030; "
                    "sơ kết năm 2027, tổng kết năm 2030.", plan_deadline=PLAN_DEADLINE)
        document = pdf_bytes("Kế hoạch phát động phong trào", ["Ke hoach so 125/KH-UBND", str(MOVEMENT["name"])])
        operations.attach_plan_document(launch, appraiser, io.BytesIO(document), "ke-hoach-125-KH-UBND.pdf")
        written.append(launch.stored_name or "")
        for name, start, end in PHASES:
            operations.add_phase(launch, appraiser, name, start, end)
        for group, code, title, criteria, kind, unit_label, low, high in GROUPS:
            operations.add_content_group(launch, appraiser, GroupInput(
                group, code, title, criteria, kind, unit_label, None if low is None else Decimal(low),
                None if high is None else Decimal(high)))
        for year, deadline in REGISTRATION_YEARS:
            operations.set_registration_year(launch, appraiser, year, deadline)
        operations.publish(launch, appraiser)
        tally.created("launched movements")
    awards = [a for a in db.session.scalars(select(Award).where(Award.code.in_(("co_thi_dua_tinh", "tt_ldxs"))))]
    for code, plan_on, registered_on in UNITS:
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
        officer = _officer(unit) if unit else None
        if unit is None or officer is None:
            continue
        if db.session.scalar(select(UnitPlan.id).where(UnitPlan.movement_id == movement.id,
                                                       UnitPlan.unit_id == unit.id)):
            tally.present("units' plans")
        elif plan_on is not None:
            content = pdf_bytes(f"Kế hoạch triển khai của {unit.name}", ["Ke hoach trien khai phong trao"])
            plan, _old = operations.upload_unit_plan(launch, unit, officer, io.BytesIO(content),
                                                     f"ke-hoach-{code.lower()}.pdf", plan_on)
            written.append(plan.stored_name or "")
            tally.created("units' plans")
        if registered_on is None:
            continue
        if operations.existing_registration(launch, unit.id, 2026) is not None:
            tally.present("registrations")
            continue
        targets = {g.id: ("90" if g.unit_label == "%" else "5") if g.target_kind is TargetKind.NUMBER
                   else "Triển khai ký số 100% văn bản đi; số hóa hồ sơ lưu trữ." for g in
                   operations.groups_for(launch, unit)}
        operations.register(launch, unit, officer, 2026, targets=targets, award_ids=[a.id for a in awards],
                            commitment="Hoàn thành xuất sắc các chỉ tiêu đăng ký.", today=registered_on)
        tally.created("registrations")
    for enterprise in db.session.scalars(select(Unit).where(Unit.kind == UnitKind.ENTERPRISE,
                                                            Unit.valid_to.is_(None)).order_by(Unit.code)):
        for year, score, level in ENTERPRISE_SCORES:
            if db.session.scalar(select(DigitalTransformationScore.id).where(
                    DigitalTransformationScore.unit_id == enterprise.id, DigitalTransformationScore.year == year)):
                tally.present("digital-transformation scores")
                continue
            db.session.add(DigitalTransformationScore(unit_id=enterprise.id, year=year, score=score, level=level,
                                                      note="Sở KH&CN đánh giá", imported_by_id=appraiser.id))
            tally.created("digital-transformation scores")
    db.session.flush()
