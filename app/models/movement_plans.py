"""A movement over its life (issue 11): its launch by Sở Nội vụ (plan document, phases, content groups and
criteria per target group, deadlines), the units' own implementation plans, their yearly registration
(đăng ký thi đua) with targets per content group and the titles they aim for, and the digital-transformation
index Sở KH&CN assesses per unit and year.

The movement itself stays in ``app.models.awards.Movement`` (campaigns point at it); the launch is a row of
its own, one per movement, so a movement without a launch is what it was before: a name on campaigns.
Every change goes through ``app.movements.operations``, which writes a ``MovementEvent``.
"""
import enum
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model, db
from app.models.awards import Award, Movement
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.org import Unit
from app.models.target_groups import TargetGroup
from app.models.users import User


class LaunchStatus(enum.Enum):
    DRAFT = "draft"  # only Sở Nội vụ sees it
    PUBLISHED = "published"  # every unit sees it, plans and registrations open

    @property
    def label(self):
        return {LaunchStatus.DRAFT: _l("Draft"), LaunchStatus.PUBLISHED: _l("Published")}[self]

    @property
    def badge(self) -> str:
        return {LaunchStatus.DRAFT: "secondary", LaunchStatus.PUBLISHED: "success"}[self]


class StoredDocument:
    """The columns of a file kept under the upload folder (``app.nominations.storage``), as attachments are."""

    original_name: Mapped[str | None] = mapped_column(String(255))
    stored_name: Mapped[str | None] = mapped_column(String(80), unique=True)
    content_type: Mapped[str | None] = mapped_column(String(120))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))


