"""session versions, login throttle and last login address

Users get a session version (part of every session and remember-me cookie: raising it ends them all),
the address of their last login and the login before it; login_throttle counts failed logins per
username (known or not) and holds the wait.

Revision ID: 67f43a1b552a
Revises: f0eaddb43482
Create Date: 2026-11-27 18:50:53.529367

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)

# revision identifiers, used by Alembic.
revision = '67f43a1b552a'
down_revision = 'f0eaddb43482'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_throttle',
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('locked_until', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('username', name=op.f('pk_login_throttle'))
    )
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttle_last_failure_at'), ['last_failure_at'], unique=False)

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_login_from', sa.String(length=45), nullable=True))
        batch_op.add_column(sa.Column('previous_login_at', app.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('previous_login_from', sa.String(length=45), nullable=True))
        # Existing users start at version 1; their cookies from before (a bare id) are refused once.
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_version')
        batch_op.drop_column('previous_login_from')
        batch_op.drop_column('previous_login_at')
        batch_op.drop_column('last_login_from')

    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttle_last_failure_at'))

    op.drop_table('login_throttle')
