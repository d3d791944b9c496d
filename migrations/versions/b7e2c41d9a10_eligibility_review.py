"""eligibility review: the appraiser's agreement with or override of the engine's verdict on a dossier

Revision ID: b7e2c41d9a10
Revises: ac1f50774468
Create Date: 2026-11-27 21:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)
from app.models.base import UTCDateTime

# revision identifiers, used by Alembic.
revision = 'b7e2c41d9a10'
down_revision = 'ac1f50774468'
branch_labels = None
depends_on = None

VERDICTS = ('eligible', 'needs_evidence', 'not_eligible', 'hold')


def upgrade():
    op.create_table('eligibility_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('engine_verdict', sa.Enum(*VERDICTS, name='review_engine_verdict', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('rule_set', sa.String(length=300), nullable=False),
    sa.Column('engine_reasons', sa.JSON(), nullable=False),
    sa.Column('agrees', sa.Boolean(), nullable=False),
    sa.Column('verdict', sa.Enum(*VERDICTS, name='review_verdict', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("agrees OR reason <> ''", name=op.f('ck_eligibility_review_override_has_reason')),
    sa.CheckConstraint('NOT agrees OR verdict = engine_verdict', name=op.f('ck_eligibility_review_agreement_keeps_verdict')),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_eligibility_review_dossier_id_dossier'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['event_id'], ['dossier_event.id'], name=op.f('fk_eligibility_review_event_id_dossier_event'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], name=op.f('fk_eligibility_review_reviewed_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eligibility_review'))
    )
    with op.batch_alter_table('eligibility_review', schema=None) as batch_op:
        batch_op.create_index('ix_eligibility_review_dossier', ['dossier_id', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('eligibility_review', schema=None) as batch_op:
        batch_op.drop_index('ix_eligibility_review_dossier')
    op.drop_table('eligibility_review')
