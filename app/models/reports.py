"""Periodic reports on a movement (issue 11): the figures Sở Nội vụ asks for, the schedule, the report
rounds (half-year, yearly, mid-term and final reviews), each unit's report in a round with its values,
attachments and history, and the reminders sent (once per report, kind and day).

A unit's target group is copied onto its report when the round opens (``target_group_of`` of its kind
then): the aggregation groups by a column of the report itself, in SQL, and a unit that changes kind
later does not move an old report to another group.
"""
import enum
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.awards import Movement
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.org import Unit
from app.models.target_groups import TargetGroup
from app.models.users import User

# Room for a province's figures (VND amounts in the billions) with four decimals for percents and rates.
FIGURE_NUMBER = Numeric(18, 4)


class FigureType(enum.Enum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"
    TEXT = "text"

    @property
    def label(self):
        return {
            FigureType.INTEGER: _l("Whole number"),
            FigureType.DECIMAL: _l("Decimal number"),
            FigureType.PERCENT: _l("Percentage"),
            FigureType.TEXT: _l("Text"),
        }[self]

    @property
    def is_number(self) -> bool:
        return self is not FigureType.TEXT


class ReportFrequency(enum.Enum):
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"

    @property
    def label(self):
        return {ReportFrequency.HALF_YEARLY: _l("Every six months"), ReportFrequency.YEARLY: _l("Yearly")}[self]


class RoundKind(enum.Enum):
    HALF_YEAR = "half_year"
    YEARLY = "yearly"
    MID_TERM = "mid_term"
    FINAL = "final"

    @property
    def label(self):
        return {
            RoundKind.HALF_YEAR: _l("Half-year report"),
            RoundKind.YEARLY: _l("Yearly report"),
            RoundKind.MID_TERM: _l("Mid-term review"),
            RoundKind.FINAL: _l("Final review"),
        }[self]


class ReportStatus(enum.Enum):
    DRAFT = "draft"          # requested; nothing or a draft saved
    SUBMITTED = "submitted"
    RETURNED = "returned"    # sent back for correction: the unit corrects and submits again
    ACCEPTED = "accepted"

    @property
    def label(self):
        return {
            ReportStatus.DRAFT: _l("Not submitted"),
            ReportStatus.SUBMITTED: _l("Submitted"),
            ReportStatus.RETURNED: _l("Returned for correction"),
            ReportStatus.ACCEPTED: _l("Accepted"),
        }[self]

    @property
    def badge(self) -> str:
        return {
            ReportStatus.DRAFT: "secondary",
            ReportStatus.SUBMITTED: "primary",
            ReportStatus.RETURNED: "warning",
            ReportStatus.ACCEPTED: "success",
        }[self]

    @property
    def counts(self) -> bool:
        """Submitted and accepted reports enter the aggregation; drafts and returned ones do not."""
        return self in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


COUNTED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
OPEN_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)  # the unit still owes the report


class ReportAction(enum.Enum):
    SAVE = "save"
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"
    REOPEN = "reopen"
    REMIND = "remind"
    ATTACH = "attach"
    DETACH = "detach"

    @property
    def label(self):
        return {
            ReportAction.SAVE: _l("Draft saved"),
            ReportAction.SUBMIT: _l("Submitted"),
            ReportAction.RETURN: _l("Returned for correction"),
            ReportAction.ACCEPT: _l("Accepted"),
            ReportAction.REOPEN: _l("Reopened for the unit"),
            ReportAction.REMIND: _l("Reminder sent"),
            ReportAction.ATTACH: _l("File attached"),
            ReportAction.DETACH: _l("File removed"),
        }[self]


