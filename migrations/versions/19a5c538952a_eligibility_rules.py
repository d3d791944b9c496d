"""eligibility rules

One row per rule of an award's standard (issue 8): its kind, JSON parameters, the nominee kind it applies
to, an alternative label, its validity dates, rule set and legal basis. The rules themselves are data:
`flask --app wsgi eligibility seed` adds those of both decrees for the catalogue's awards.

Revision ID: 19a5c538952a
Revises: cd142e2c658a
Create Date: 2026-11-27 19:45:00.245370

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '19a5c538952a'
down_revision = 'cd142e2c658a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('eligibility_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('award_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('consecutive', 'window_count', 'initiatives', 'member_share', 'cluster_rank', 'no_duplicate', 'one_form_per_year', 'no_discipline', name='eligibility_rule_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('nominee_kind', sa.Enum('individual', 'collective', 'household', name='rule_nominee_kind', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('alternative', sa.String(length=20), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('rule_set', sa.String(length=120), nullable=False),
    sa.Column('legal_basis', sa.String(length=500), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_eligibility_rule_valid_range')),
    sa.ForeignKeyConstraint(['award_id'], ['award.id'], name=op.f('fk_eligibility_rule_award_id_award'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_eligibility_rule'))
    )
    with op.batch_alter_table('eligibility_rule', schema=None) as batch_op:
        batch_op.create_index('ix_eligibility_rule_award_dates', ['award_id', 'valid_from'], unique=False)



def downgrade():
    with op.batch_alter_table('eligibility_rule', schema=None) as batch_op:
        batch_op.drop_index('ix_eligibility_rule_award_dates')

    op.drop_table('eligibility_rule')
