"""Award decisions and the dated data they print: number register, base salary, legal bases, signers."""
import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.extensions import Model
from app.models.awards import Award
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.states import State

if TYPE_CHECKING:
    from app.models.dossiers import Dossier
    from app.models.org import Unit
    from app.models.users import User


class SignerMode(enum.Enum):
    CHAIRMAN = "chairman"  # the head signs: "CHỦ TỊCH", "GIÁM ĐỐC"
    DEPUTY = "deputy"  # ký thay: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"
    ACTING = "acting"  # quyền: "Q. GIÁM ĐỐC" (a unit's decision under a delegation)
    BY_ORDER = "by_order"  # thừa lệnh: "TL. GIÁM ĐỐC / CHÁNH VĂN PHÒNG" (a unit's decision under a delegation)

    @property
    def label(self):
        return {SignerMode.CHAIRMAN: _l("Chairman"), SignerMode.DEPUTY: _l("Vice chairman (on behalf)"),
                SignerMode.ACTING: _l("Acting head"), SignerMode.BY_ORDER: _l("By order of the head")}[self]

    @property
    def unit_label(self):
        """How a unit's decision was signed: by its head, or for the head under a delegation."""
        return {SignerMode.CHAIRMAN: _l("the head"), SignerMode.DEPUTY: _l("KT. — signing for the head"),
                SignerMode.ACTING: _l("Q. — acting head"), SignerMode.BY_ORDER: _l("TL. — by order of the head")}[self]


class DecisionKind(enum.Enum):
    DECISION = "decision"  # Quyết định (provincial awards)
    PROPOSAL = "proposal"  # Tờ trình to the Prime Minister (central awards)
    # An issued decision is never edited (DOMAIN.md §10a): a new decision naming it corrects or cancels it.
    CORRECTION = "correction"  # Quyết định đính chính
    CANCELLATION = "cancellation"  # Quyết định thu hồi, hủy bỏ

    @property
    def label(self):
        return {DecisionKind.DECISION: _l("Decision"), DecisionKind.PROPOSAL: _l("Proposal to the central level"),
                DecisionKind.CORRECTION: _l("Correction"), DecisionKind.CANCELLATION: _l("Cancellation")}[self]

    @property
    def is_decision(self) -> bool:
        return self is DecisionKind.DECISION

    @property
    def is_correction(self) -> bool:
        return self is DecisionKind.CORRECTION

    @property
    def is_amendment(self) -> bool:
        """A correction or a cancellation: a decision about another decision."""
        return self in (DecisionKind.CORRECTION, DecisionKind.CANCELLATION)

    @property
    def honours(self) -> bool:
        """A decision or a Tờ trình: it lists honourees with their bonus, not changes to another decision."""
        return self in (DecisionKind.DECISION, DecisionKind.PROPOSAL)


class DecisionStatus(enum.Enum):
    """The decision's life (DOMAIN.md §10a): drafted by Home Affairs, sent up with its Tờ trình, signed (the
    clerk gives number and date, the signed copy is uploaded), issued (only now are the honourees awarded)."""

    DRAFT = "draft"
    SENT = "sent"
    SIGNED = "signed"
    ISSUED = "issued"

    @property
    def label(self):
        return {DecisionStatus.DRAFT: _l("Draft (dự thảo)"), DecisionStatus.SENT: _l("Sent for signature"),
                DecisionStatus.SIGNED: _l("Signed"), DecisionStatus.ISSUED: _l("Issued")}[self]

    @property
    def color(self) -> str:
        return {DecisionStatus.DRAFT: "secondary", DecisionStatus.SENT: "info", DecisionStatus.SIGNED: "primary",
                DecisionStatus.ISSUED: "success"}[self]


