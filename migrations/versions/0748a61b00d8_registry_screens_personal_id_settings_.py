"""registry screens: the personal ID (CCCD) column, province settings, the registry search's indexes

Revision ID: 0748a61b00d8
Revises: e966541e1624
Create Date: 2026-11-27 21:10:42.525195

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)

# revision identifiers, used by Alembic.
revision = '0748a61b00d8'
down_revision = 'e966541e1624'
branch_labels = None
depends_on = None

TRIGRAM = dict(postgresql_using='gin', postgresql_ops={'search_key': 'gin_trgm_ops'})


def upgrade():
    op.create_table('setting',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    if op.get_bind().dialect.name == 'postgresql':
        # Name search by any part of the name (LIKE '%…%') through trigram indexes.
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')

    with op.batch_alter_table('collective', schema=None) as batch_op:
        batch_op.create_index('ix_collective_search_trgm', ['search_key'], unique=False, **TRIGRAM)

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('personal_id', sa.String(length=12), nullable=True))
        batch_op.create_check_constraint(op.f('ck_person_personal_id_length'), 'personal_id IS NULL OR length(personal_id) = 12')
        batch_op.create_index('ix_person_search_trgm', ['search_key'], unique=False, **TRIGRAM)

    with op.batch_alter_table('registry_entry', schema=None) as batch_op:
        batch_op.create_index('ix_registry_entry_collective_year', ['collective_id', 'year'], unique=False)
        batch_op.create_index('ix_registry_entry_person_year', ['person_id', 'year'], unique=False)
        batch_op.create_index('ix_registry_entry_year_id', ['year', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('registry_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_registry_entry_year_id')
        batch_op.drop_index('ix_registry_entry_person_year')
        batch_op.drop_index('ix_registry_entry_collective_year')

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('ix_person_search_trgm', **TRIGRAM)
        batch_op.drop_constraint(op.f('ck_person_personal_id_length'), type_='check')
        batch_op.drop_column('personal_id')

    with op.batch_alter_table('collective', schema=None) as batch_op:
        batch_op.drop_index('ix_collective_search_trgm', **TRIGRAM)

    op.drop_table('setting')
    # The pg_trgm extension stays: other objects may use it, and it holds no data.
