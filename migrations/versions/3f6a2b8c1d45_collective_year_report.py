"""collective year report: a collective's rating of a year and its members (total, completed, LĐTT, CSTĐ cơ sở)

Revision ID: 3f6a2b8c1d45
Revises: b7c2d41e9a10
Create Date: 2026-11-27 22:40:00

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)

# revision identifiers, used by Alembic.
revision = '3f6a2b8c1d45'
down_revision = 'b7c2d41e9a10'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('collective_year_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('collective_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Enum('htxs', 'htt', 'ht', 'kht', name='collective_rating', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('completed', sa.Integer(), nullable=False),
    sa.Column('ldtt', sa.Integer(), nullable=False),
    sa.Column('cstd_co_so', sa.Integer(), nullable=False),
    sa.CheckConstraint('total >= 0 AND completed BETWEEN 0 AND total AND ldtt BETWEEN 0 AND total AND cstd_co_so BETWEEN 0 AND total', name=op.f('ck_collective_year_report_within_total')),
    sa.CheckConstraint('year BETWEEN 1900 AND 2100', name=op.f('ck_collective_year_report_year_range')),
    sa.ForeignKeyConstraint(['collective_id'], ['collective.id'], name=op.f('fk_collective_year_report_collective_id_collective'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collective_year_report')),
    sa.UniqueConstraint('collective_id', 'year', name='uq_collective_year_report_collective_year')
    )


def downgrade():
    op.drop_table('collective_year_report')
