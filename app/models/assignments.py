"""People with several roles, and heads acting through a deputy (issue 10).

* ``RoleAssignment`` — one more role a user holds, with its unit and dates: the emulation officer of Sở
  KH&CN who is also the bloc's lead the year Sở KH&CN leads it, the appraiser who is also the council's
  secretary. The user's own ``User.role`` / ``User.unit_id`` stay their home role.
* ``Delegation`` — a unit head lets a deputy approve and/or sign for them for a period ("KT." ký thay,
  "Q." quyền, "TL." thừa lệnh); it ends by itself on its end date, or earlier when revoked.
* ``RoleAuditEvent`` — who switched to which role, who delegated to whom, who gave or ended an assignment.

Which of these a user acts in right now (their "hat") is ``app.models.hats``.
"""
import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.org import Unit
from app.models.users import Role, User

# Unit roles act for a unit; the same CHECK as on user_account.
_UNIT_ROLE_HAS_UNIT = "unit_id IS NOT NULL OR role NOT IN ('officer', 'unit_head', 'cluster_lead')"


class RoleAssignment(Model):
    """A further role a user holds, for a unit and between two dates (open-ended when a date is empty)."""

    __tablename__ = "role_assignment"
    __table_args__ = (
        CheckConstraint(_UNIT_ROLE_HAS_UNIT, name="unit_role_has_unit"),
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="date_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "assignment_role"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(255), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    unit: Mapped[Unit | None] = relationship()

    def in_force(self, today: date) -> bool:
        return (self.starts_on is None or self.starts_on <= today) and (self.ends_on is None or today <= self.ends_on)


class DelegationScope(enum.Enum):
    APPROVE = "approve"  # the head's workflow approvals (approve or return on the unit's review)
    SIGN = "sign"  # signing the unit's own decisions
    ALL = "all"

    @property
    def label(self):
        return {
            DelegationScope.APPROVE: _l("Approving dossiers"),
            DelegationScope.SIGN: _l("Signing decisions"),
            DelegationScope.ALL: _l("Approving and signing"),
        }[self]


class DelegationMode(enum.Enum):
    KT = "kt"  # ký thay: a deputy signs for the head
    Q = "q"  # quyền: the acting head
    TL = "tl"  # thừa lệnh: by order

    @property
    def label(self):
        return {
            DelegationMode.KT: _l("KT. (signing for the head)"),
            DelegationMode.Q: _l("Q. (acting head)"),
            DelegationMode.TL: _l("TL. (by order)"),
        }[self]

    @property
    def prefix(self) -> str:
        return {DelegationMode.KT: "KT.", DelegationMode.Q: "Q.", DelegationMode.TL: "TL."}[self]


class Delegation(Model):
    """A unit head's approvals and/or signature, lent to a deputy from ``starts_on`` to ``ends_on`` inclusive."""

    __tablename__ = "delegation"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="date_order"),
        CheckConstraint("delegate_id <> delegator_id", name="not_to_self"),
        Index("ix_delegation_delegate_ends", "delegate_id", "ends_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    delegator_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    role: Mapped[Role] = mapped_column(enum_column(Role, "delegated_role"), default=Role.UNIT_HEAD)
    scope: Mapped[DelegationScope] = mapped_column(enum_column(DelegationScope, "delegation_scope"))
    mode: Mapped[DelegationMode] = mapped_column(enum_column(DelegationMode, "delegation_mode"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    delegator: Mapped[User] = relationship(foreign_keys=[delegator_id])
    delegate: Mapped[User] = relationship(foreign_keys=[delegate_id])
    unit: Mapped[Unit] = relationship()

    def in_force(self, today: date) -> bool:
        return self.revoked_at is None and self.starts_on <= today <= self.ends_on

    def in_force_or_ahead(self, today: date) -> bool:
        """Not revoked and not past its end: in force, or still to come."""
        return self.revoked_at is None and today <= self.ends_on

    def status(self, today: date) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "ahead" if today < self.starts_on else "over" if self.ends_on < today else "in_force"


class RoleAuditEvent(Model):
    """One line of the roles' audit trail: "hat_switched", "delegation_created", "delegation_revoked",
    "assignment_added", "assignment_ended", "assignment_removed". Never changed after it is written."""

    __tablename__ = "role_audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    hat_key: Mapped[str] = mapped_column(String(24), default="")
    role: Mapped[str] = mapped_column(String(20), default="")
    unit_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the trail outlives the unit
    detail: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str | None] = mapped_column(String(45))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