class MovementLaunch(StoredDocument, Model):
    """Sở Nội vụ's launch of a movement: its plan document and the deadline for the units' own plans."""

    __tablename__ = "movement_launch"
    __table_args__ = (
        CheckConstraint("status <> 'published' OR published_at IS NOT NULL", name="published_has_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int] = mapped_column(ForeignKey("movement.id", ondelete="CASCADE"), unique=True)
    status: Mapped[LaunchStatus] = mapped_column(enum_column(LaunchStatus, "launch_status"),
                                                 default=LaunchStatus.DRAFT)
    # The plan's number and date as issued (e.g. "Kế hoạch số 125/KH-UBND ngày 20/3/2025").
    plan_reference: Mapped[str] = mapped_column(String(255), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    plan_deadline: Mapped[date | None] = mapped_column(Date)  # units upload their own plan by this day
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    movement: Mapped[Movement] = relationship()
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    phases: Mapped[list["MovementPhase"]] = relationship(
        back_populates="launch", cascade="all, delete-orphan", order_by="MovementPhase.start_year")
    content_groups: Mapped[list["ContentGroup"]] = relationship(
        back_populates="launch", cascade="all, delete-orphan",
        order_by=lambda: [ContentGroup.target_group, ContentGroup.sort_order, ContentGroup.id])
    registration_years: Mapped[list["RegistrationYear"]] = relationship(
        back_populates="launch", cascade="all, delete-orphan", order_by="RegistrationYear.year")

    @property
    def is_published(self) -> bool:
        return self.status is LaunchStatus.PUBLISHED


class MovementPhase(Model):
    """A stage of the movement (giai đoạn), e.g. 2025–2027 ending with the mid-term review."""

    __tablename__ = "movement_phase"
    __table_args__ = (CheckConstraint("end_year >= start_year", name="year_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    launch_id: Mapped[int] = mapped_column(ForeignKey("movement_launch.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)

    launch: Mapped[MovementLaunch] = relationship(back_populates="phases")


class TargetKind(enum.Enum):
    """What a unit writes as its target for a content group."""

    NUMBER = "number"  # a figure (e.g. the share of records processed online, %)
    TEXT = "text"  # a commitment in words

    @property
    def label(self):
        return {TargetKind.NUMBER: _l("Number"), TargetKind.TEXT: _l("Text")}[self]


class ContentGroup(Model):
    """A content group of the movement for one target group (nhóm nội dung), with its criteria."""

    __tablename__ = "movement_content_group"
    __table_args__ = (
        UniqueConstraint("launch_id", "code", name="uq_movement_content_group_code"),
        CheckConstraint("min_value IS NULL OR max_value IS NULL OR min_value <= max_value", name="value_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    launch_id: Mapped[int] = mapped_column(ForeignKey("movement_launch.id", ondelete="CASCADE"), index=True)
    target_group: Mapped[TargetGroup] = mapped_column(enum_column(TargetGroup, "target_group"))
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(500))
    criteria: Mapped[str] = mapped_column(Text, default="")
    target_kind: Mapped[TargetKind] = mapped_column(enum_column(TargetKind, "target_kind"),
                                                    default=TargetKind.TEXT)
    unit_label: Mapped[str] = mapped_column(String(40), default="")  # e.g. "%", "sáng kiến"
    min_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    max_value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    launch: Mapped[MovementLaunch] = relationship(back_populates="content_groups")

    @property
    def asks_a_number(self) -> bool:
        return self.target_kind is TargetKind.NUMBER


class RegistrationYear(Model):
    """A year of the movement in which units register, with its deadline (usually early in the year)."""

    __tablename__ = "movement_registration_year"
    __table_args__ = (
        UniqueConstraint("launch_id", "year", name="uq_movement_registration_year"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    launch_id: Mapped[int] = mapped_column(ForeignKey("movement_launch.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[date] = mapped_column(Date)

    launch: Mapped[MovementLaunch] = relationship(back_populates="registration_years")


class UnitPlan(StoredDocument, Model):
    """A unit's own implementation plan of the movement (kế hoạch triển khai); a new upload replaces it."""

    __tablename__ = "movement_unit_plan"
    __table_args__ = (UniqueConstraint("movement_id", "unit_id", name="uq_movement_unit_plan"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int] = mapped_column(ForeignKey("movement.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_on: Mapped[date] = mapped_column(Date)  # the local day, for lateness in working days
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    unit: Mapped[Unit] = relationship()
    uploaded_by: Mapped[User | None] = relationship()


registration_award = Table(
    "movement_registration_award",
    db.metadata,
    Column("registration_id", ForeignKey("movement_registration.id", ondelete="CASCADE"), primary_key=True),
    Column("award_id", ForeignKey("award.id", ondelete="RESTRICT"), primary_key=True),
)


class Registration(Model):
    """A unit's registration for one year of a movement (đăng ký thi đua): once per unit and year."""

    __tablename__ = "movement_registration"
    __table_args__ = (
        UniqueConstraint("movement_id", "unit_id", "year", name="uq_movement_registration_unit_year"),
        # The list of a movement's registrants for a year, and "who has not registered".
        Index("ix_movement_registration_movement_year", "movement_id", "year", "unit_id"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int] = mapped_column(ForeignKey("movement.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    target_group: Mapped[TargetGroup] = mapped_column(enum_column(TargetGroup, "target_group"))
    commitment: Mapped[str] = mapped_column(Text, default="")
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    registered_on: Mapped[date] = mapped_column(Date)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    movement: Mapped[Movement] = relationship()
    unit: Mapped[Unit] = relationship()
    registered_by: Mapped[User | None] = relationship()
    awards: Mapped[list[Award]] = relationship(secondary=registration_award, order_by=Award.sort_order)
    targets: Mapped[list["RegistrationTarget"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan")


class RegistrationTarget(Model):
    """A registration's target for one content group: a number or a text, as the group asks."""

    __tablename__ = "movement_registration_target"
    __table_args__ = (
        UniqueConstraint("registration_id", "content_group_id", name="uq_movement_registration_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("movement_registration.id", ondelete="CASCADE"))
    content_group_id: Mapped[int] = mapped_column(ForeignKey("movement_content_group.id", ondelete="RESTRICT"),
                                                  index=True)
    value: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    text: Mapped[str] = mapped_column(Text, default="")

    registration: Mapped[Registration] = relationship(back_populates="targets")
    content_group: Mapped[ContentGroup] = relationship()


class RegistrationReopening(Model):
    """Sở Nội vụ lets one unit register for a year after the deadline, until a given day."""

    __tablename__ = "movement_registration_reopening"
    __table_args__ = (UniqueConstraint("movement_id", "unit_id", "year", name="uq_movement_reopening"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int] = mapped_column(ForeignKey("movement.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    until: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DigitalTransformationScore(Model):
    """Sở KH&CN's digital-transformation assessment of a unit or enterprise for one year (imported)."""

    __tablename__ = "dx_score"
    __table_args__ = (
        UniqueConstraint("unit_id", "year", name="uq_dx_score_unit_year"),
        CheckConstraint("score >= 0 AND score <= 1000", name="score_range"),
        CheckConstraint("level >= 0 AND level <= 6", name="level_range"),
        CheckConstraint("year BETWEEN 1945 AND 2200", name="year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    score: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    level: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))

    unit: Mapped[Unit] = relationship()


class MovementEvent(Model):
    """One line of a movement's history: launch, publish, a plan uploaded, a registration, a reopening,
    an index import — who, when, for which unit and year."""

    __tablename__ = "movement_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("movement.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    year: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship()
