"""Nominees as records and the award registry (sổ khen thưởng, issue 8, DOMAIN §9).

A **person** or a **collective** (a unit or sub-unit, an enterprise, a household) is proposed by dossiers
and accumulates history: the awards and titles received (``RegistryEntry``, whoever decided them), yearly
performance ratings, initiatives and what each was used for, and disciplinary measures. The eligibility
engine reads its facts from these tables (``app/eligibility/registry_facts.py``). A dossier keeps the
nominee's name, position and unit as printed (its snapshot) and links to the record it proposes.
"""
import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.awards import Award, CampaignKind
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.dossiers import Dossier, Gender
from app.models.eligibility import DisciplineStatus, Rating, Scope
from app.models.history import append_only
from app.models.org import Unit
from app.models.users import User


class OccupationGroup(enum.Enum):
    """The groups the statutory emulation reports count (DOMAIN §10d)."""

    LEADER = "leader"  # leader or manager (lãnh đạo, quản lý)
    STAFF = "staff"  # officer, civil servant, employee (cán bộ, công chức, viên chức, người lao động)
    DIRECT_WORKER = "direct_worker"  # worker directly producing (công nhân, người lao động trực tiếp)
    FARMER = "farmer"  # nông dân

    @property
    def label(self):
        return {
            OccupationGroup.LEADER: _l("Leader or manager"),
            OccupationGroup.STAFF: _l("Staff"),
            OccupationGroup.DIRECT_WORKER: _l("Direct worker"),
            OccupationGroup.FARMER: _l("Farmer"),
        }[self]


class CollectiveKind(enum.Enum):
    UNIT = "unit"  # a unit or sub-unit of the units tree
    ENTERPRISE = "enterprise"  # doanh nghiệp
    HOUSEHOLD = "household"  # hộ gia đình

    @property
    def label(self):
        return {CollectiveKind.UNIT: _l("Unit or sub-unit"), CollectiveKind.ENTERPRISE: _l("Enterprise"),
                CollectiveKind.HOUSEHOLD: _l("Household")}[self]


class RegistrySource(enum.Enum):
    """Where a registry entry comes from."""

    APP_DECISION = "app_decision"  # a dossier awarded in this app (provincial decision or central award)
    UNIT_DECISION = "unit_decision"  # a unit's or commune's own decision (never passes through Sở Nội vụ)
    IMPORTED = "imported"  # past history imported from a spreadsheet

    @property
    def label(self):
        return {RegistrySource.APP_DECISION: _l("Decision in this app"),
                RegistrySource.UNIT_DECISION: _l("Unit's own decision"),
                RegistrySource.IMPORTED: _l("Imported")}[self]


