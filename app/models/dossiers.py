"""The dossier (one nominee proposed for one award in one campaign), its attachments and its history.

Nothing here is destroyed by a user action: a deleted draft keeps its row (``deleted_at``), a removed
file keeps its row and its file (``detached_at``), and the history is append-only — database triggers
refuse to change or delete it, and each row is hash-chained to its dossier's previous one
(``app.models.history``).
"""
import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session, query_expression, relationship

from app.extensions import Model
from app.models.awards import AttachmentType, Award, Campaign, NomineeKind
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.history import append_only, event_hash
from app.models.org import Unit
from app.models.states import INACTIVE_STATES, State
from app.models.users import Role, User

if TYPE_CHECKING:
    from app.models.decisions import AwardDecision  # decisions imports this module
    from app.models.registry import Collective, Person  # registry imports this module (Gender)


class Gender(enum.Enum):
    MALE = "male"
    FEMALE = "female"

    @property
    def label(self):
        return {Gender.MALE: _l("Male"), Gender.FEMALE: _l("Female")}[self]


_inactive_sql = ", ".join(f"'{s.value}'" for s in sorted(INACTIVE_STATES, key=lambda s: s.value))


class Dossier(Model):
    __tablename__ = "dossier"
    __table_args__ = (
        CheckConstraint("nominee_birth_year IS NULL OR nominee_birth_year BETWEEN 1900 AND 2100",
                        name="birth_year_range"),
        CheckConstraint("version >= 1", name="version_positive"),
        # A dossier on hold remembers where it was; an awarded one names the decision that awarded it.
        CheckConstraint("state <> 'on_hold' OR held_from_state IS NOT NULL", name="hold_remembers_state"),
        CheckConstraint(
            "state <> 'awarded' OR decision_id IS NOT NULL OR central_decision_number IS NOT NULL",
            name="awarded_has_decision",
        ),
        # Only a draft that never left its unit is deleted (and then kept): every province-side query,
        # which only reads submitted dossiers, leaves deleted ones out without asking.
        CheckConstraint("deleted_at IS NULL OR (state = 'draft' AND submitted_at IS NULL)",
                        name="only_unsent_drafts_deleted"),
        # One achievement earns one form: no second active dossier for the same nominee, award and campaign.
        Index(
            "uq_dossier_active_nominee",
            "campaign_id", "award_id", "nominee_key",
            unique=True,
            sqlite_where=text(f"state NOT IN ({_inactive_sql}) AND deleted_at IS NULL"),
            postgresql_where=text(f"state NOT IN ({_inactive_sql}) AND deleted_at IS NULL"),
        ),
        Index("ix_dossier_unit_state", "unit_id", "state"),
        # The dossier list (measured by bench/): LIKE '%word%' cannot seek, so the indexes of the list's
        # filters also carry the default order (updated_at) and what every search checks (the province's
        # scope submitted_at, the folded search_key). A filtered page then walks its index newest-first
        # and a count is answered from the index alone, without reading the wide dossier rows.
        Index("ix_dossier_state_updated", "state", "updated_at", "submitted_at", "search_key"),
        Index("ix_dossier_campaign_id", "campaign_id", "updated_at", "submitted_at", "search_key"),
        Index("ix_dossier_award_id", "award_id", "updated_at", "submitted_at", "search_key"),
        Index("ix_dossier_updated_list", "updated_at", "submitted_at", "search_key"),
        # An officer's unit (and sub-units), maybe in one campaign: counts and page ids from the index alone
        # (deleted_at too: the unit's scope leaves deleted drafts out).
        Index("ix_dossier_unit_campaign", "unit_id", "campaign_id", "search_key", "updated_at", "deleted_at"),
        # The inbox (app/workflow/inbox.py) in its order, with what its scopes test carried along: a page of
        # ids is read from the index in order, on PostgreSQL without touching the table (issue 14).
        Index("ix_dossier_inbox_order", "stage_due_on", "state_changed_at", "id",
              postgresql_include=["state", "submitted_at", "unit_id", "deleted_at"]),
        # Search by any part of the folded name (LIKE '%…%'): trigrams on PostgreSQL (the migration creates
        # pg_trgm); elsewhere a plain index, as for the registry's people.
        Index("ix_dossier_search_trgm", "search_key", postgresql_using="gin",
              postgresql_ops={"search_key": "gin_trgm_ops"}),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="RESTRICT"))  # indexed above
    award_id: Mapped[int] = mapped_column(ForeignKey("award.id", ondelete="RESTRICT"))  # indexed above

    nominee_kind: Mapped[NomineeKind] = mapped_column(enum_column(NomineeKind, "nominee_kind"))
    nominee_name: Mapped[str] = mapped_column(String(255))
    nominee_gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, "gender"))
    nominee_birth_year: Mapped[int | None] = mapped_column(Integer)
    # Position for an individual, address for a household, description for a collective.
    nominee_position: Mapped[str] = mapped_column(String(255), default="")
    # The unit or sub-unit the nominee works in (individual) or is (collective).
    nominee_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))
    nominee_key: Mapped[str] = mapped_column(String(300))
    # The record the dossier proposes (app.models.registry); the nominee_* columns above stay as printed.
    nominee_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    nominee_collective_id: Mapped[int | None] = mapped_column(ForeignKey("collective.id", ondelete="RESTRICT"),
                                                              index=True)
    achievement_summary: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(600), default="", index=True)

    state: Mapped[State] = mapped_column(enum_column(State, "dossier_state"), default=State.DRAFT)
    # Optimistic lock: every state change is UPDATE … WHERE id = ? AND version = ?.
    version: Mapped[int] = mapped_column(Integer, default=1)
    via_cluster: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set the first time the dossier leaves its unit; from then on the province can see it.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Working-day deadline of the current stage (from StageDeadline, or a supplement request's own).
    stage_due_on: Mapped[date | None] = mapped_column(Date)
    held_from_state: Mapped[State | None] = mapped_column(enum_column(State, "held_from_state"))
    appraisal_opinion: Mapped[str] = mapped_column(Text, default="")
    notice_ends_on: Mapped[date | None] = mapped_column(Date)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("award_decision.id", ondelete="RESTRICT"), index=True)
    bonus_amount: Mapped[int | None] = mapped_column(BigInteger)
    central_decision_number: Mapped[str | None] = mapped_column(String(60))
    central_decision_date: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Read with the dossier by its page alone (``with_expression``, app/nominations/views.py), None wherever
    # else it is loaded: whether citizens commented on it, and its latest eligibility review's id (0: none).
    # The page then reads the comments and the review only when there are some (a round trip each, issue 14).
    has_public_comments: Mapped[bool | None] = query_expression()
    latest_review_id: Mapped[int | None] = query_expression()
    # A deleted draft: gone from every list and page (app.access.dossier_scope), its rows and files kept.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    nominee_unit: Mapped[Unit | None] = relationship(foreign_keys=[nominee_unit_id])
    campaign: Mapped[Campaign] = relationship()
    award: Mapped[Award] = relationship()
    created_by: Mapped[User | None] = relationship()
    decision: Mapped["AwardDecision | None"] = relationship()
    nominee_person: Mapped["Person | None"] = relationship()
    nominee_collective: Mapped["Collective | None"] = relationship()
    # The files that count: everything that lists or checks a dossier's documents reads this collection.
    # Neither it nor the history cascades a delete: the rows outlive any change to the dossier.
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="dossier", order_by="Attachment.uploaded_at",
        primaryjoin="and_(Dossier.id == Attachment.dossier_id, Attachment.detached_at.is_(None))",
    )
    # Files removed by the officer, kept (file included) and listed apart; the officer may restore them.
    removed_attachments: Mapped[list["Attachment"]] = relationship(
        viewonly=True, order_by="Attachment.detached_at",
        primaryjoin="and_(Dossier.id == Attachment.dossier_id, Attachment.detached_at.is_not(None))",
    )
    events: Mapped[list["DossierEvent"]] = relationship(back_populates="dossier", order_by="DossierEvent.id")

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Dossier {self.id} {self.state.value}>"

    def missing_attachment_types(self) -> list[AttachmentType]:
        """The award's required document types that no attachment of this dossier has yet."""
        present = {a.type_id for a in self.attachments}
        return [t for t in self.award.required_attachment_types if t.id not in present]

    def missing_items(self) -> list[str]:
        """What the dossier still lacks before it can leave the unit (or pass intake), as names to show."""
        missing: list[str] = []
        if not self.nominee_name.strip():
            missing.append(str(_l("nominee's name")))
        if not self.achievement_summary.strip():
            missing.append(str(_l("achievement summary")))
        if self.nominee_kind is NomineeKind.INDIVIDUAL:
            if self.nominee_gender is None:
                missing.append(str(_l("gender")))
            if self.nominee_birth_year is None:
                missing.append(str(_l("year of birth")))
        missing.extend(t.name for t in self.missing_attachment_types())
        return missing