class ReportFigure(Model):
    """One figure a movement's reports ask for (chỉ tiêu báo cáo): code, label, type, bounds, unit of measure,
    and the target group it is asked of (None: every group)."""

    __tablename__ = "report_figure"
    __table_args__ = (
        UniqueConstraint("movement_id", "code", name="uq_report_figure_movement_code"),
        CheckConstraint("min_value IS NULL OR max_value IS NULL OR min_value <= max_value", name="bounds_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int] = mapped_column(ForeignKey("movement.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(255))
    value_type: Mapped[FigureType] = mapped_column(enum_column(FigureType, "report_figure_type"))
    min_value: Mapped[Decimal | None] = mapped_column(FIGURE_NUMBER)
    max_value: Mapped[Decimal | None] = mapped_column(FIGURE_NUMBER)
    target_group: Mapped[TargetGroup | None] = mapped_column(enum_column(TargetGroup, "report_figure_group"))
    unit_of_measure: Mapped[str] = mapped_column(String(40), default="")
    # The content group of the movement's plan the figure measures (optional: figures belong to the movement).
    content_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("movement_content_group.id", ondelete="SET NULL"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    movement: Mapped[Movement] = relationship()

    def applies_to(self, group: TargetGroup) -> bool:
        return self.target_group is None or self.target_group is group


class ReportSchedule(Model):
    """How often a movement's units report, and how many working days after a period's end they have."""

    __tablename__ = "report_schedule"
    __table_args__ = (
        UniqueConstraint("movement_id", "frequency", name="uq_report_schedule_movement_frequency"),
        CheckConstraint("deadline_working_days BETWEEN 1 AND 60", name="deadline_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int] = mapped_column(ForeignKey("movement.id", ondelete="CASCADE"))
    frequency: Mapped[ReportFrequency] = mapped_column(enum_column(ReportFrequency, "report_frequency"))
    deadline_working_days: Mapped[int] = mapped_column(Integer, default=10)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ReportRound(Model):
    """A report round (đợt báo cáo): a half-year, a year, or the mid-term/final review of the movement."""

    __tablename__ = "report_round"
    __table_args__ = (
        UniqueConstraint("movement_id", "kind", "year", "part", name="uq_report_round_period"),
        CheckConstraint("due_on >= opened_on", name="due_after_opening"),
        CheckConstraint("part BETWEEN 0 AND 2", name="part_range"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int] = mapped_column(ForeignKey("movement.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[RoundKind] = mapped_column(enum_column(RoundKind, "report_round_kind"))
    year: Mapped[int] = mapped_column(Integer)
    part: Mapped[int] = mapped_column(Integer, default=0)  # 1 or 2 for a half-year, 0 otherwise
    title: Mapped[str] = mapped_column(String(255))
    period_end: Mapped[date] = mapped_column(Date)
    opened_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    deadline_working_days: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    movement: Mapped[Movement] = relationship()

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class UnitReport(Model):
    """One unit's report in one round (created for every unit in scope when the round opens)."""

    __tablename__ = "unit_report"
    __table_args__ = (
        UniqueConstraint("round_id", "unit_id", name="uq_unit_report_round_unit"),
        Index("ix_unit_report_round_status", "round_id", "status"),
        CheckConstraint("status NOT IN ('submitted', 'accepted') OR submitted_on IS NOT NULL",
                        name="submitted_has_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("report_round.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    target_group: Mapped[TargetGroup] = mapped_column(enum_column(TargetGroup, "unit_report_group"))
    status: Mapped[ReportStatus] = mapped_column(enum_column(ReportStatus, "unit_report_status"),
                                                 default=ReportStatus.DRAFT)
    narrative: Mapped[str] = mapped_column(Text, default="")
    # Sở Nội vụ let this unit submit although the round is closed (or returned it after closing).
    reopened: Mapped[bool] = mapped_column(Boolean, default=False)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_on: Mapped[date | None] = mapped_column(Date)  # the local day: lateness counts working days
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Two people saving the same report at once: the second is refused instead of overwriting silently.
    version: Mapped[int] = mapped_column(Integer, default=1)

    round: Mapped[ReportRound] = relationship()
    unit: Mapped[Unit] = relationship()
    values: Mapped[list["ReportValue"]] = relationship(back_populates="report", cascade="all, delete-orphan")
    attachments: Mapped[list["ReportAttachment"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportAttachment.id")
    events: Mapped[list["ReportEvent"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportEvent.id")

    __mapper_args__ = {"version_id_col": version}


class ReportValue(Model):
    """A figure's value in a report: a number (integer, decimal, percent) or a text."""

    __tablename__ = "report_value"
    __table_args__ = (UniqueConstraint("report_id", "figure_id", name="uq_report_value_report_figure"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("unit_report.id", ondelete="CASCADE"))
    figure_id: Mapped[int] = mapped_column(ForeignKey("report_figure.id", ondelete="CASCADE"), index=True)
    number: Mapped[Decimal | None] = mapped_column(FIGURE_NUMBER)
    text: Mapped[str | None] = mapped_column(Text)

    report: Mapped[UnitReport] = relationship(back_populates="values")
    figure: Mapped[ReportFigure] = relationship()


class ReportAttachment(Model):
    """A file attached to a report (checked like a dossier's: app/nominations/storage.py)."""

    __tablename__ = "report_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("unit_report.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    report: Mapped[UnitReport] = relationship(back_populates="attachments")


class ReportEvent(Model):
    """The report's history: every save, submission, return (with its reason), acceptance, reopening and
    reminder, with who and when."""

    __tablename__ = "report_event"
    __table_args__ = (Index("ix_report_event_report", "report_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("unit_report.id", ondelete="CASCADE"))
    action: Mapped[ReportAction] = mapped_column(enum_column(ReportAction, "report_action"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    report: Mapped[UnitReport] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class ReportReminder(Model):
    """A reminder sent for a report: Sở Nội vụ's ("manual", keyed by the day sent: not twice the same day)
    or the daily job's ("due_soon", "overdue", keyed by the deadline: once per deadline). The unique index
    makes both idempotent even when two runs overlap."""

    __tablename__ = "report_reminder"
    __table_args__ = (UniqueConstraint("report_id", "kind", "on_day", name="uq_report_reminder_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("unit_report.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    on_day: Mapped[date] = mapped_column(Date)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