class Signer(Model):
    """A provincial leader who signs decisions, in office between two dates (either unknown: open)."""

    __tablename__ = "signer"
    __table_args__ = (CheckConstraint(
        "in_office_to IS NULL OR in_office_from IS NULL OR in_office_to >= in_office_from", name="office_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    mode: Mapped[SignerMode] = mapped_column(enum_column(SignerMode, "signer_mode"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A decision dated outside the term is refused: a leader cannot sign before taking or after leaving office.
    in_office_from: Mapped[date | None] = mapped_column(Date)
    in_office_to: Mapped[date | None] = mapped_column(Date)

    def in_office_on(self, day: date) -> bool:
        return (self.in_office_from is None or self.in_office_from <= day) and (
            self.in_office_to is None or day <= self.in_office_to)


class SalaryBase(Model):
    """The base salary (lương cơ sở) in force from a date; bonuses are coefficients of it."""

    __tablename__ = "salary_base"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    amount: Mapped[int] = mapped_column(BigInteger)


class BasisIssuers(enum.Enum):
    """Whose decisions print a legal basis: a department does not cite the Law on Local Government as the
    People's Committee does, and cites its own founding decision (DOMAIN.md §10b)."""

    ALL = "all"
    PROVINCE = "province"  # the provincial People's Committee's decisions and proposals
    UNITS = "units"  # the units' own decisions (one unit's only when the basis names it)

    @property
    def label(self):
        return {BasisIssuers.ALL: _l("Every decision"), BasisIssuers.PROVINCE: _l("The province's decisions"),
                BasisIssuers.UNITS: _l("The units' own decisions")}[self]


class LegalBasis(Model):
    """A "Căn cứ …;" line printed in decisions signed between its dates, by the issuers it names."""

    __tablename__ = "legal_basis"
    __table_args__ = (CheckConstraint("effective_to IS NULL OR effective_to >= effective_from", name="date_range"),
                      CheckConstraint("unit_id IS NULL OR issuers = 'units'", name="unit_basis_for_units"))

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    issuers: Mapped[BasisIssuers] = mapped_column(enum_column(BasisIssuers, "basis_issuers"),
                                                  default=BasisIssuers.ALL, server_default="all")
    # One unit's own basis (its founding decision): printed in that unit's decisions only.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)

    unit: Mapped["Unit | None"] = relationship()


class DecisionCounter(Model):
    """Last number used per issuer symbol and calendar year: numbers are never reused."""

    __tablename__ = "decision_counter"

    symbol: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class AwardDecision(Model):
    __tablename__ = "award_decision"
    __table_args__ = (
        # One register per issuer: the province's ("province") or a unit's ("u<id>"), each numbering per
        # symbol and year; a commune's "QĐ-UBND" is not the province's.
        UniqueConstraint("register_key", "symbol", "year", "number", name="uq_award_decision_register_number"),
        CheckConstraint("number > 0", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DecisionKind] = mapped_column(enum_column(DecisionKind, "decision_kind"))
    status: Mapped[DecisionStatus] = mapped_column(enum_column(DecisionStatus, "decision_status"),
                                                   default=DecisionStatus.DRAFT)
    symbol: Mapped[str] = mapped_column(String(20))
    # The issuer: none for the provincial People's Committee (and its proposals to the centre); a department
    # or commune for the unit-level awards its head decides (DOMAIN.md §10b), in its own register.
    issuer_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    register_key: Mapped[str] = mapped_column(String(20), default="province", server_default="province")
    year: Mapped[int] = mapped_column(Integer)  # the draft's year until signed, then the year of signed_on
    # Number and date are the clerk's, given once the leader has signed: none while a draft or sent.
    number: Mapped[int | None] = mapped_column(Integer)
    signed_on: Mapped[date | None] = mapped_column(Date)
    drafted_on: Mapped[date | None] = mapped_column(Date)  # the signature cannot be dated before the draft
    # A correction or a cancellation names the decision it corrects or cancels.
    original_id: Mapped[int | None] = mapped_column(ForeignKey("award_decision.id", ondelete="RESTRICT"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")  # why a correction or a cancellation is made
    # The signed copy as released by the clerk (PDF, often digitally signed) and what its signature says.
    signed_pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    signed_pdf_name: Mapped[str] = mapped_column(String(255), default="")
    signature_details: Mapped[dict | None] = mapped_column(JSON)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    award_id: Mapped[int] = mapped_column(ForeignKey("award.id", ondelete="RESTRICT"))
    signer_mode: Mapped[SignerMode] = mapped_column(enum_column(SignerMode, "decision_signer_mode"))
    # Who is to sign (a draft names him): his term of office is checked against the date the clerk records.
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("signer.id", ondelete="SET NULL"))
    signer_name: Mapped[str] = mapped_column(String(255))
    # A unit's decision is signed in the app by its head, or by a deputy acting for the head under a
    # delegation (app.models.assignments.Delegation): who signed, and for whom.
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    signer_title: Mapped[str] = mapped_column(String(120), default="", server_default="")
    base_salary: Mapped[int] = mapped_column(BigInteger)
    proposal_reference: Mapped[str] = mapped_column(Text, default="")
    total_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    # The document is kept in the database so that app servers stay stateless.
    docx: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    award: Mapped[Award] = relationship()
    issuer_unit: Mapped["Unit | None"] = relationship()
    original: Mapped["AwardDecision | None"] = relationship(remote_side=[id])
    items: Mapped[list["DecisionItem"]] = relationship(back_populates="decision", cascade="all, delete-orphan",
                                                       order_by="DecisionItem.id")
    events: Mapped[list["DecisionEvent"]] = relationship(back_populates="decision", cascade="all, delete-orphan",
                                                         order_by="DecisionEvent.id")

    @property
    def reference(self) -> str:
        """ "05/QĐ-UBND": numbers below 10 take a leading zero, as the document prints them (Nghị định 30).
        Before the clerk numbers it: "Dự thảo 7 (QĐ-UBND)", the app's own id, never a number of the register."""
        if self.number is None:
            return f"Dự thảo {self.id} ({self.symbol})"
        return f"{self.number:02d}/{self.symbol}"

    @property
    def is_issued(self) -> bool:
        return self.status is DecisionStatus.ISSUED

    @property
    def is_unit_decision(self) -> bool:
        """Decided by a unit's head in the unit's register, not by the provincial Chairman."""
        return self.issuer_unit_id is not None


def register_key_of(issuer_unit_id: int | None) -> str:
    """The register a decision is numbered in: the province's, or the issuing unit's."""
    return "province" if issuer_unit_id is None else f"u{issuer_unit_id}"


class DecisionItem(Model):
    """One honouree named by a decision: the dossier, its bonus (computed from the base salary in force on the
    decision's date), and for a correction the corrected name and position/unit (empty: unchanged)."""

    __tablename__ = "award_decision_item"
    __table_args__ = (UniqueConstraint("decision_id", "dossier_id", name="uq_award_decision_item_dossier"),
                      CheckConstraint("amount >= 0", name="amount_not_negative"))

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("award_decision.id", ondelete="CASCADE"))
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="RESTRICT"), index=True)
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    corrected_name: Mapped[str] = mapped_column(String(255), default="")
    corrected_position: Mapped[str] = mapped_column(String(500), default="")

    decision: Mapped[AwardDecision] = relationship(back_populates="items")
    dossier: Mapped["Dossier"] = relationship()


class DecisionEvent(Model):
    """A line of the decision's timeline: who drafted, edited, sent, returned, recorded the signature, issued."""

    __tablename__ = "award_decision_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("award_decision.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # The head the actor acted for under a delegation ("KT. Giám đốc"), if any.
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decision: Mapped[AwardDecision] = relationship(back_populates="events")
    actor: Mapped["User | None"] = relationship(foreign_keys=[actor_id])
    on_behalf_of: Mapped["User | None"] = relationship(foreign_keys=[on_behalf_of_id])


class StageDeadline(Model):
    """How many working days a dossier may wait in a stage before it is overdue (configurable)."""

    __tablename__ = "stage_deadline"
    __table_args__ = (CheckConstraint("working_days > 0", name="days_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[State] = mapped_column(enum_column(State, "stage_state"), unique=True)
    working_days: Mapped[int] = mapped_column(Integer)


class WorkingDayOverride(Model):
    """An administrator's correction to the calendar: a swapped working Saturday, an extra day off."""

    __tablename__ = "working_day_override"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    is_working_day: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