class Attachment(Model):
    """A typed file of a dossier, stored under the upload folder with a generated name.

    Removing it detaches it (``detached_at``, ``detached_by``): the row and the file stay.
    """

    __tablename__ = "attachment"
    __table_args__ = (CheckConstraint("size_bytes >= 0", name="size_non_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="RESTRICT"), index=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("attachment_type.id", ondelete="RESTRICT"))
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(120))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    detached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    detached_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    dossier: Mapped[Dossier] = relationship(back_populates="attachments")
    type: Mapped[AttachmentType] = relationship()
    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])
    detached_by: Mapped[User | None] = relationship(foreign_keys=[detached_by_id])


class DossierEvent(Model):
    """One line of a dossier's history: who did what, from which state to which, and why (UTC).

    Append-only (database triggers); ``hash`` chains it to the dossier's previous row (``prev_hash``),
    filled in when the row is inserted, whoever creates it.
    """

    __tablename__ = "dossier_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="RESTRICT"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    actor_role: Mapped[Role] = mapped_column(enum_column(Role, "event_role"))
    from_state: Mapped[State | None] = mapped_column(enum_column(State, "event_from_state"))
    to_state: Mapped[State] = mapped_column(enum_column(State, "event_to_state"))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The user the actor acted for under a delegation (a deputy approving for the unit head), if any.
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    prev_hash: Mapped[str | None] = mapped_column(String(64))  # None: the dossier's first row
    hash: Mapped[str] = mapped_column(String(64))

    dossier: Mapped[Dossier] = relationship(back_populates="events")
    # History rows are shown with their actor's name: load it with the row (one query per history,
    # not one per distinct actor; bench/ measures the dossier page).
    actor: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[actor_id])
    on_behalf_of: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[on_behalf_of_id])