class Person(Model):
    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint("birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100", name="birth_year_range"),
        # Matching a nominee: folded name, year of birth, unit.
        Index("ix_person_match", "search_key", "birth_year", "unit_id"),
        # Registry search by any part of the folded name (LIKE '%…%'): a trigram index on PostgreSQL (the
        # migration creates the pg_trgm extension); elsewhere a plain index, which serves prefixes.
        Index("ix_person_search_trgm", "search_key", postgresql_using="gin",
              postgresql_ops={"search_key": "gin_trgm_ops"}),
        CheckConstraint("personal_id IS NULL OR length(personal_id) = 12", name="personal_id_length"),
        # A merged record (a duplicate found late) names another person as the one it was merged into.
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_merged_into_itself"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(255))  # app.text.clean_line
    search_key: Mapped[str] = mapped_column(String(255))  # app.text.fold(full_name)
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, "person_gender"))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    birth_date: Mapped[date | None] = mapped_column(Date)
    ethnicity: Mapped[str] = mapped_column(String(60), default="")
    is_ethnic_minority: Mapped[bool] = mapped_column(Boolean, default=False)
    occupation_group: Mapped[OccupationGroup | None] = mapped_column(enum_column(OccupationGroup, "occupation_group"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    position: Mapped[str] = mapped_column(String(255), default="")
    # The personal ID number (CCCD, 12 digits): stored only where the province enables it
    # (app.models.settings.PERSONAL_ID_ENABLED), shown masked, never exported, logged or put in history.
    personal_id: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when this record was merged into another (app/nominees/merging.py): kept, never deleted, so that
    # the merge can be undone, but gone from every search and picker (access.person_scope).
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    merged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    unit: Mapped[Unit | None] = relationship()
    merged_into: Mapped["Person | None"] = relationship(remote_side=[id])
    positions: Mapped[list["PersonPosition"]] = relationship(back_populates="person",
                                                             order_by="PersonPosition.from_date")

    @property
    def masked_personal_id(self) -> str:
        """The CCCD as it may be shown: its first digit and last three ("0********123")."""
        value = self.personal_id or ""
        return value[:1] + "*" * (len(value) - 4) + value[-3:] if len(value) > 4 else "*" * len(value)

    def __repr__(self) -> str:
        return f"<Person {self.id}>"


@event.listens_for(Person.__table__, "before_create")
def _trigram_extension(target, connection, **kw) -> None:
    """``db.create_all`` on PostgreSQL (tests, benchmarks): the trigram indexes need the extension."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))


class PersonPosition(Model):
    """A position a person held in a unit between two dates (to_date None: still held)."""

    __tablename__ = "person_position"
    __table_args__ = (CheckConstraint("to_date IS NULL OR to_date >= from_date", name="date_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    position: Mapped[str] = mapped_column(String(255), default="")
    from_date: Mapped[date] = mapped_column(Date)
    to_date: Mapped[date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship(back_populates="positions")
    unit: Mapped[Unit | None] = relationship()


class Collective(Model):
    __tablename__ = "collective"
    __table_args__ = (
        CheckConstraint("kind <> 'unit' OR unit_id IS NOT NULL", name="unit_has_unit"),
        Index("ix_collective_match", "kind", "search_key", "unit_id"),
        Index("ix_collective_search_trgm", "search_key", postgresql_using="gin",
              postgresql_ops={"search_key": "gin_trgm_ops"}),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CollectiveKind] = mapped_column(enum_column(CollectiveKind, "collective_kind"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    search_key: Mapped[str] = mapped_column(String(255))
    tax_code: Mapped[str] = mapped_column(String(20), default="")  # mã số thuế, an enterprise's
    address: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped[Unit | None] = relationship()

    def __repr__(self) -> str:
        return f"<Collective {self.id} {self.kind.value}>"


class RegistryEntry(Model):
    """One award or title received by a person or a collective (a line of the sổ khen thưởng)."""

    __tablename__ = "registry_entry"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (collective_id IS NULL)", name="one_nominee"),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
        # A dossier awarded in the app enters the registry once.
        UniqueConstraint("dossier_id", name="uq_registry_entry_dossier_id"),
        Index("ix_registry_entry_award_year", "award_id", "year"),
        # A record's timeline, and the registry search's order (newest year first) over everything.
        Index("ix_registry_entry_person_year", "person_id", "year"),
        Index("ix_registry_entry_collective_year", "collective_id", "year"),
        Index("ix_registry_entry_year_id", "year", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    collective_id: Mapped[int | None] = mapped_column(ForeignKey("collective.id", ondelete="RESTRICT"), index=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("award.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer)
    campaign_kind: Mapped[CampaignKind] = mapped_column(enum_column(CampaignKind, "registry_campaign_kind"),
                                                        default=CampaignKind.YEARLY)
    authority: Mapped[str] = mapped_column(String(255), default="")  # the deciding authority, as written
    decision_number: Mapped[str] = mapped_column(String(60), default="")
    decision_date: Mapped[date | None] = mapped_column(Date)
    source: Mapped[RegistrySource] = mapped_column(enum_column(RegistrySource, "registry_source"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("award_decision.id", ondelete="RESTRICT"), index=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person | None] = relationship()
    collective: Mapped[Collective | None] = relationship()
    award: Mapped[Award] = relationship()
    # Through the relationship the dossier's row is written first: a decision that lost a race on the
    # dossier (its version) fails there, not on this table's unique dossier_id.
    dossier: Mapped[Dossier | None] = relationship()


class PerformanceRating(Model):
    """A person's yearly performance rating (đánh giá, xếp loại)."""

    __tablename__ = "performance_rating"
    __table_args__ = (UniqueConstraint("person_id", "year", name="uq_performance_rating_person_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer)
    rating: Mapped[Rating] = mapped_column(enum_column(Rating, "performance_rating"))

    person: Mapped[Person] = relationship()


class Initiative(Model):
    """An initiative (sáng kiến, đề tài, giải pháp), its recognised scope and what it was used for:
    an award of a year (``used_for_award_id``, ``used_for_year``), or a dossier of this app."""

    __tablename__ = "initiative"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    year: Mapped[int] = mapped_column(Integer)
    scope: Mapped[Scope] = mapped_column(enum_column(Scope, "initiative_scope"))
    document: Mapped[str] = mapped_column(String(255), default="")  # the recognising document
    used_for_award_id: Mapped[int | None] = mapped_column(ForeignKey("award.id", ondelete="RESTRICT"))
    used_for_year: Mapped[int | None] = mapped_column(Integer)
    used_for_dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="RESTRICT"))

    person: Mapped[Person] = relationship()
    used_for_award: Mapped[Award | None] = relationship()


class CollectiveYearReport(Model):
    """A collective's year as its unit reports it: the collective's own rating (xếp loại tập thể) and its
    members — how many, how many completed their tasks, earned Lao động tiên tiến, earned Chiến sĩ thi đua
    cơ sở. The collective titles' rules ask for these (e.g. Hoàn thành xuất sắc nhiệm vụ, 100 % completed,
    ≥ 70 % Lao động tiên tiến, ≥ 1 Chiến sĩ thi đua cơ sở)."""

    __tablename__ = "collective_year_report"
    __table_args__ = (
        UniqueConstraint("collective_id", "year", name="uq_collective_year_report_collective_year"),
        CheckConstraint("year BETWEEN 1900 AND 2100", name="year_range"),
        CheckConstraint("total >= 0 AND completed BETWEEN 0 AND total AND ldtt BETWEEN 0 AND total "
                        "AND cstd_co_so BETWEEN 0 AND total", name="within_total"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    collective_id: Mapped[int] = mapped_column(ForeignKey("collective.id", ondelete="RESTRICT"))
    year: Mapped[int] = mapped_column(Integer)
    rating: Mapped[Rating | None] = mapped_column(enum_column(Rating, "collective_rating"))
    total: Mapped[int] = mapped_column(Integer)
    completed: Mapped[int] = mapped_column(Integer)
    ldtt: Mapped[int] = mapped_column(Integer)
    cstd_co_so: Mapped[int] = mapped_column(Integer)

    collective: Mapped[Collective] = relationship()


class Discipline(Model):
    """A disciplinary measure or a review (investigation, complaint being verified) of a person."""

    __tablename__ = "discipline"
    __table_args__ = (CheckConstraint("until IS NULL OR until >= since", name="date_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    status: Mapped[DisciplineStatus] = mapped_column(enum_column(DisciplineStatus, "discipline_status"))
    since: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[Person] = relationship()


class RegistryEvent(Model):
    """One line of a record's history: who changed what in a person's or a collective's record (a rating
    recorded, an entry added, an import, a merge and its undoing), with the details as JSON.

    Append-only (database triggers), like the dossiers' history. ``detail`` never holds a personal ID
    number (CCCD). ``batch`` groups the lines one operation wrote (an import, a merge) so that it can be
    shown, and a merge undone, as one.
    """

    __tablename__ = "registry_event"
    __table_args__ = (Index("ix_registry_event_person", "person_id", "id"),
                      Index("ix_registry_event_collective", "collective_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    collective_id: Mapped[int | None] = mapped_column(ForeignKey("collective.id", ondelete="RESTRICT"))
    action: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    batch: Mapped[str] = mapped_column(String(36), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person | None] = relationship()
    collective: Mapped[Collective | None] = relationship()
    actor: Mapped[User | None] = relationship(lazy="joined")


append_only(RegistryEvent.__table__)  # type: ignore[arg-type]
