"""list speed (issue 14): the inbox's order index, the dossier search's trigram index, cache stamps

The inbox reads a page of ids through ix_dossier_inbox_order (its ORDER BY, with the scope's columns
included on PostgreSQL); the dossier search LIKE '%word%' on the folded key through a trigram index on
PostgreSQL (pg_trgm; a plain index elsewhere); cache_stamp holds the stamp of each family of read-mostly
data app servers keep in memory (app/cache.py).

Revision ID: c7d1e5a9b3f2
Revises: e7b1c4d92a60
Create Date: 2026-11-28 00:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c7d1e5a9b3f2'
down_revision = 'e7b1c4d92a60'
branch_labels = None
depends_on = None

TRIGRAM = dict(postgresql_using='gin', postgresql_ops={'search_key': 'gin_trgm_ops'})
INCLUDED = dict(postgresql_include=['state', 'submitted_at', 'unit_id', 'deleted_at'])


def upgrade():
    cache_stamp = op.create_table('cache_stamp',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('stamp', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_cache_stamp'))
    )
    op.bulk_insert(cache_stamp, [{'name': 'catalogue', 'stamp': 'initial'}])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.create_index('ix_dossier_inbox_order', ['stage_due_on', 'state_changed_at', 'id'], unique=False,
                              **INCLUDED)
        batch_op.create_index('ix_dossier_search_trgm', ['search_key'], unique=False, **TRIGRAM)


def downgrade():
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_search_trgm', **TRIGRAM)
        batch_op.drop_index('ix_dossier_inbox_order', **INCLUDED)
    op.drop_table('cache_stamp')
    # The pg_trgm extension stays: the registry's indexes use it too.
