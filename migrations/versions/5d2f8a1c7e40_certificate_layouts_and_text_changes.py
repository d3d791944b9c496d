"""certificate layouts (pre-printed forms: each field's box in mm) and the history of the documents.* texts

Revision ID: 5d2f8a1c7e40
Revises: c7d41f0a9e55
Create Date: 2026-11-28 00:40:00

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)

# revision identifiers, used by Alembic.
revision = '5d2f8a1c7e40'
down_revision = 'c7d41f0a9e55'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'certificate_layout',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('award_id', sa.Integer(), nullable=True),
        sa.Column('paper', sa.Enum('a3', 'a4', 'a5', name='certificate_paper', native_enum=False,
                                   create_constraint=True), nullable=False),
        sa.Column('orientation', sa.Enum('portrait', 'landscape', name='certificate_orientation', native_enum=False,
                                         create_constraint=True), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('updated_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['award_id'], ['award.id'], name=op.f('fk_certificate_layout_award_id_award'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'],
                                name=op.f('fk_certificate_layout_updated_by_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_layout')),
        sa.UniqueConstraint('name', name=op.f('uq_certificate_layout_name')),
    )
    op.create_index(op.f('ix_certificate_layout_award_id'), 'certificate_layout', ['award_id'], unique=False)
    op.create_table(
        'certificate_field',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('layout_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.Enum('name', 'position_unit', 'achievement', 'decision', 'place_date', 'signer_title',
                                 'signer_name', name='certificate_field_key', native_enum=False,
                                 create_constraint=True), nullable=False),
        sa.Column('printed', sa.Boolean(), nullable=False),
        sa.Column('x_mm', sa.Float(), nullable=False),
        sa.Column('y_mm', sa.Float(), nullable=False),
        sa.Column('width_mm', sa.Float(), nullable=False),
        sa.Column('font_size', sa.Float(), nullable=False),
        sa.Column('lines', sa.Integer(), nullable=False),
        sa.Column('align', sa.Enum('left', 'center', 'right', name='certificate_align', native_enum=False,
                                   create_constraint=True), nullable=False),
        sa.Column('bold', sa.Boolean(), nullable=False),
        sa.CheckConstraint('font_size >= 6.0 AND font_size <= 72.0', name=op.f('ck_certificate_field_font_size_range')),
        sa.CheckConstraint('lines >= 1 AND lines <= 8', name=op.f('ck_certificate_field_lines_range')),
        sa.CheckConstraint('x_mm >= 0 AND y_mm >= 0 AND width_mm > 0',
                           name=op.f('ck_certificate_field_position_positive')),
        sa.ForeignKeyConstraint(['layout_id'], ['certificate_layout.id'],
                                name=op.f('fk_certificate_field_layout_id_certificate_layout'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_field')),
        sa.UniqueConstraint('layout_id', 'key', name='uq_certificate_field_layout_key'),
    )
    op.create_table(
        'setting_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('old_value', sa.Text(), nullable=False),
        sa.Column('new_value', sa.Text(), nullable=False),
        sa.Column('changed_by_id', sa.Integer(), nullable=True),
        sa.Column('changed_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['changed_by_id'], ['user_account.id'],
                                name=op.f('fk_setting_change_changed_by_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_setting_change')),
    )
    op.create_index(op.f('ix_setting_change_key'), 'setting_change', ['key'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_setting_change_key'), table_name='setting_change')
    op.drop_table('setting_change')
    op.drop_table('certificate_field')
    op.drop_index(op.f('ix_certificate_layout_award_id'), table_name='certificate_layout')
    op.drop_table('certificate_layout')
