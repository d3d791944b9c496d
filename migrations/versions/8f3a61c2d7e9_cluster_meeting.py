"""cluster meeting: what the cluster minutes print (number, time, place, chair, secretary, attendance)

Revision ID: 8f3a61c2d7e9
Revises: 5d2f8a1c7e40
Create Date: 2026-11-28 00:40:00

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)

# revision identifiers, used by Alembic.
revision = '8f3a61c2d7e9'
down_revision = '5d2f8a1c7e40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'cluster_meeting',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scoring_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=40), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('starts_at', sa.Time(), nullable=False),
        sa.Column('ends_at', sa.Time(), nullable=True),
        sa.Column('place', sa.String(length=255), nullable=False),
        sa.Column('chair_name', sa.String(length=255), nullable=False),
        sa.Column('chair_position', sa.String(length=255), nullable=False),
        sa.Column('secretary_name', sa.String(length=255), nullable=False),
        sa.Column('secretary_position', sa.String(length=255), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', app.models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint('ends_at IS NULL OR ends_at > starts_at', name=op.f('ck_cluster_meeting_ends_after_start')),
        sa.ForeignKeyConstraint(['scoring_id'], ['cluster_scoring.id'], name=op.f('fk_cluster_meeting_scoring_id_cluster_scoring'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_cluster_meeting_updated_by_id_user_account'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cluster_meeting')),
        sa.UniqueConstraint('scoring_id', name=op.f('uq_cluster_meeting_scoring_id')),
    )
    op.create_table(
        'cluster_meeting_attendance',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('present', sa.Boolean(), nullable=False),
        sa.Column('representative', sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(['meeting_id'], ['cluster_meeting.id'],
                                name=op.f('fk_cluster_meeting_attendance_meeting_id_cluster_meeting'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_cluster_meeting_attendance_unit_id_unit'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cluster_meeting_attendance')),
        sa.UniqueConstraint('meeting_id', 'unit_id', name='uq_cluster_meeting_attendance_unit'),
    )
    op.create_index(op.f('ix_cluster_meeting_attendance_meeting_id'), 'cluster_meeting_attendance', ['meeting_id'])


def downgrade():
    op.drop_index(op.f('ix_cluster_meeting_attendance_meeting_id'), table_name='cluster_meeting_attendance')
    op.drop_table('cluster_meeting_attendance')
    op.drop_table('cluster_meeting')
