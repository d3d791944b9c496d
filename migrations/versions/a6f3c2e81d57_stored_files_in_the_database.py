"""stored files in the database (FILE_STORAGE=database, issue 14)

Attachments kept in the database instead of UPLOAD_FOLDER, so several app servers share them and a
database backup holds them: a row per file (size, checksum) and its content in 256 KiB chunks.

Revision ID: a6f3c2e81d57
Revises: 3b8e6f2a9c14
Create Date: 2026-11-28 01:20:00

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)

# revision identifiers, used by Alembic.
revision = 'a6f3c2e81d57'
down_revision = '3b8e6f2a9c14'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'stored_file',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('size_bytes', sa.BigInteger(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_stored_file')),
    )
    op.create_table(
        'stored_file_chunk',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['name'], ['stored_file.name'], name=op.f('fk_stored_file_chunk_name_stored_file'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('name', 'seq', name=op.f('pk_stored_file_chunk')),
    )


def downgrade():
    op.drop_table('stored_file_chunk')
    op.drop_table('stored_file')
