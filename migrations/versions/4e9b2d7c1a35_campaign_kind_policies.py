"""campaign kinds as data: streaks, cluster stage, default deadline, own stage deadlines, open awards

Revision ID: 4e9b2d7c1a35
Revises: c7d1e5a9b3f2
Create Date: 2026-11-28 01:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '4e9b2d7c1a35'
down_revision = 'c7d1e5a9b3f2'
branch_labels = None
depends_on = None

KINDS = ('yearly', 'mid_term', 'final', 'thematic', 'ad_hoc')
STATES = ('draft', 'unit_review', 'returned', 'cluster_review', 'submitted', 'appraisal', 'public_notice',
          'council_review', 'approved', 'not_approved', 'proposed_to_central', 'awarded', 'withdrawn', 'on_hold')


def _kind(name: str) -> sa.Enum:
    return sa.Enum(*KINDS, name=name, native_enum=False, create_constraint=True, length=8)


def upgrade():
    policy = op.create_table(
        'campaign_kind_policy',
        sa.Column('kind', _kind('campaign_kind_policy_kind'), nullable=False),
        sa.Column('counts_for_streaks', sa.Boolean(), nullable=False),
        sa.Column('has_cluster_stage', sa.Boolean(), nullable=False),
        sa.Column('submission_working_days', sa.Integer(), nullable=True),
        sa.Column('all_awards_open', sa.Boolean(), nullable=False),
        sa.CheckConstraint('submission_working_days IS NULL OR submission_working_days BETWEEN 1 AND 365',
                           name=op.f('ck_campaign_kind_policy_submission_days_range')),
        sa.PrimaryKeyConstraint('kind', name=op.f('pk_campaign_kind_policy')),
    )
    op.create_table(
        'campaign_kind_award',
        sa.Column('kind', _kind('campaign_kind_award_kind'), nullable=False),
        sa.Column('award_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['award_id'], ['award.id'], name=op.f('fk_campaign_kind_award_award_id_award'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['kind'], ['campaign_kind_policy.kind'],
                                name=op.f('fk_campaign_kind_award_kind_campaign_kind_policy'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('kind', 'award_id', name=op.f('pk_campaign_kind_award')),
    )
    deadlines = op.create_table(
        'campaign_kind_stage_deadline',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', _kind('kind_stage_kind'), nullable=False),
        sa.Column('state', sa.Enum(*STATES, name='kind_stage_state', native_enum=False,
                                   create_constraint=True, length=19), nullable=False),
        sa.Column('working_days', sa.Integer(), nullable=False),
        sa.CheckConstraint('working_days BETWEEN 1 AND 365', name=op.f('ck_campaign_kind_stage_deadline_days_range')),
        sa.ForeignKeyConstraint(['kind'], ['campaign_kind_policy.kind'],
                                name=op.f('fk_campaign_kind_stage_deadline_kind_campaign_kind_policy'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_kind_stage_deadline')),
        sa.UniqueConstraint('kind', 'state', name='uq_campaign_kind_stage_deadline_kind_state'),
    )
    # The law's usual reading, written out so that an administrator sees and edits it (DOMAIN.md §10d): yearly
    # and review campaigns count toward streaks and use the cluster stage; thematic awards do not count; an ad
    # hoc (đột xuất) campaign is short: no cluster stage, a deadline 10 working days out, quicker appraisal.
    op.bulk_insert(policy, [
        {'kind': 'yearly', 'counts_for_streaks': True, 'has_cluster_stage': True, 'submission_working_days': None,
         'all_awards_open': True},
        {'kind': 'mid_term', 'counts_for_streaks': True, 'has_cluster_stage': True,
         'submission_working_days': None, 'all_awards_open': True},
        {'kind': 'final', 'counts_for_streaks': True, 'has_cluster_stage': True, 'submission_working_days': None,
         'all_awards_open': True},
        {'kind': 'thematic', 'counts_for_streaks': False, 'has_cluster_stage': True,
         'submission_working_days': 20, 'all_awards_open': True},
        {'kind': 'ad_hoc', 'counts_for_streaks': False, 'has_cluster_stage': False, 'submission_working_days': 10,
         'all_awards_open': True},
    ])
    op.bulk_insert(deadlines, [
        {'kind': 'ad_hoc', 'state': 'submitted', 'working_days': 2},
        {'kind': 'ad_hoc', 'state': 'appraisal', 'working_days': 5},
        {'kind': 'ad_hoc', 'state': 'council_review', 'working_days': 5},
    ])


def downgrade():
    op.drop_table('campaign_kind_stage_deadline')
    op.drop_table('campaign_kind_award')
    op.drop_table('campaign_kind_policy')
