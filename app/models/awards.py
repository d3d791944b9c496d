"""The award catalogue, attachment types, movements and campaigns: all data an administrator edits."""
import enum
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, Integer, Numeric, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model, db
from app.models.base import enum_column


class NomineeKind(enum.Enum):
    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"
    HOUSEHOLD = "household"

    @property
    def label(self):
        return {
            NomineeKind.INDIVIDUAL: _l("Individual"),
            NomineeKind.COLLECTIVE: _l("Collective"),
            NomineeKind.HOUSEHOLD: _l("Household"),
        }[self]


class AwardLevel(enum.Enum):
    CENTRAL = "central"  # the province only proposes; a central body decides
    PROVINCIAL = "provincial"  # the provincial Chairman decides
    UNIT = "unit"  # the head of a unit / department / commune decides

    @property
    def label(self):
        return {
            AwardLevel.CENTRAL: _l("Central (province proposes)"),
            AwardLevel.PROVINCIAL: _l("Provincial"),
            AwardLevel.UNIT: _l("Unit level"),
        }[self]


class AwardType(enum.Enum):
    """Luật Thi đua, khen thưởng 2022: an emulation title is awarded as "tặng danh hiệu …", a form of
    commendation as "tặng …" (DOMAIN.md §10a)."""

    COMMENDATION = "commendation"  # hình thức khen thưởng: Huân chương, Bằng khen, Giấy khen
    TITLE = "title"  # danh hiệu thi đua: Chiến sĩ thi đua, Cờ thi đua, Lao động tiên tiến, Tập thể …

    @property
    def label(self):
        return {AwardType.COMMENDATION: _l("Form of commendation"), AwardType.TITLE: _l("Emulation title")}[self]


class ThresholdBase(enum.Enum):
    ALL_MEMBERS = "all_members"
    PRESENT = "present"

    @property
    def label(self):
        return {ThresholdBase.ALL_MEMBERS: _l("All council members"),
                ThresholdBase.PRESENT: _l("Members present")}[self]


class AttachmentType(Model):
    __tablename__ = "attachment_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


award_required_attachment = Table(
    "award_required_attachment",
    db.metadata,
    Column("award_id", ForeignKey("award.id", ondelete="CASCADE"), primary_key=True),
    Column("attachment_type_id", ForeignKey("attachment_type.id", ondelete="RESTRICT"), primary_key=True),
)


class Award(Model):
    """A form of commendation or an emulation title (hình thức khen thưởng / danh hiệu thi đua)."""

    __tablename__ = "award"
    __table_args__ = (
        CheckConstraint("for_individual OR for_collective OR for_household", name="has_nominee_kind"),
        CheckConstraint("approval_threshold > 0 AND approval_threshold <= 1", name="threshold_range"),
        CheckConstraint("quorum_ratio > 0 AND quorum_ratio <= 1", name="quorum_range"),
        CheckConstraint("public_notice_days >= 0", name="notice_days_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    level: Mapped[AwardLevel] = mapped_column(enum_column(AwardLevel, "award_level"))
    award_type: Mapped[AwardType] = mapped_column(enum_column(AwardType, "award_type"),
                                                  default=AwardType.COMMENDATION)
    decided_by: Mapped[str] = mapped_column(String(255), default="")
    for_individual: Mapped[bool] = mapped_column(Boolean, default=False)
    for_collective: Mapped[bool] = mapped_column(Boolean, default=False)
    for_household: Mapped[bool] = mapped_column(Boolean, default=False)
    via_cluster: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bonus coefficients × base salary; NULL where the award is not given to that kind of nominee.
    coefficient_individual: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    coefficient_collective: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    coefficient_household: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    quorum_ratio: Mapped[Decimal] = mapped_column(Numeric(4, 3), default=Decimal("0.667"))
    approval_threshold: Mapped[Decimal] = mapped_column(Numeric(4, 3), default=Decimal("0.5"))
    threshold_base: Mapped[ThresholdBase] = mapped_column(
        enum_column(ThresholdBase, "threshold_base"), default=ThresholdBase.ALL_MEMBERS
    )
    public_notice_days: Mapped[int] = mapped_column(Integer, default=0)
    # The decision's subject line, e.g. "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh".
    decision_subject: Mapped[str] = mapped_column(String(500), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    required_attachment_types: Mapped[list[AttachmentType]] = relationship(
        secondary=award_required_attachment, order_by=AttachmentType.sort_order
    )

    @property
    def nominee_kinds(self) -> list[NomineeKind]:
        flags = {
            NomineeKind.INDIVIDUAL: self.for_individual,
            NomineeKind.COLLECTIVE: self.for_collective,
            NomineeKind.HOUSEHOLD: self.for_household,
        }
        return [kind for kind, allowed in flags.items() if allowed]

    def coefficient_for(self, kind: NomineeKind) -> Decimal | None:
        return {
            NomineeKind.INDIVIDUAL: self.coefficient_individual,
            NomineeKind.COLLECTIVE: self.coefficient_collective,
            NomineeKind.HOUSEHOLD: self.coefficient_household,
        }[kind]

    @property
    def is_title(self) -> bool:
        return self.award_type is AwardType.TITLE

    @property
    def is_central(self) -> bool:
        return self.level is AwardLevel.CENTRAL


class Movement(Model):
    """An emulation movement (phong trào thi đua), e.g. 2025–2030 innovation and digital transformation."""

    __tablename__ = "movement"
    __table_args__ = (CheckConstraint("end_year >= start_year", name="year_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)

    campaigns: Mapped[list["Campaign"]] = relationship(back_populates="movement", order_by="Campaign.year")


class CampaignKind(enum.Enum):
    YEARLY = "yearly"
    MID_TERM = "mid_term"
    FINAL = "final"
    THEMATIC = "thematic"
    AD_HOC = "ad_hoc"

    @property
    def label(self):
        return {
            CampaignKind.YEARLY: _l("Yearly"),
            CampaignKind.MID_TERM: _l("Mid-term review"),
            CampaignKind.FINAL: _l("Final review"),
            CampaignKind.THEMATIC: _l("Thematic"),
            CampaignKind.AD_HOC: _l("Ad hoc"),
        }[self]


class Campaign(Model):
    """A round of nominations (đợt xét) within a movement: a year or a review."""

    __tablename__ = "campaign"
    __table_args__ = (CheckConstraint("year BETWEEN 1945 AND 2200", name="year_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    movement_id: Mapped[int | None] = mapped_column(ForeignKey("movement.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[CampaignKind] = mapped_column(enum_column(CampaignKind, "campaign_kind"))
    submission_deadline: Mapped[date | None] = mapped_column(Date)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)

    movement: Mapped[Movement | None] = relationship(back_populates="campaigns")
