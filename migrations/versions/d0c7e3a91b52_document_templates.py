"""document templates: the office's versions of each document kind's Word template

Revision ID: d0c7e3a91b52
Revises: 5d1c0a9e7b21
Create Date: 2026-11-27 21:55:00

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)
from app.models.base import UTCDateTime

# revision identifiers, used by Alembic.
revision = 'd0c7e3a91b52'
down_revision = '5d1c0a9e7b21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('document_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('docx', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('activated_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('activated_by_id', sa.Integer(), nullable=True),
    sa.Column('deactivated_at', UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('NOT active OR activated_at IS NOT NULL', name=op.f('ck_document_template_active_was_activated')),
    sa.CheckConstraint('version > 0', name=op.f('ck_document_template_version_positive')),
    sa.ForeignKeyConstraint(['activated_by_id'], ['user_account.id'], name=op.f('fk_document_template_activated_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_document_template_uploaded_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_template'))
    )
    with op.batch_alter_table('document_template', schema=None) as batch_op:
        batch_op.create_index('uq_document_template_active_kind', ['kind'], unique=True,
                              sqlite_where=sa.text('active'), postgresql_where=sa.text('active'))
        batch_op.create_index('uq_document_template_kind_version', ['kind', 'version'], unique=True)


def downgrade():
    with op.batch_alter_table('document_template', schema=None) as batch_op:
        batch_op.drop_index('uq_document_template_kind_version')
        batch_op.drop_index('uq_document_template_active_kind', sqlite_where=sa.text('active'),
                            postgresql_where=sa.text('active'))

    op.drop_table('document_template')
