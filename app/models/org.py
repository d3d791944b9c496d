"""Organisation: units (with sub-units, validity and successors) and emulation clusters/blocs per year."""
import enum
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import enum_column


class UnitKind(enum.Enum):
    DEPARTMENT = "department"
    COMMUNE = "commune"
    WARD = "ward"
    SPECIAL_ZONE = "special_zone"
    MASS_ORGANISATION = "mass_organisation"
    PUBLIC_SERVICE = "public_service"
    ENTERPRISE = "enterprise"
    SUB_UNIT = "sub_unit"

    @property
    def label(self):
        return {
            UnitKind.DEPARTMENT: _l("Department / agency"),
            UnitKind.COMMUNE: _l("Commune"),
            UnitKind.WARD: _l("Ward"),
            UnitKind.SPECIAL_ZONE: _l("Special zone"),
            UnitKind.MASS_ORGANISATION: _l("Mass organisation"),
            UnitKind.PUBLIC_SERVICE: _l("Public service unit"),
            UnitKind.ENTERPRISE: _l("Enterprise"),
            UnitKind.SUB_UNIT: _l("Sub-unit"),
        }[self]


class Unit(Model):
    __tablename__ = "unit"
    __table_args__ = (
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="valid_range"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[UnitKind] = mapped_column(enum_column(UnitKind, "unit_kind"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    search_key: Mapped[str] = mapped_column(String(255), index=True, default="")
    # A unit that decides its own awards (DOMAIN.md §10b) numbers them in its own register under this symbol
    # ("QĐ-SKHCN"; a commune's People's Committee: "QĐ-UBND"); empty: "QĐ-" and the unit's code.
    decision_symbol: Mapped[str] = mapped_column(String(12), default="", server_default="")
    # The head's title without the unit's name ("Giám đốc", "Viện trưởng", "Chủ tịch"); empty: from the kind.
    head_title: Mapped[str] = mapped_column(String(80), default="", server_default="")

    parent: Mapped["Unit | None"] = relationship(remote_side=[id], foreign_keys=[parent_id], back_populates="children")
    children: Mapped[list["Unit"]] = relationship(foreign_keys=[parent_id], back_populates="parent",
                                                  order_by="Unit.name")
    successor: Mapped["Unit | None"] = relationship(remote_side=[id], foreign_keys=[successor_id])

    @property
    def deciding_unit(self) -> "Unit":
        """The unit whose head decides this unit's unit-level awards: a sub-unit's (phòng, trường…) parent
        department or commune, else the unit itself."""
        unit = self
        while unit.kind is UnitKind.SUB_UNIT and unit.parent is not None:
            unit = unit.parent
        return unit

    @property
    def register_symbol(self) -> str:
        """The symbol of the unit's own decisions: "QĐ-SKHCN"; a commune's or ward's People's Committee: "QĐ-UBND"."""
        if self.decision_symbol.strip():
            return self.decision_symbol.strip()
        if self.kind in (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE):
            return "QĐ-UBND"
        return f"QĐ-{self.code.upper()}"[:12]

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"


class ClusterKind(enum.Enum):
    CLUSTER = "cluster"
    BLOC = "bloc"

    @property
    def label(self):
        return {ClusterKind.CLUSTER: _l("Cluster"), ClusterKind.BLOC: _l("Bloc")}[self]


class Cluster(Model):
    """An emulation cluster (cụm) or bloc (khối) set up by the provincial council."""

    __tablename__ = "cluster"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[ClusterKind] = mapped_column(enum_column(ClusterKind, "cluster_kind"))
    description: Mapped[str] = mapped_column(Text, default="")

    memberships: Mapped[list["ClusterMembership"]] = relationship(
        back_populates="cluster", cascade="all, delete-orphan"
    )
    leaderships: Mapped[list["ClusterLeadership"]] = relationship(
        back_populates="cluster", cascade="all, delete-orphan", order_by="ClusterLeadership.year"
    )


class ClusterMembership(Model):
    """A unit's membership of a cluster in one year (a unit is in one cluster or bloc a year)."""

    __tablename__ = "cluster_membership"
    __table_args__ = (UniqueConstraint("unit_id", "year", name="uq_cluster_membership_unit_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)

    cluster: Mapped[Cluster] = relationship(back_populates="memberships")
    unit: Mapped[Unit] = relationship()


class ClusterLeadership(Model):
    """The lead (cụm trưởng) and deputy (cụm phó) units a cluster elected for one year."""

    __tablename__ = "cluster_leadership"
    __table_args__ = (
        UniqueConstraint("cluster_id", "year", name="uq_cluster_leadership_cluster_year"),
        CheckConstraint("deputy_unit_id IS NULL OR deputy_unit_id <> lead_unit_id", name="lead_not_deputy"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("cluster.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    deputy_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"))

    cluster: Mapped[Cluster] = relationship(back_populates="leaderships")
    lead_unit: Mapped[Unit] = relationship(foreign_keys=[lead_unit_id])
    deputy_unit: Mapped[Unit | None] = relationship(foreign_keys=[deputy_unit_id])
