"""public comments: citizens' comments on a nominee during the public notice (address kept only as a keyed hash)

Revision ID: 7c4e2a9f1b36
Revises: 5e1b7a3c9d20
Create Date: 2026-11-27 22:50:00

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)

# revision identifiers, used by Alembic.
revision = '7c4e2a9f1b36'
down_revision = '5e1b7a3c9d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('public_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('contact', sa.String(length=120), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('address_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_public_comment_dossier_id_dossier'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_public_comment'))
    )
    with op.batch_alter_table('public_comment', schema=None) as batch_op:
        batch_op.create_index('ix_public_comment_dossier', ['dossier_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_public_comment_address_hash'), ['address_hash'], unique=False)


def downgrade():
    with op.batch_alter_table('public_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_public_comment_address_hash'))
        batch_op.drop_index('ix_public_comment_dossier')

    op.drop_table('public_comment')
