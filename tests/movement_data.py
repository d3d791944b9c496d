"""Test data of a launched movement (issue 11): a launch with phases, content groups for three target groups,
a registration year around today, and collective awards to aim for."""
from datetime import date, timedelta
from decimal import Decimal

from app.extensions import db
from app.models import Movement
from app.models.base import local_today, utcnow
from app.models.movement_plans import (
    ContentGroup,
    LaunchStatus,
    MovementLaunch,
    MovementPhase,
    RegistrationYear,
    TargetKind,
)
from app.models.target_groups import TargetGroup
from tests import factories

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def this_year() -> int:
    return local_today().year


def open_deadline() -> date:
    """A deadline still ahead (within this year)."""
    today = local_today()
    return min(today + timedelta(days=10), date(today.year, 12, 31))


def make_launch(*, published: bool = True, start: int = 2025, end: int = 2030, year: int | None = None,
                deadline: date | None = None, plan_deadline: date | None = None, name: str | None = None):
    movement = Movement(name=name or f"Phong trào đổi mới sáng tạo {next(factories._seq)}", start_year=start,
                        end_year=end)
    db.session.add(movement)
    launch = MovementLaunch(movement=movement, status=LaunchStatus.PUBLISHED if published else LaunchStatus.DRAFT,
                            plan_reference="Kế hoạch số 125/KH-UBND ngày 20/3/2025", summary="Phát động",
                            plan_deadline=plan_deadline or date(start, 6, 30),
                            published_at=utcnow() if published else None)
    db.session.add(launch)
    launch.phases = [MovementPhase(name="Giai đoạn 1", start_year=start, end_year=min(start + 2, end))]
    launch.content_groups = [
        ContentGroup(target_group=TargetGroup.AGENCIES_AND_LOCALITIES, code="CQ1",
                     title="Tỷ lệ hồ sơ trực tuyến toàn trình", target_kind=TargetKind.NUMBER, unit_label="%",
                     min_value=Decimal(0), max_value=Decimal(100), sort_order=1),
        ContentGroup(target_group=TargetGroup.AGENCIES_AND_LOCALITIES, code="CQ2", title="Sáng kiến cải cách",
                     target_kind=TargetKind.TEXT, sort_order=2),
        ContentGroup(target_group=TargetGroup.FRONT_AND_MASS_ORGANISATIONS, code="MT1", title="Vận động",
                     target_kind=TargetKind.TEXT, sort_order=3),
        ContentGroup(target_group=TargetGroup.ENTERPRISES, code="DN1", title="Mức chuyển đổi số",
                     target_kind=TargetKind.NUMBER, min_value=Decimal(0), max_value=Decimal(6), sort_order=4),
    ]
    launch.registration_years = [RegistrationYear(year=year or this_year(), deadline=deadline or open_deadline())]
    db.session.flush()
    return launch


def flag_awards():
    flag = factories.make_award("co_thi_dua_tinh", "Cờ thi đua của UBND tỉnh", for_individual=False)
    ldxs = factories.make_award("tt_ldxs", "Tập thể lao động xuất sắc", for_individual=False)
    return flag, ldxs


def registration_form(launch, unit, awards, **overrides) -> dict:
    """A complete registration POST for ``unit`` (its target group's content groups)."""
    data: dict = {"unit_id": str(unit.id), "commitment": "Cam kết hoàn thành",
                  "award_id": [str(a.id) for a in awards]}
    for group in launch.content_groups:
        data[f"target_{group.id}"] = "85,5" if group.target_kind is TargetKind.NUMBER else "Triển khai 2 sáng kiến"
        if group.code == "DN1":
            data[f"target_{group.id}"] = "3"
    data.update(overrides)
    return data