append_only(DossierEvent.__table__)  # type: ignore[arg-type]

_CHAIN = "dossier_event_chain"  # Session.info key: the hash last given to each dossier in this flush


@event.listens_for(Session, "before_flush")
def _new_flush(session: Session, flush_context, instances) -> None:
    session.info.pop(_CHAIN, None)


@event.listens_for(DossierEvent, "before_insert")
def _chain(mapper, connection, target: DossierEvent) -> None:
    """Hash the row onto its dossier's chain, just before it is inserted (in insertion order).

    The previous row is the last one of this flush for the dossier, else the last one in the database.
    On PostgreSQL the dossier's row is locked first, so that two transactions adding history to one
    dossier take turns instead of both chaining onto the same row (it usually is locked already: the
    change that writes history updates the dossier under its version).
    """
    # Column defaults are applied by the INSERT itself, after this: the hash needs the values now.
    if target.created_at is None:
        target.created_at = utcnow()
    if target.comment is None:
        target.comment = ""
    session = object_session(target)
    chained: dict[int, str] = session.info.setdefault(_CHAIN, {}) if session is not None else {}
    if target.dossier_id in chained:
        previous: str | None = chained[target.dossier_id]
    else:
        if connection.dialect.name == "postgresql":
            connection.execute(select(Dossier.id).where(Dossier.id == target.dossier_id).with_for_update())
        previous = connection.scalar(
            select(DossierEvent.hash).where(DossierEvent.dossier_id == target.dossier_id)
            .order_by(DossierEvent.id.desc()).limit(1))
    target.prev_hash = previous
    target.hash = event_hash(previous, dossier_id=target.dossier_id, action=target.action, actor_id=target.actor_id,
                             actor_role=target.actor_role, from_state=target.from_state, to_state=target.to_state,
                             comment=target.comment, created_at=target.created_at,
                             on_behalf_of_id=target.on_behalf_of_id)
    chained[target.dossier_id] = target.hash
