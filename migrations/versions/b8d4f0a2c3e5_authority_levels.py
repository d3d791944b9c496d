"""authority levels: units decide their own awards (own council, own register), acting under a delegation

Units get the symbol of their own decisions and their head's title; a council session may be a unit's
council; a decision may be a unit's, numbered in that unit's register (the unique number per register
replaces the one per symbol: a commune's "QĐ-UBND" is not the province's), signed in the app by the head or
by a deputy (who, for whom, with the Q. and TL. modes); history rows say for whom an action was taken.

Revision ID: b8d4f0a2c3e5
Revises: a7c3e9f1b2d4
Create Date: 2026-11-28 04:10:00

"""
import sqlalchemy as sa
from alembic import op

from app.models.history import drop_statements, trigger_statements
from migrations.enum_check import rebuild_enum_check

# revision identifiers, used by Alembic.
revision = 'b8d4f0a2c3e5'
down_revision = 'a7c3e9f1b2d4'
branch_labels = None
depends_on = None

SIGNER_MODES = ['chairman', 'deputy', 'acting', 'by_order']


def upgrade():
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision_symbol', sa.String(length=12), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('head_title', sa.String(length=80), nullable=False, server_default=''))
    with op.batch_alter_table('council_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_council_session_unit_id'), ['unit_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_council_session_unit_id_unit'), 'unit', ['unit_id'], ['id'],
                                    ondelete='RESTRICT')
    with op.batch_alter_table('award_decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issuer_unit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('register_key', sa.String(length=20), nullable=False,
                                      server_default='province'))
        batch_op.add_column(sa.Column('signed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('on_behalf_of_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('signer_title', sa.String(length=120), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_award_decision_issuer_unit_id'), ['issuer_unit_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_award_decision_issuer_unit_id_unit'), 'unit',
                                    ['issuer_unit_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_foreign_key(batch_op.f('fk_award_decision_signed_by_id_user_account'), 'user_account',
                                    ['signed_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_award_decision_on_behalf_of_id_user_account'), 'user_account',
                                    ['on_behalf_of_id'], ['id'], ondelete='SET NULL')
        batch_op.drop_constraint('uq_award_decision_symbol_year_number', type_='unique')
        batch_op.create_unique_constraint('uq_award_decision_register_number',
                                          ['register_key', 'symbol', 'year', 'number'])
    rebuild_enum_check('award_decision', 'signer_mode', SIGNER_MODES)
    rebuild_enum_check('signer', 'mode', SIGNER_MODES)
    with op.batch_alter_table('award_decision_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_behalf_of_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_award_decision_event_on_behalf_of_id_user_account'),
                                    'user_account', ['on_behalf_of_id'], ['id'], ondelete='SET NULL')
    # The dossier's history is append-only (triggers, which SQLite's table copy would lose): off, on again.
    _history_triggers(drop=True)
    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('on_behalf_of_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_dossier_event_on_behalf_of_id_user_account'), 'user_account',
                                    ['on_behalf_of_id'], ['id'], ondelete='SET NULL')
    _history_triggers(drop=False)


def _history_triggers(*, drop: bool) -> None:
    dialect = op.get_context().dialect.name
    for statement in (drop_statements if drop else trigger_statements)(dialect, 'dossier_event'):
        op.execute(statement)


def downgrade():
    _history_triggers(drop=True)
    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_dossier_event_on_behalf_of_id_user_account'), type_='foreignkey')
        batch_op.drop_column('on_behalf_of_id')
    _history_triggers(drop=False)
    with op.batch_alter_table('award_decision_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_award_decision_event_on_behalf_of_id_user_account'),
                                 type_='foreignkey')
        batch_op.drop_column('on_behalf_of_id')
    rebuild_enum_check('signer', 'mode', SIGNER_MODES[:2])
    rebuild_enum_check('award_decision', 'signer_mode', SIGNER_MODES[:2])
    with op.batch_alter_table('award_decision', schema=None) as batch_op:
        batch_op.drop_constraint('uq_award_decision_register_number', type_='unique')
        batch_op.create_unique_constraint('uq_award_decision_symbol_year_number', ['symbol', 'year', 'number'])
        batch_op.drop_constraint(batch_op.f('fk_award_decision_on_behalf_of_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_award_decision_signed_by_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_award_decision_issuer_unit_id_unit'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_award_decision_issuer_unit_id'))
        for column in ('signer_title', 'on_behalf_of_id', 'signed_by_id', 'register_key', 'issuer_unit_id'):
            batch_op.drop_column(column)
    with op.batch_alter_table('council_session', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_council_session_unit_id_unit'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_council_session_unit_id'))
        batch_op.drop_column('unit_id')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('head_title')
        batch_op.drop_column('decision_symbol')
