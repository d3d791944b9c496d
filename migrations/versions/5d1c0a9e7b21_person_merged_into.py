"""person merged into another: merged_into_id and merged_at (a duplicate record kept for undoing the merge)

Revision ID: 5d1c0a9e7b21
Revises: 0748a61b00d8
Create Date: 2026-11-27 21:20:00

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)

# revision identifiers, used by Alembic.
revision = '5d1c0a9e7b21'
down_revision = '0748a61b00d8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('merged_at', app.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_person_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_person_merged_into_id_person'), 'person', ['merged_into_id'],
                                    ['id'], ondelete='RESTRICT')
        batch_op.create_check_constraint(op.f('ck_person_not_merged_into_itself'),
                                         'merged_into_id IS NULL OR merged_into_id <> id')


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_person_not_merged_into_itself'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_person_merged_into_id_person'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_person_merged_into_id'))
        batch_op.drop_column('merged_at')
        batch_op.drop_column('merged_into_id')
