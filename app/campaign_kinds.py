"""What a campaign's kind decides (DOMAIN.md §10d), read from the administrator's policies
(models.CampaignKindPolicy): whether its awards count toward merit streaks, whether dossiers go through the
cluster stage, its default submission deadline, its own stage deadlines, which awards are open.

A kind with no policy row follows ``DEFAULTS``, the law's usual reading: yearly, mid-term and final review
campaigns count toward streaks and use the cluster stage; thematic awards do not count; ad hoc (đột xuất)
awards neither count nor wait for a cluster. Callers ask here, never the table, so the fallback is one.
"""
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import Award, Campaign, CampaignKind, StageDeadline, State
from app.models.campaign_kinds import (
    DEFAULTS,
    CampaignKindPolicy,
    CampaignKindStageDeadline,
    KindRules,
    counting_kinds,  # noqa: F401  (callers ask this module, not the model's)
)


def _rules(policy: CampaignKindPolicy) -> KindRules:
    return KindRules(counts_for_streaks=policy.counts_for_streaks, has_cluster_stage=policy.has_cluster_stage,
                     submission_working_days=policy.submission_working_days,
                     open_award_ids=None if policy.all_awards_open else frozenset(a.id for a in policy.open_awards))


def rules_for(kind: CampaignKind) -> KindRules:
    policy = db.session.scalar(select(CampaignKindPolicy).where(CampaignKindPolicy.kind == kind)
                               .options(selectinload(CampaignKindPolicy.open_awards)))
    return _rules(policy) if policy is not None else DEFAULTS[kind]


def uses_cluster_stage(kind: CampaignKind) -> bool:
    stored = db.session.scalar(select(CampaignKindPolicy.has_cluster_stage).where(CampaignKindPolicy.kind == kind))
    return DEFAULTS[kind].has_cluster_stage if stored is None else stored


def award_refusal(campaign: Campaign, award: Award) -> str | None:
    """Why this award cannot be proposed in this campaign because of its kind, or None."""
    rules = rules_for(campaign.kind)
    if rules.open_award_ids is not None and award.id not in rules.open_award_ids:
        return _("%(award)s is not open in %(kind)s campaigns.", award=award.name,
                 kind=str(campaign.kind.label).lower())
    return None


def cluster_refusal(campaign: Campaign) -> str | None:
    """Why a cluster cannot propose into this campaign (its kind has no cluster stage), or None."""
    if not uses_cluster_stage(campaign.kind):
        return _("%(kind)s campaigns have no cluster stage: choose another campaign.", kind=campaign.kind.label)
    return None


def submission_working_days(kind: CampaignKind) -> int | None:
    """How many working days after its creation a new campaign of this kind is due, when left without a deadline."""
    return rules_for(kind).submission_working_days


def stage_working_days(kind: CampaignKind, state: State) -> int | None:
    """The kind's own deadline for the stage, else the general one (admin → stage deadlines), else none."""
    own = db.session.scalar(select(CampaignKindStageDeadline.working_days).where(
        CampaignKindStageDeadline.kind == kind, CampaignKindStageDeadline.state == state))
    if own is not None:
        return own
    return db.session.scalar(select(StageDeadline.working_days).where(StageDeadline.state == state))
