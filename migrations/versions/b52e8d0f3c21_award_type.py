"""award type: an emulation title is printed "tặng danh hiệu …", a form of commendation "tặng …"

Revision ID: b52e8d0f3c21
Revises: 7c4e2a9f1b36
Create Date: 2026-11-27 23:00:00

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)

# revision identifiers, used by Alembic.
revision = 'b52e8d0f3c21'
down_revision = '7c4e2a9f1b36'
branch_labels = None
depends_on = None

# The seed catalogue's titles (DOMAIN.md §4); every other award stays a form of commendation.
TITLE_CODES = ('co_thi_dua_cp', 'co_thi_dua_tinh', 'cstd_toan_quoc', 'cstd_tinh', 'cstd_co_so', 'lao_dong_tien_tien',
               'tt_ldxs', 'tt_ldtt')


def upgrade():
    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.add_column(sa.Column('award_type', sa.Enum('commendation', 'title', name='award_type',
                                                            native_enum=False, create_constraint=True),
                                      nullable=False, server_default='commendation'))
    award = sa.table('award', sa.column('code', sa.String), sa.column('award_type', sa.String),
                     sa.column('name', sa.String))
    op.execute(award.update().where(award.c.code.in_(TITLE_CODES)).values(award_type='title'))
    # One spelling of the title (Luật Thi đua, khen thưởng): "Cờ thi đua".
    op.execute(award.update().where(award.c.name.like('Cờ Thi đua%'))
               .values(name=sa.func.replace(award.c.name, 'Cờ Thi đua', 'Cờ thi đua')))
    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.alter_column('award_type', server_default=None)


def downgrade():
    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_award_award_type'), type_='check')  # names the column
        batch_op.drop_column('award_type')
