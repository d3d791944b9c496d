"""signer term of office: a decision dated outside it is refused

Revision ID: a41d7c9e2b10
Revises: 3f6a2b8c1d45
Create Date: 2026-11-27 22:50:00

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)

# revision identifiers, used by Alembic.
revision = 'a41d7c9e2b10'
down_revision = '3f6a2b8c1d45'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('signer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('in_office_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('in_office_to', sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_signer_office_range'), 'in_office_to IS NULL OR in_office_from IS NULL OR in_office_to >= in_office_from')


def downgrade():
    with op.batch_alter_table('signer', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_signer_office_range'), type_='check')
        batch_op.drop_column('in_office_to')
        batch_op.drop_column('in_office_from')
