"""movement launch, units' plans, registrations, digital-transformation index (issue 11)

Sở Nội vụ's launch of a movement (plan document, phases, content groups per target group, registration
years with their deadlines), the units' own plans, their yearly registrations (targets per content group,
titles aimed for, reopenings after the deadline), Sở KH&CN's digital-transformation scores per unit and
year, and the movement's history rows. The eligibility rule kind 'registered' (a unit that did not
register for the year cannot be proposed for a flag) joins the rule kinds' CHECK.

Revision ID: e4afde3d4598
Revises: b52e8d0f3c21
Create Date: 2026-11-28 00:11:16.527932

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)
from migrations.enum_check import rebuild_enum_check

RULE_KINDS = ['consecutive', 'window_count', 'initiatives', 'member_share', 'cluster_rank', 'no_duplicate',
              'one_form_per_year', 'no_discipline']

# revision identifiers, used by Alembic.
revision = 'e4afde3d4598'
down_revision = 'b52e8d0f3c21'
branch_labels = None
depends_on = None


def upgrade():
    rebuild_enum_check('eligibility_rule', 'kind', RULE_KINDS + ['registered'])
    op.create_table('movement_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('movement_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_movement_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['movement_id'], ['movement.id'], name=op.f('fk_movement_event_movement_id_movement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_movement_event_unit_id_unit'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_event'))
    )
    with op.batch_alter_table('movement_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_movement_event_movement_id'), ['movement_id'], unique=False)

    op.create_table('movement_launch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('movement_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', name='launch_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('plan_reference', sa.String(length=255), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('plan_deadline', sa.Date(), nullable=True),
    sa.Column('published_at', app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=True),
    sa.Column('stored_name', sa.String(length=80), nullable=True),
    sa.Column('content_type', sa.String(length=120), nullable=True),
    sa.Column('size_bytes', sa.BigInteger(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.CheckConstraint("status <> 'published' OR published_at IS NOT NULL", name=op.f('ck_movement_launch_published_has_date')),
    sa.ForeignKeyConstraint(['movement_id'], ['movement.id'], name=op.f('fk_movement_launch_movement_id_movement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by_id'], ['user_account.id'], name=op.f('fk_movement_launch_published_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_launch')),
    sa.UniqueConstraint('movement_id', name=op.f('uq_movement_launch_movement_id')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_movement_launch_stored_name'))
    )
    op.create_table('movement_registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('movement_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('target_group', sa.Enum('agencies_and_localities', 'front_and_mass_organisations', 'enterprises', 'individuals', name='target_group', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('commitment', sa.Text(), nullable=False),
    sa.Column('registered_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('year BETWEEN 1945 AND 2200', name=op.f('ck_movement_registration_year_range')),
    sa.ForeignKeyConstraint(['movement_id'], ['movement.id'], name=op.f('fk_movement_registration_movement_id_movement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registered_by_id'], ['user_account.id'], name=op.f('fk_movement_registration_registered_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_movement_registration_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_registration')),
    sa.UniqueConstraint('movement_id', 'unit_id', 'year', name='uq_movement_registration_unit_year')
    )
    with op.batch_alter_table('movement_registration', schema=None) as batch_op:
        batch_op.create_index('ix_movement_registration_movement_year', ['movement_id', 'year', 'unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_movement_registration_unit_id'), ['unit_id'], unique=False)

    op.create_table('movement_registration_reopening',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('movement_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('until', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reopened_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['movement_id'], ['movement.id'], name=op.f('fk_movement_registration_reopening_movement_id_movement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reopened_by_id'], ['user_account.id'], name=op.f('fk_movement_registration_reopening_reopened_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_movement_registration_reopening_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_registration_reopening')),
    sa.UniqueConstraint('movement_id', 'unit_id', 'year', name='uq_movement_reopening')
    )
    op.create_table('movement_unit_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('movement_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('uploaded_on', sa.Date(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('original_name', sa.String(length=255), nullable=True),
    sa.Column('stored_name', sa.String(length=80), nullable=True),
    sa.Column('content_type', sa.String(length=120), nullable=True),
    sa.Column('size_bytes', sa.BigInteger(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['movement_id'], ['movement.id'], name=op.f('fk_movement_unit_plan_movement_id_movement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_movement_unit_plan_unit_id_unit'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_movement_unit_plan_uploaded_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_unit_plan')),
    sa.UniqueConstraint('movement_id', 'unit_id', name='uq_movement_unit_plan'),
    sa.UniqueConstraint('stored_name', name=op.f('uq_movement_unit_plan_stored_name'))
    )
    with op.batch_alter_table('movement_unit_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_movement_unit_plan_unit_id'), ['unit_id'], unique=False)

    op.create_table('dx_score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('score', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('imported_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('level >= 0 AND level <= 6', name=op.f('ck_dx_score_level_range')),
    sa.CheckConstraint('score >= 0 AND score <= 1000', name=op.f('ck_dx_score_score_range')),
    sa.CheckConstraint('year BETWEEN 1945 AND 2200', name=op.f('ck_dx_score_year_range')),
    sa.ForeignKeyConstraint(['imported_by_id'], ['user_account.id'], name=op.f('fk_dx_score_imported_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['job_id'], ['job.id'], name=op.f('fk_dx_score_job_id_job'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_dx_score_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dx_score')),
    sa.UniqueConstraint('unit_id', 'year', name='uq_dx_score_unit_year')
    )
    op.create_table('movement_content_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('launch_id', sa.Integer(), nullable=False),
    sa.Column('target_group', sa.Enum('agencies_and_localities', 'front_and_mass_organisations', 'enterprises', 'individuals', name='target_group', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('criteria', sa.Text(), nullable=False),
    sa.Column('target_kind', sa.Enum('number', 'text', name='target_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('unit_label', sa.String(length=40), nullable=False),
    sa.Column('min_value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('max_value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.CheckConstraint('min_value IS NULL OR max_value IS NULL OR min_value <= max_value', name=op.f('ck_movement_content_group_value_range')),
    sa.ForeignKeyConstraint(['launch_id'], ['movement_launch.id'], name=op.f('fk_movement_content_group_launch_id_movement_launch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_content_group')),
    sa.UniqueConstraint('launch_id', 'code', name='uq_movement_content_group_code')
    )
    with op.batch_alter_table('movement_content_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_movement_content_group_launch_id'), ['launch_id'], unique=False)

    op.create_table('movement_phase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('launch_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('end_year', sa.Integer(), nullable=False),
    sa.CheckConstraint('end_year >= start_year', name=op.f('ck_movement_phase_year_range')),
    sa.ForeignKeyConstraint(['launch_id'], ['movement_launch.id'], name=op.f('fk_movement_phase_launch_id_movement_launch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_phase'))
    )
    with op.batch_alter_table('movement_phase', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_movement_phase_launch_id'), ['launch_id'], unique=False)

    op.create_table('movement_registration_award',
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('award_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['award_id'], ['award.id'], name=op.f('fk_movement_registration_award_award_id_award'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['registration_id'], ['movement_registration.id'], name=op.f('fk_movement_registration_award_registration_id_movement_registration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('registration_id', 'award_id', name=op.f('pk_movement_registration_award'))
    )
    op.create_table('movement_registration_year',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('launch_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.CheckConstraint('year BETWEEN 1945 AND 2200', name=op.f('ck_movement_registration_year_year_range')),
    sa.ForeignKeyConstraint(['launch_id'], ['movement_launch.id'], name=op.f('fk_movement_registration_year_launch_id_movement_launch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_registration_year')),
    sa.UniqueConstraint('launch_id', 'year', name='uq_movement_registration_year')
    )
    with op.batch_alter_table('movement_registration_year', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_movement_registration_year_launch_id'), ['launch_id'], unique=False)

    op.create_table('movement_registration_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('content_group_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['content_group_id'], ['movement_content_group.id'], name=op.f('fk_movement_registration_target_content_group_id_movement_content_group'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['registration_id'], ['movement_registration.id'], name=op.f('fk_movement_registration_target_registration_id_movement_registration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_movement_registration_target')),
    sa.UniqueConstraint('registration_id', 'content_group_id', name='uq_movement_registration_target')
    )
    with op.batch_alter_table('movement_registration_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_movement_registration_target_content_group_id'), ['content_group_id'], unique=False)


def downgrade():
    op.execute(sa.text("DELETE FROM eligibility_rule WHERE kind = 'registered'"))
    rebuild_enum_check('eligibility_rule', 'kind', RULE_KINDS)

    with op.batch_alter_table('movement_registration_target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_movement_registration_target_content_group_id'))

    op.drop_table('movement_registration_target')
    with op.batch_alter_table('movement_registration_year', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_movement_registration_year_launch_id'))

    op.drop_table('movement_registration_year')
    op.drop_table('movement_registration_award')
    with op.batch_alter_table('movement_phase', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_movement_phase_launch_id'))

    op.drop_table('movement_phase')
    with op.batch_alter_table('movement_content_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_movement_content_group_launch_id'))

    op.drop_table('movement_content_group')
    op.drop_table('dx_score')
    with op.batch_alter_table('movement_unit_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_movement_unit_plan_unit_id'))

    op.drop_table('movement_unit_plan')
    op.drop_table('movement_registration_reopening')
    with op.batch_alter_table('movement_registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_movement_registration_unit_id'))
        batch_op.drop_index('ix_movement_registration_movement_year')

    op.drop_table('movement_registration')
    op.drop_table('movement_launch')
    with op.batch_alter_table('movement_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_movement_event_movement_id'))

    op.drop_table('movement_event')
