"""legal bases per issuer: the province's decisions, the units' own, or one unit's

Every existing line keeps being printed in every decision (issuers 'all'); an administrator narrows a line
such as the Law on Local Government to the province's decisions, and adds a unit's founding decision for
that unit's decisions only.

Revision ID: c5f2a8d1e9b3
Revises: b8d4f0a2c3e5
Create Date: 2026-11-28 05:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c5f2a8d1e9b3'
down_revision = 'b8d4f0a2c3e5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('legal_basis', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issuers', sa.Enum('all', 'province', 'units', name='basis_issuers',
                                                         native_enum=False, create_constraint=True),
                                      nullable=False, server_default='all'))
        batch_op.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_legal_basis_unit_id'), ['unit_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_legal_basis_unit_id_unit'), 'unit', ['unit_id'], ['id'],
                                    ondelete='CASCADE')
    with op.batch_alter_table('legal_basis', schema=None) as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_legal_basis_unit_basis_for_units'),
                                         "unit_id IS NULL OR issuers = 'units'")


def downgrade():
    with op.batch_alter_table('legal_basis', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_legal_basis_unit_basis_for_units'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_legal_basis_unit_id_unit'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_legal_basis_unit_id'))
        batch_op.drop_column('unit_id')
        batch_op.drop_constraint(batch_op.f('ck_legal_basis_basis_issuers'), type_='check')  # the enum's own CHECK
        batch_op.drop_column('issuers')
