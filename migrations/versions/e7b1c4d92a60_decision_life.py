"""the decision's life: draft, sent with the Tờ trình, signed (number, date, signed copy), issued; corrections
and cancellations as new decisions naming the original

Existing decisions were numbered and issued in one step: they become ISSUED, drafted and issued on their
own date, their honourees listed as items (from the dossiers they awarded), with one timeline line.

Revision ID: e7b1c4d92a60
Revises: a6f3c2e81d57
Create Date: 2026-11-28 00:30:00

"""
import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)
from migrations.enum_check import rebuild_enum_check

# revision identifiers, used by Alembic.
revision = 'e7b1c4d92a60'
down_revision = 'a6f3c2e81d57'
branch_labels = None
depends_on = None

KINDS = ['decision', 'proposal', 'correction', 'cancellation']
STATUSES = ('draft', 'sent', 'signed', 'issued')


def upgrade():
    with op.batch_alter_table('award_decision', schema=None) as batch_op:
        # server_default 'issued': every decision already in the database was numbered and issued.
        batch_op.add_column(sa.Column('status', sa.Enum(*STATUSES, name='decision_status', native_enum=False,
                                                        create_constraint=True),
                                      nullable=False, server_default='issued'))
        batch_op.add_column(sa.Column('drafted_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('original_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('signer_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('signed_pdf', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('signed_pdf_name', sa.String(length=255), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('signature_details', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('issued_at', app.models.base.UTCDateTime(), nullable=True))
        batch_op.alter_column('number', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('signed_on', existing_type=sa.Date(), nullable=True)
        batch_op.alter_column('kind', existing_type=sa.String(length=8), type_=sa.String(length=12))
        batch_op.create_index(batch_op.f('ix_award_decision_original_id'), ['original_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_award_decision_original_id_award_decision'), 'award_decision',
                                    ['original_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_foreign_key(batch_op.f('fk_award_decision_signer_id_signer'), 'signer',
                                    ['signer_id'], ['id'], ondelete='SET NULL')
    rebuild_enum_check('award_decision', 'kind', KINDS)
    decision = sa.table('award_decision', sa.column('id', sa.Integer), sa.column('signed_on', sa.Date),
                        sa.column('drafted_on', sa.Date), sa.column('issued_at', app.models.base.UTCDateTime),
                        sa.column('created_at', app.models.base.UTCDateTime))
    op.execute(decision.update().values(drafted_on=decision.c.signed_on, issued_at=decision.c.created_at))
    with op.batch_alter_table('award_decision', schema=None) as batch_op:
        batch_op.alter_column('status', server_default=None)
        batch_op.alter_column('signed_pdf_name', server_default=None)
        batch_op.alter_column('reason', server_default=None)

    op.create_table(
        'award_decision_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('decision_id', sa.Integer(), nullable=False),
        sa.Column('dossier_id', sa.Integer(), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=False),
        sa.Column('corrected_name', sa.String(length=255), nullable=False),
        sa.Column('corrected_position', sa.String(length=500), nullable=False),
        sa.CheckConstraint('amount >= 0', name=op.f('ck_award_decision_item_amount_not_negative')),
        sa.ForeignKeyConstraint(['decision_id'], ['award_decision.id'],
                                name=op.f('fk_award_decision_item_decision_id_award_decision'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_award_decision_item_dossier_id_dossier'),
                                ondelete='RESTRICT'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_award_decision_item')),
        sa.UniqueConstraint('decision_id', 'dossier_id', name='uq_award_decision_item_dossier'),
    )
    op.create_index(op.f('ix_award_decision_item_dossier_id'), 'award_decision_item', ['dossier_id'], unique=False)
    op.create_table(
        'award_decision_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('decision_id', sa.Integer(), nullable=False),
        sa.Column('action', sa.String(length=30), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('at', app.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'],
                                name=op.f('fk_award_decision_event_actor_id_user_account'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['decision_id'], ['award_decision.id'],
                                name=op.f('fk_award_decision_event_decision_id_award_decision'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_award_decision_event')),
    )
    op.create_index(op.f('ix_award_decision_event_decision_id'), 'award_decision_event', ['decision_id'],
                    unique=False)
    # The honourees of the decisions already issued: the dossiers they awarded (or proposed), with their bonus.
    op.execute("INSERT INTO award_decision_item (decision_id, dossier_id, amount, corrected_name, corrected_position) "
               "SELECT decision_id, id, COALESCE(bonus_amount, 0), '', '' FROM dossier WHERE decision_id IS NOT NULL")
    op.execute("INSERT INTO award_decision_event (decision_id, action, actor_id, note, at) "
               "SELECT id, 'issued', created_by_id, '', created_at FROM award_decision")


def downgrade():
    op.drop_index(op.f('ix_award_decision_event_decision_id'), table_name='award_decision_event')
    op.drop_table('award_decision_event')
    op.drop_index(op.f('ix_award_decision_item_dossier_id'), table_name='award_decision_item')
    op.drop_table('award_decision_item')
    # Only issued decisions existed before: the others cannot be written back without a number and a date.
    op.execute("DELETE FROM award_decision WHERE status <> 'issued' OR kind IN ('correction', 'cancellation')")
    rebuild_enum_check('award_decision', 'kind', KINDS[:2])
    with op.batch_alter_table('award_decision', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('fk_award_decision_original_id_award_decision'), type_='foreignkey')
        batch_op.drop_constraint(op.f('fk_award_decision_signer_id_signer'), type_='foreignkey')
        batch_op.drop_column('signer_id')
        batch_op.drop_column('reason')
        batch_op.drop_index(batch_op.f('ix_award_decision_original_id'))
        batch_op.drop_constraint(op.f('ck_award_decision_decision_status'), type_='check')
        batch_op.alter_column('kind', existing_type=sa.String(length=12), type_=sa.String(length=8))
        batch_op.alter_column('signed_on', existing_type=sa.Date(), nullable=False)
        batch_op.alter_column('number', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('issued_at')
        batch_op.drop_column('signature_details')
        batch_op.drop_column('signed_pdf_name')
        batch_op.drop_column('signed_pdf')
        batch_op.drop_column('original_id')
        batch_op.drop_column('drafted_on')
        batch_op.drop_column('status')
