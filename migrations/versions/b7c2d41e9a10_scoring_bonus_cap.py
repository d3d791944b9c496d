"""scoring: the round's bonus cap (issue 12, item 6)

Revision ID: b7c2d41e9a10
Revises: b7e2c41d9a10
Create Date: 2026-11-27 21:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)

# revision identifiers, used by Alembic.
revision = 'b7c2d41e9a10'
down_revision = 'b7e2c41d9a10'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rounds get the usual "+10 at most": their totals counted any bonus before.
    with op.batch_alter_table('cluster_scoring', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bonus_cap', sa.Numeric(precision=7, scale=2), server_default='10',
                                      nullable=False))
        batch_op.create_check_constraint(op.f('ck_cluster_scoring_bonus_cap_non_negative'), 'bonus_cap >= 0')


def downgrade():
    with op.batch_alter_table('cluster_scoring', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_cluster_scoring_bonus_cap_non_negative'), type_='check')
        batch_op.drop_column('bonus_cap')
