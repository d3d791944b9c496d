"""Sở Nội vụ's desk for one round: every unit's report with its status, the day it came in and how late
it is in working days, and when the unit was last reminded (one query, lateness counted in Python from
the working calendar loaded once)."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.models import Unit
from app.models.reports import ReportReminder, ReportRound, ReportStatus, UnitReport
from app.models.target_groups import TargetGroup
from app.workflow.calendar import WorkingCalendar


@dataclass(frozen=True)
class DeskRow:
    report_id: int
    unit_name: str
    target_group: TargetGroup
    status: ReportStatus
    submitted_on: date | None
    reopened: bool
    last_reminded: date | None
    late_days: int  # working days after the deadline: of the submission, or until today if still owed

    @property
    def owed(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def late(self) -> bool:
        return self.late_days > 0


@dataclass(frozen=True)
class DeskSummary:
    total: int
    submitted: int  # submitted or accepted
    on_time: int
    late: int       # submitted after the deadline, or still owed past it
    owed: int


def lateness(due_on: date, submitted_on: date | None, today: date, calendar: WorkingCalendar) -> int:
    """Working days past the deadline: the submission's, or today's for a report still owed (0 if in time)."""
    end = submitted_on or today
    return calendar.working_days_between(due_on, end) if end > due_on else 0


def desk_rows(report_round: ReportRound, today: date, calendar: WorkingCalendar | None = None) -> list[DeskRow]:
    calendar = calendar or WorkingCalendar.load()
    reminded = (select(ReportReminder.report_id, func.max(ReportReminder.on_day).label("last"))
                .where(ReportReminder.kind == "manual").group_by(ReportReminder.report_id).subquery())
    rows = db.session.execute(
        select(UnitReport.id, Unit.name, UnitReport.target_group, UnitReport.status, UnitReport.submitted_on,
               UnitReport.reopened, reminded.c.last)
        .join(Unit, Unit.id == UnitReport.unit_id).outerjoin(reminded, reminded.c.report_id == UnitReport.id)
        .where(UnitReport.round_id == report_round.id).order_by(UnitReport.target_group, Unit.name)).all()
    cache: dict[date | None, int] = {}
    result = []
    for report_id, name, group, status, submitted_on, reopened, last in rows:
        # A returned report is owed again: it is late by today's count, not by its first submission.
        day = None if status is ReportStatus.RETURNED or status is ReportStatus.DRAFT else submitted_on
        if day not in cache:
            cache[day] = lateness(report_round.due_on, day, today, calendar)
        result.append(DeskRow(report_id, name, group, status, submitted_on, reopened, last, cache[day]))
    return result


def summarise(rows: list[DeskRow]) -> DeskSummary:
    submitted = [r for r in rows if not r.owed]
    return DeskSummary(total=len(rows), submitted=len(submitted), on_time=sum(1 for r in submitted if not r.late),
                       late=sum(1 for r in rows if r.late), owed=sum(1 for r in rows if r.owed))
