"""What each campaign kind (hằng năm, sơ kết, tổng kết, chuyên đề, đột xuất) carries, as data an administrator
edits: whether its awards count toward merit streaks, whether its dossiers go through the cluster stage, its
default submission deadline, its own stage deadlines, and which awards it is open for (DOMAIN.md §10d).

A kind without a policy row behaves as ``DEFAULTS``, the law's usual reading: yearly and review campaigns
count and use the cluster stage, thematic ones do not count, ad hoc ones do neither; every award is open.
app/campaign_kinds.py answers every question of a kind; ``counting_kinds`` lives here because the
eligibility facts, which import only models, need it.
"""
from dataclasses import dataclass

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Integer, Table, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model, db
from app.models.awards import Award, CampaignKind
from app.models.base import enum_column
from app.models.states import State

campaign_kind_award = Table(
    "campaign_kind_award",
    db.metadata,
    Column("kind", enum_column(CampaignKind, "campaign_kind_award_kind"),
           ForeignKey("campaign_kind_policy.kind", ondelete="CASCADE"), primary_key=True),
    Column("award_id", ForeignKey("award.id", ondelete="CASCADE"), primary_key=True),
)


class CampaignKindPolicy(Model):
    __tablename__ = "campaign_kind_policy"
    __table_args__ = (
        CheckConstraint("submission_working_days IS NULL OR submission_working_days BETWEEN 1 AND 365",
                        name="submission_days_range"),
    )

    kind: Mapped[CampaignKind] = mapped_column(enum_column(CampaignKind, "campaign_kind_policy_kind"),
                                               primary_key=True)
    counts_for_streaks: Mapped[bool] = mapped_column(Boolean)
    has_cluster_stage: Mapped[bool] = mapped_column(Boolean)
    # A new campaign of this kind left without a deadline gets one this many working days after it opens.
    submission_working_days: Mapped[int | None] = mapped_column(Integer)
    # False: only the awards listed (open_awards) may be proposed in campaigns of this kind.
    all_awards_open: Mapped[bool] = mapped_column(Boolean, default=True)

    open_awards: Mapped[list[Award]] = relationship(secondary=campaign_kind_award, order_by="Award.sort_order")
    stage_deadlines: Mapped[list["CampaignKindStageDeadline"]] = relationship(
        back_populates="policy", cascade="all, delete-orphan")


class CampaignKindStageDeadline(Model):
    """A kind's own deadline for a stage (an ad hoc campaign's appraisal in 5 working days, not 15)."""

    __tablename__ = "campaign_kind_stage_deadline"
    __table_args__ = (
        UniqueConstraint("kind", "state", name="uq_campaign_kind_stage_deadline_kind_state"),
        CheckConstraint("working_days BETWEEN 1 AND 365", name="days_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CampaignKind] = mapped_column(
        enum_column(CampaignKind, "kind_stage_kind"),
        ForeignKey("campaign_kind_policy.kind", ondelete="CASCADE"))
    state: Mapped[State] = mapped_column(enum_column(State, "kind_stage_state"))
    working_days: Mapped[int] = mapped_column(Integer)

    policy: Mapped[CampaignKindPolicy] = relationship(back_populates="stage_deadlines")


@dataclass(frozen=True)
class KindRules:
    counts_for_streaks: bool
    has_cluster_stage: bool
    submission_working_days: int | None = None
    open_award_ids: frozenset[int] | None = None  # None: every award is open


DEFAULTS = {
    CampaignKind.YEARLY: KindRules(counts_for_streaks=True, has_cluster_stage=True),
    CampaignKind.MID_TERM: KindRules(counts_for_streaks=True, has_cluster_stage=True),
    CampaignKind.FINAL: KindRules(counts_for_streaks=True, has_cluster_stage=True),
    CampaignKind.THEMATIC: KindRules(counts_for_streaks=False, has_cluster_stage=True),
    CampaignKind.AD_HOC: KindRules(counts_for_streaks=False, has_cluster_stage=False),
}


def counting_kinds() -> frozenset[CampaignKind]:
    """The kinds whose awards count toward merit streaks and windows (one statement)."""
    stored = dict(db.session.execute(select(CampaignKindPolicy.kind, CampaignKindPolicy.counts_for_streaks)).all())
    return frozenset(k for k in CampaignKind if stored.get(k, DEFAULTS[k].counts_for_streaks))
