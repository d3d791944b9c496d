"""periodic reports on a movement

Issue 11, part 2: the figures a movement's reports ask for, the reporting schedule, report rounds
(half-year, yearly, mid-term and final reviews), each unit's report with its values, attachments,
history and the reminders sent (once per report, kind and day).

Revision ID: 3b8e6f2a9c14
Revises: 8f3a61c2d7e9
Create Date: 2026-11-28 00:40:00

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)

# revision identifiers, used by Alembic.
revision = '3b8e6f2a9c14'
down_revision = '8f3a61c2d7e9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_schedule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('movement_id', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.Enum('half_yearly', 'yearly', name='report_frequency', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('deadline_working_days', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('deadline_working_days BETWEEN 1 AND 60', name=op.f('ck_report_schedule_deadline_range')),
    sa.ForeignKeyConstraint(['movement_id'], ['movement.id'], name=op.f('fk_report_schedule_movement_id_movement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_schedule')),
    sa.UniqueConstraint('movement_id', 'frequency', name='uq_report_schedule_movement_frequency')
    )
    op.create_table('report_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('movement_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('half_year', 'yearly', 'mid_term', 'final', name='report_round_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('part', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('deadline_working_days', sa.Integer(), nullable=False),
    sa.Column('closed_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('due_on >= opened_on', name=op.f('ck_report_round_due_after_opening')),
    sa.CheckConstraint('part BETWEEN 0 AND 2', name=op.f('ck_report_round_part_range')),
    sa.CheckConstraint('year BETWEEN 1945 AND 2200', name=op.f('ck_report_round_year_range')),
    sa.ForeignKeyConstraint(['movement_id'], ['movement.id'], name=op.f('fk_report_round_movement_id_movement'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['opened_by_id'], ['user_account.id'], name=op.f('fk_report_round_opened_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_round')),
    sa.UniqueConstraint('movement_id', 'kind', 'year', 'part', name='uq_report_round_period')
    )
    with op.batch_alter_table('report_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_round_movement_id'), ['movement_id'], unique=False)

    op.create_table('unit_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('target_group', sa.Enum('agencies_and_localities', 'front_and_mass_organisations', 'enterprises', 'individuals', name='unit_report_group', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'returned', 'accepted', name='unit_report_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.Column('reopened', sa.Boolean(), nullable=False),
    sa.Column('submitted_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.Column('updated_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status NOT IN ('submitted', 'accepted') OR submitted_on IS NOT NULL", name=op.f('ck_unit_report_submitted_has_day')),
    sa.ForeignKeyConstraint(['round_id'], ['report_round.id'], name=op.f('fk_unit_report_round_id_report_round'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_report_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_report')),
    sa.UniqueConstraint('round_id', 'unit_id', name='uq_unit_report_round_unit')
    )
    with op.batch_alter_table('unit_report', schema=None) as batch_op:
        batch_op.create_index('ix_unit_report_round_status', ['round_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_report_unit_id'), ['unit_id'], unique=False)

    op.create_table('report_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['unit_report.id'], name=op.f('fk_report_attachment_report_id_unit_report'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_report_attachment_uploaded_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_attachment')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_report_attachment_stored_name'))
    )
    with op.batch_alter_table('report_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_attachment_report_id'), ['report_id'], unique=False)

    op.create_table('report_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Enum('save', 'submit', 'return', 'accept', 'reopen', 'remind', 'attach', 'detach', name='report_action', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_report_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_id'], ['unit_report.id'], name=op.f('fk_report_event_report_id_unit_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_event'))
    )
    with op.batch_alter_table('report_event', schema=None) as batch_op:
        batch_op.create_index('ix_report_event_report', ['report_id', 'id'], unique=False)

    op.create_table('report_figure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('movement_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=255), nullable=False),
    sa.Column('value_type', sa.Enum('integer', 'decimal', 'percent', 'text', name='report_figure_type', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('min_value', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('max_value', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('target_group', sa.Enum('agencies_and_localities', 'front_and_mass_organisations', 'enterprises', 'individuals', name='report_figure_group', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('unit_of_measure', sa.String(length=40), nullable=False),
    sa.Column('content_group_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('min_value IS NULL OR max_value IS NULL OR min_value <= max_value', name=op.f('ck_report_figure_bounds_order')),
    sa.ForeignKeyConstraint(['content_group_id'], ['movement_content_group.id'], name=op.f('fk_report_figure_content_group_id_movement_content_group'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['movement_id'], ['movement.id'], name=op.f('fk_report_figure_movement_id_movement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_figure')),
    sa.UniqueConstraint('movement_id', 'code', name='uq_report_figure_movement_code')
    )
    with op.batch_alter_table('report_figure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_figure_content_group_id'), ['content_group_id'], unique=False)

    op.create_table('report_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('on_day', sa.Date(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_report_reminder_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_id'], ['unit_report.id'], name=op.f('fk_report_reminder_report_id_unit_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_reminder')),
    sa.UniqueConstraint('report_id', 'kind', 'on_day', name='uq_report_reminder_once')
    )
    op.create_table('report_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('figure_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['figure_id'], ['report_figure.id'], name=op.f('fk_report_value_figure_id_report_figure'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['unit_report.id'], name=op.f('fk_report_value_report_id_unit_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_value')),
    sa.UniqueConstraint('report_id', 'figure_id', name='uq_report_value_report_figure')
    )
    with op.batch_alter_table('report_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_value_figure_id'), ['figure_id'], unique=False)



def downgrade():
    with op.batch_alter_table('report_value', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_value_figure_id'))

    op.drop_table('report_value')
    op.drop_table('report_reminder')
    with op.batch_alter_table('report_figure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_figure_content_group_id'))

    op.drop_table('report_figure')
    with op.batch_alter_table('report_event', schema=None) as batch_op:
        batch_op.drop_index('ix_report_event_report')

    op.drop_table('report_event')
    with op.batch_alter_table('report_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_attachment_report_id'))

    op.drop_table('report_attachment')
    with op.batch_alter_table('unit_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_report_unit_id'))
        batch_op.drop_index('ix_unit_report_round_status')

    op.drop_table('unit_report')
    with op.batch_alter_table('report_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_round_movement_id'))

    op.drop_table('report_round')
    op.drop_table('report_schedule')
