"""Cluster scoring (chấm điểm thi đua cụm, khối): a criteria table per cluster and year, self-scores,
the lead's adjustments, the acclamation vote, and the audit of opening, locking and unlocking."""
import enum
from datetime import date, datetime, time
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.awards import Award
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.history import append_only
from app.models.org import Cluster, Unit
from app.models.users import User

DEFAULT_BONUS_CAP = "10"  # the usual "+10 at most" of provincial criteria tables


class ScoringStatus(enum.Enum):
    PREPARING = "preparing"  # the criteria table is being built
    OPEN = "open"  # members score themselves
    LOCKED = "locked"  # results are final and published to members

    @property
    def label(self):
        return {
            ScoringStatus.PREPARING: _l("Preparing the criteria"),
            ScoringStatus.OPEN: _l("Open for self-scoring"),
            ScoringStatus.LOCKED: _l("Locked and published"),
        }[self]

    @property
    def badge(self) -> str:
        """Bootstrap colour name for the status badge."""
        return {ScoringStatus.PREPARING: "secondary", ScoringStatus.OPEN: "primary",
                ScoringStatus.LOCKED: "success"}[self]


class TieBreak(enum.Enum):
    GROUPS_THEN_VOTE = "groups_then_vote"  # higher score on the first group, then the next …, then the vote
    VOTE_ONLY = "vote_only"

    @property
    def label(self):
        return {
            TieBreak.GROUPS_THEN_VOTE: _l("Group scores in order, then the acclamation vote"),
            TieBreak.VOTE_ONLY: _l("The acclamation vote"),
        }[self]


class ItemKind(enum.Enum):
    CRITERION = "criterion"
    BONUS = "bonus"
    PENALTY = "penalty"

    @property
    def label(self):
        return {ItemKind.CRITERION: _l("Criterion"), ItemKind.BONUS: _l("Bonus"), ItemKind.PENALTY: _l("Penalty")}[self]

    @property
    def badge(self) -> str:
        """Bootstrap colour name for the kind's badge (criteria carry none)."""
        return {ItemKind.CRITERION: "secondary", ItemKind.BONUS: "success", ItemKind.PENALTY: "danger"}[self]


