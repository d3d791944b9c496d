"""role assignments, delegations and the roles' audit trail: a user may hold several roles (each with its
unit and dates) and a unit head may delegate approving and/or signing to a deputy for a period

Revision ID: a7c3e9f1b2d4
Revises: 4e9b2d7c1a35
Create Date: 2026-11-28 04:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e9f1b2d4'
down_revision = '4e9b2d7c1a35'
branch_labels = None
depends_on = None

ROLES = ('officer', 'unit_head', 'cluster_lead', 'appraiser', 'secretary', 'admin')
UNIT_ROLE_HAS_UNIT = "unit_id IS NOT NULL OR role NOT IN ('officer', 'unit_head', 'cluster_lead')"


def _enum(values, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=max(map(len, values)))


def upgrade():
    op.create_table(
        'role_assignment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('role', _enum(ROLES, 'assignment_role'), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('starts_on', sa.Date(), nullable=True),
        sa.Column('ends_on', sa.Date(), nullable=True),
        sa.Column('note', sa.String(length=255), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(UNIT_ROLE_HAS_UNIT, name=op.f('ck_role_assignment_unit_role_has_unit')),
        sa.CheckConstraint('ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on',
                           name=op.f('ck_role_assignment_date_order')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_role_assignment_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_role_assignment_unit_id_unit'),
                                ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_role_assignment_created_by_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_role_assignment')),
    )
    op.create_index(op.f('ix_role_assignment_user_id'), 'role_assignment', ['user_id'], unique=False)
    op.create_index(op.f('ix_role_assignment_unit_id'), 'role_assignment', ['unit_id'], unique=False)

    op.create_table(
        'delegation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('delegator_id', sa.Integer(), nullable=False),
        sa.Column('delegate_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('role', _enum(ROLES, 'delegated_role'), nullable=False),
        sa.Column('scope', _enum(('approve', 'sign', 'all'), 'delegation_scope'), nullable=False),
        sa.Column('mode', _enum(('kt', 'q', 'tl'), 'delegation_mode'), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_delegation_date_order')),
        sa.CheckConstraint('delegate_id <> delegator_id', name=op.f('ck_delegation_not_to_self')),
        sa.ForeignKeyConstraint(['delegator_id'], ['user_account.id'],
                                name=op.f('fk_delegation_delegator_id_user_account'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['delegate_id'], ['user_account.id'],
                                name=op.f('fk_delegation_delegate_id_user_account'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_delegation_unit_id_unit'), ondelete='RESTRICT'),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_delegation_created_by_id_user_account'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['revoked_by_id'], ['user_account.id'],
                                name=op.f('fk_delegation_revoked_by_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_delegation')),
    )
    op.create_index(op.f('ix_delegation_delegator_id'), 'delegation', ['delegator_id'], unique=False)
    op.create_index('ix_delegation_delegate_ends', 'delegation', ['delegate_id', 'ends_on'], unique=False)

    op.create_table(
        'role_audit_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('subject_id', sa.Integer(), nullable=True),
        sa.Column('hat_key', sa.String(length=24), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=True),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('address', sa.String(length=45), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'],
                                name=op.f('fk_role_audit_event_actor_id_user_account'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['subject_id'], ['user_account.id'],
                                name=op.f('fk_role_audit_event_subject_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_role_audit_event')),
    )
    op.create_index(op.f('ix_role_audit_event_actor_id'), 'role_audit_event', ['actor_id'], unique=False)
    op.create_index(op.f('ix_role_audit_event_created_at'), 'role_audit_event', ['created_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_role_audit_event_created_at'), table_name='role_audit_event')
    op.drop_index(op.f('ix_role_audit_event_actor_id'), table_name='role_audit_event')
    op.drop_table('role_audit_event')
    op.drop_index('ix_delegation_delegate_ends', table_name='delegation')
    op.drop_index(op.f('ix_delegation_delegator_id'), table_name='delegation')
    op.drop_table('delegation')
    op.drop_index(op.f('ix_role_assignment_unit_id'), table_name='role_assignment')
    op.drop_index(op.f('ix_role_assignment_user_id'), table_name='role_assignment')
    op.drop_table('role_assignment')
