"""keep removed files, deleted drafts and the history

Attachments get detached_at / detached_by_id (a removed file keeps its row and its file); dossiers get
deleted_at (a deleted draft keeps its rows; only a draft that never left its unit, a CHECK says); the
history gets prev_hash / hash, computed here for the rows already there (each dossier's chain starts at
its first row). The dossier and scoring histories get triggers that refuse UPDATE and DELETE (and
TRUNCATE on PostgreSQL). Attachments and history no longer go with a deleted dossier row (ON DELETE
RESTRICT instead of CASCADE).

Downgrade keeps every row: removed files count again, and deleted drafts become withdrawn (with a
"withdraw" history row).

Revision ID: cd142e2c658a
Revises: 67f43a1b552a
Create Date: 2026-11-27 18:51:39.247883

"""
from alembic import op
import sqlalchemy as sa

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)
from app.models.base import UTCDateTime
from app.models.history import drop_statements, event_hash, trigger_statements


# revision identifiers, used by Alembic.
revision = 'cd142e2c658a'
down_revision = '67f43a1b552a'
branch_labels = None
depends_on = None

INACTIVE = "state NOT IN ('not_approved', 'withdrawn')"
HISTORY_TABLES = ('dossier_event', 'scoring_event')


def upgrade():
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detached_at', UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('detached_by_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f('fk_attachment_dossier_id_dossier'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_attachment_detached_by_id_user_account'), 'user_account',
                                    ['detached_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_attachment_dossier_id_dossier'), 'dossier', ['dossier_id'], ['id'],
                                    ondelete='RESTRICT')

    # A deleted draft no longer blocks a new dossier for its nominee; the officer's list index covers deleted_at.
    op.drop_index('uq_dossier_active_nominee', table_name='dossier')
    op.drop_index('ix_dossier_unit_campaign', table_name='dossier')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', UTCDateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(op.f('ck_dossier_only_unsent_drafts_deleted'),
                                         "deleted_at IS NULL OR (state = 'draft' AND submitted_at IS NULL)")
    op.create_index('uq_dossier_active_nominee', 'dossier', ['campaign_id', 'award_id', 'nominee_key'], unique=True,
                    sqlite_where=sa.text(f"{INACTIVE} AND deleted_at IS NULL"),
                    postgresql_where=sa.text(f"{INACTIVE} AND deleted_at IS NULL"))
    op.create_index('ix_dossier_unit_campaign', 'dossier',
                    ['unit_id', 'campaign_id', 'search_key', 'updated_at', 'deleted_at'], unique=False)

    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
        batch_op.drop_constraint(batch_op.f('fk_dossier_event_dossier_id_dossier'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_dossier_event_dossier_id_dossier'), 'dossier', ['dossier_id'],
                                    ['id'], ondelete='RESTRICT')
    _chain_existing_history()
    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)

    dialect = op.get_context().dialect.name
    for table in HISTORY_TABLES:
        for statement in trigger_statements(dialect, table):
            op.execute(statement)


def _chain_existing_history():
    """Hash every existing row onto its dossier's chain, in the order the rows were written."""
    events = sa.table(
        'dossier_event', sa.column('id', sa.Integer), sa.column('dossier_id', sa.Integer),
        sa.column('action', sa.String), sa.column('actor_id', sa.Integer), sa.column('actor_role', sa.String),
        sa.column('from_state', sa.String), sa.column('to_state', sa.String), sa.column('comment', sa.Text),
        sa.column('created_at', UTCDateTime(timezone=True)), sa.column('prev_hash', sa.String),
        sa.column('hash', sa.String),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(events).order_by(events.c.dossier_id, events.c.id)).all()
    previous, dossier_id, updates = None, None, []
    for row in rows:
        if row.dossier_id != dossier_id:
            previous, dossier_id = None, row.dossier_id
        digest = event_hash(previous, dossier_id=row.dossier_id, action=row.action, actor_id=row.actor_id,
                            actor_role=row.actor_role, from_state=row.from_state, to_state=row.to_state,
                            comment=row.comment, created_at=row.created_at)
        updates.append({'row_id': row.id, 'prev': previous, 'digest': digest})
        previous = digest
    if updates:
        bind.execute(events.update().where(events.c.id == sa.bindparam('row_id'))
                     .values(prev_hash=sa.bindparam('prev'), hash=sa.bindparam('digest')), updates)


def downgrade():
    dialect = op.get_context().dialect.name
    for table in HISTORY_TABLES:
        for statement in drop_statements(dialect, table):
            op.execute(statement)
    if dialect == 'postgresql':
        op.execute('DROP FUNCTION IF EXISTS history_append_only()')
    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_dossier_event_dossier_id_dossier'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_dossier_event_dossier_id_dossier'), 'dossier', ['dossier_id'],
                                    ['id'], ondelete='CASCADE')
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')

    # Without deleted_at a deleted draft would be an active draft again: it becomes withdrawn instead,
    # with the history row every change of state has (by whoever deleted it, when they did).
    op.execute("INSERT INTO dossier_event (dossier_id, action, actor_id, actor_role, from_state, to_state, comment, "
               "created_at) SELECT e.dossier_id, 'withdraw', e.actor_id, e.actor_role, 'draft', 'withdrawn', "
               "'Deleted draft', e.created_at FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id "
               "WHERE d.deleted_at IS NOT NULL AND e.action = 'delete'")
    op.execute("UPDATE dossier SET state = 'withdrawn', deleted_at = NULL WHERE deleted_at IS NOT NULL")
    op.drop_index('ix_dossier_unit_campaign', table_name='dossier')
    op.drop_index('uq_dossier_active_nominee', table_name='dossier')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_dossier_only_unsent_drafts_deleted'), type_='check')
        batch_op.drop_column('deleted_at')
    op.create_index('uq_dossier_active_nominee', 'dossier', ['campaign_id', 'award_id', 'nominee_key'], unique=True,
                    sqlite_where=sa.text(INACTIVE), postgresql_where=sa.text(INACTIVE))
    op.create_index('ix_dossier_unit_campaign', 'dossier', ['unit_id', 'campaign_id', 'search_key', 'updated_at'],
                    unique=False)

    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attachment_dossier_id_dossier'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_attachment_detached_by_id_user_account'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_attachment_dossier_id_dossier'), 'dossier', ['dossier_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.drop_column('detached_by_id')
        batch_op.drop_column('detached_at')