class SheetStatus(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"

    @property
    def label(self):
        return {SheetStatus.DRAFT: _l("Draft"), SheetStatus.SUBMITTED: _l("Submitted")}[self]

    @property
    def badge(self) -> str:
        return {SheetStatus.DRAFT: "secondary", SheetStatus.SUBMITTED: "success"}[self]


class ClusterScoring(Model):
    """One cluster's scoring round for one year, with its criteria table and quotas."""

    __tablename__ = "cluster_scoring"
    __table_args__ = (
        UniqueConstraint("cluster_id", "year", name="uq_cluster_scoring_cluster_year"),
        CheckConstraint("decimals BETWEEN 0 AND 2", name="decimals_range"),
        CheckConstraint("flag_quota >= 0 AND merit_quota >= 0", name="quotas_non_negative"),
        CheckConstraint("bonus_cap >= 0", name="bonus_cap_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[ScoringStatus] = mapped_column(enum_column(ScoringStatus, "scoring_status"),
                                                  default=ScoringStatus.PREPARING)
    deadline: Mapped[date | None] = mapped_column(Date)
    # Scores may carry this many decimal places (0.5 steps are common: decimals=1).
    decimals: Mapped[int] = mapped_column(Integer, default=1)
    tie_break: Mapped[TieBreak] = mapped_column(enum_column(TieBreak, "tie_break"), default=TieBreak.GROUPS_THEN_VOTE)
    # The most bonus points a unit's total counts, whatever its bonus items add up to: tables list more
    # bonus items than a unit may collect ("+10 at most"), so the cap is the round's rule, not an item's.
    bonus_cap: Mapped[Decimal] = mapped_column(Numeric(7, 2), default=Decimal(DEFAULT_BONUS_CAP),
                                               server_default=DEFAULT_BONUS_CAP)
    flag_quota: Mapped[int] = mapped_column(Integer, default=1)
    merit_quota: Mapped[int] = mapped_column(Integer, default=2)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The awards the ranking proposes: the flag for the first units, the merit award for the next ones.
    flag_award_id: Mapped[int | None] = mapped_column(ForeignKey("award.id", ondelete="SET NULL"))
    merit_award_id: Mapped[int | None] = mapped_column(ForeignKey("award.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    cluster: Mapped[Cluster] = relationship()
    flag_award: Mapped[Award | None] = relationship(foreign_keys=[flag_award_id])
    merit_award: Mapped[Award | None] = relationship(foreign_keys=[merit_award_id])
    groups: Mapped[list["ScoringGroup"]] = relationship(
        back_populates="scoring", cascade="all, delete-orphan", order_by="ScoringGroup.sort_order"
    )
    items: Mapped[list["ScoringItem"]] = relationship(
        back_populates="scoring", cascade="all, delete-orphan", order_by="ScoringItem.sort_order"
    )
    sheets: Mapped[list["ScoreSheet"]] = relationship(back_populates="scoring", cascade="all, delete-orphan")
    votes: Mapped[list["AcclamationVote"]] = relationship(back_populates="scoring", cascade="all, delete-orphan")
    events: Mapped[list["ScoringEvent"]] = relationship(
        back_populates="scoring", cascade="all, delete-orphan", order_by="ScoringEvent.id"
    )

    __mapper_args__ = {"version_id_col": version}


class ScoringGroup(Model):
    """A group of criteria (nhóm tiêu chí); the ranking's tie-break reads group totals in order."""

    __tablename__ = "scoring_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    scoring_id: Mapped[int] = mapped_column(ForeignKey("cluster_scoring.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    scoring: Mapped[ClusterScoring] = relationship(back_populates="groups")


class ScoringItem(Model):
    """A criterion with its maximum, a bonus item (+) or a penalty item (−, possibly excluding)."""

    __tablename__ = "scoring_item"
    __table_args__ = (
        UniqueConstraint("scoring_id", "code", name="uq_scoring_item_scoring_code"),
        CheckConstraint("max_score > 0", name="max_positive"),
        # Criteria sit in a group; bonus and penalty items stand apart.
        CheckConstraint("(kind = 'criterion') = (group_id IS NOT NULL)", name="criteria_grouped"),
        CheckConstraint("excludes_from_ranking = false OR kind = 'penalty'", name="only_penalty_excludes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scoring_id: Mapped[int] = mapped_column(ForeignKey("cluster_scoring.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("scoring_group.id", ondelete="CASCADE"))
    kind: Mapped[ItemKind] = mapped_column(enum_column(ItemKind, "scoring_item_kind"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    guidance: Mapped[str] = mapped_column(Text, default="")
    max_score: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    excludes_from_ranking: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    scoring: Mapped[ClusterScoring] = relationship(back_populates="items")
    group: Mapped[ScoringGroup | None] = relationship()


class ScoreSheet(Model):
    """A member unit's sheet: its officer enters scores, its head submits them."""

    __tablename__ = "score_sheet"
    __table_args__ = (UniqueConstraint("scoring_id", "unit_id", name="uq_score_sheet_scoring_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scoring_id: Mapped[int] = mapped_column(ForeignKey("cluster_scoring.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    status: Mapped[SheetStatus] = mapped_column(enum_column(SheetStatus, "sheet_status"), default=SheetStatus.DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    scoring: Mapped[ClusterScoring] = relationship(back_populates="sheets")
    unit: Mapped[Unit] = relationship()
    entries: Mapped[list["ScoreEntry"]] = relationship(back_populates="sheet", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class ScoreEntry(Model):
    """One item's self-score with its note and evidence; the lead's adjustment sits beside it, never over it."""

    __tablename__ = "score_entry"
    __table_args__ = (
        UniqueConstraint("sheet_id", "item_id", name="uq_score_entry_sheet_item"),
        CheckConstraint("self_score IS NULL OR self_score >= 0", name="self_non_negative"),
        CheckConstraint("adjusted_score IS NULL OR adjusted_score >= 0", name="adjusted_non_negative"),
        CheckConstraint("adjusted_score IS NULL OR adjust_reason <> ''", name="adjustment_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheet.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("scoring_item.id", ondelete="CASCADE"))
    self_score: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_name: Mapped[str | None] = mapped_column(String(255))
    evidence_stored: Mapped[str | None] = mapped_column(String(80))
    adjusted_score: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    adjust_reason: Mapped[str] = mapped_column(Text, default="")
    adjusted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    adjusted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    sheet: Mapped[ScoreSheet] = relationship(back_populates="entries")
    item: Mapped[ScoringItem] = relationship()

    @property
    def final_score(self) -> Decimal | None:
        return self.adjusted_score if self.adjusted_score is not None else self.self_score


class AcclamationVote(Model):
    """The cluster meeting's vote (suy tôn) on a proposed unit."""

    __tablename__ = "acclamation_vote"
    __table_args__ = (
        UniqueConstraint("scoring_id", "unit_id", name="uq_acclamation_vote_scoring_unit"),
        CheckConstraint("votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0", name="counts_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scoring_id: Mapped[int] = mapped_column(ForeignKey("cluster_scoring.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    votes_for: Mapped[int] = mapped_column(Integer, default=0)
    votes_against: Mapped[int] = mapped_column(Integer, default=0)
    votes_abstain: Mapped[int] = mapped_column(Integer, default=0)

    scoring: Mapped[ClusterScoring] = relationship(back_populates="votes")
    unit: Mapped[Unit] = relationship()


class ScoringEvent(Model):
    """Audit of a scoring round: opened, sheet submitted, score adjusted, locked, unlocked (with reason).

    Append-only: database triggers refuse to change or delete its rows (``app.models.history``).
    """

    __tablename__ = "scoring_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    scoring_id: Mapped[int] = mapped_column(ForeignKey("cluster_scoring.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    scoring: Mapped[ClusterScoring] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


append_only(ScoringEvent.__table__)  # type: ignore[arg-type]


class ClusterMeeting(Model):
    """The cluster's meeting that voted on the round (họp bình xét, suy tôn): what its minutes must state.

    The minutes carry a number, the time and place, who chaired and who kept the record (people, not
    units) and which member units attended; the lead records them once the meeting is held.
    """

    __tablename__ = "cluster_meeting"
    __table_args__ = (CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scoring_id: Mapped[int] = mapped_column(ForeignKey("cluster_scoring.id", ondelete="CASCADE"), unique=True)
    number: Mapped[str] = mapped_column(String(40))            # "01/BB-CTĐ1", as the cluster's register gives it
    held_on: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(255))
    chair_name: Mapped[str] = mapped_column(String(255))
    chair_position: Mapped[str] = mapped_column(String(255))
    secretary_name: Mapped[str] = mapped_column(String(255))
    secretary_position: Mapped[str] = mapped_column(String(255))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    scoring: Mapped[ClusterScoring] = relationship()
    attendance: Mapped[list["ClusterMeetingAttendance"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="ClusterMeetingAttendance.id"
    )


class ClusterMeetingAttendance(Model):
    """Whether a member unit attended the meeting, and who represented it."""

    __tablename__ = "cluster_meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "unit_id", name="uq_cluster_meeting_attendance_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("cluster_meeting.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    representative: Mapped[str] = mapped_column(String(255), default="")

    meeting: Mapped[ClusterMeeting] = relationship(back_populates="attendance")
    unit: Mapped[Unit] = relationship()
