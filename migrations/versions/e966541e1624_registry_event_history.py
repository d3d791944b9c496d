"""registry event history: who changed what in a person's or a collective's record (append-only)

Revision ID: e966541e1624
Revises: 1e3d177de490
Create Date: 2026-11-27 21:06:20.986462

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)
from app.models.base import UTCDateTime
from app.models.history import drop_statements, trigger_statements

# revision identifiers, used by Alembic.
revision = 'e966541e1624'
down_revision = '1e3d177de490'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('registry_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('collective_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('batch', sa.String(length=36), nullable=False),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_registry_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['collective_id'], ['collective.id'], name=op.f('fk_registry_event_collective_id_collective'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_registry_event_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_event'))
    )
    with op.batch_alter_table('registry_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registry_event_batch'), ['batch'], unique=False)
        batch_op.create_index('ix_registry_event_collective', ['collective_id', 'id'], unique=False)
        batch_op.create_index('ix_registry_event_person', ['person_id', 'id'], unique=False)
    for statement in trigger_statements(op.get_context().dialect.name, 'registry_event'):
        op.execute(statement)


def downgrade():
    for statement in drop_statements(op.get_context().dialect.name, 'registry_event'):
        op.execute(statement)
    with op.batch_alter_table('registry_event', schema=None) as batch_op:
        batch_op.drop_index('ix_registry_event_person')
        batch_op.drop_index('ix_registry_event_collective')
        batch_op.drop_index(batch_op.f('ix_registry_event_batch'))
    op.drop_table('registry_event')
