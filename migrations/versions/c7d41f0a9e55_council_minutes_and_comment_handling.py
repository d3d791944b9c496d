"""council session: what its minutes print (number, time, place, chair, secretary, attendance,
conclusion); public comment: how the appraiser handled it

Revision ID: c7d41f0a9e55
Revises: e4afde3d4598
Create Date: 2026-11-28 00:30:00

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)

# revision identifiers, used by Alembic.
revision = 'c7d41f0a9e55'
down_revision = 'e4afde3d4598'
branch_labels = None
depends_on = None

COUNCIL_TEXTS = ('place', 'chair_name', 'chair_title', 'secretary_name')
COUNCIL_LISTS = ('present_names', 'absent_names', 'conclusion')


def upgrade():
    with op.batch_alter_table('council_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes_number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('starts_at', sa.Time(), nullable=True))
        for name in COUNCIL_TEXTS:
            batch_op.add_column(sa.Column(name, sa.String(length=255), nullable=False, server_default=''))
        for name in COUNCIL_LISTS:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=''))
        batch_op.create_check_constraint(op.f('ck_council_session_minutes_number_positive'),
                                         'minutes_number IS NULL OR minutes_number > 0')
    with op.batch_alter_table('public_comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handling', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('handled_at', app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('handled_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_public_comment_handled_by_id_user_account'), 'user_account',
                                    ['handled_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('public_comment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_public_comment_handled_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('handled_by_id')
        batch_op.drop_column('handled_at')
        batch_op.drop_column('handling')
    with op.batch_alter_table('council_session', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_council_session_minutes_number_positive'), type_='check')
        for name in reversed(COUNCIL_TEXTS + COUNCIL_LISTS):
            batch_op.drop_column(name)
        batch_op.drop_column('starts_at')
        batch_op.drop_column('minutes_number')
