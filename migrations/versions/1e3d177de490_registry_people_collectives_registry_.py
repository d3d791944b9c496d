"""registry: people, collectives, registry entries, ratings, initiatives, discipline

Nominees become records (issue 8): person (with dated positions) and collective (unit, enterprise,
household); the award registry (sổ khen thưởng), yearly ratings, initiatives and discipline. Dossiers link
to the record they propose (nominee_person_id / nominee_collective_id); their name columns stay as printed.

Data: every existing dossier is linked to a record — one person per folded name + birth year + unit for
individuals, one collective per kind + folded name + unit for collectives and households — and every
dossier already awarded enters the registry (source app_decision, with its decision's number and date).
The history (dossier_event) is not touched.

Revision ID: 1e3d177de490
Revises: 19a5c538952a
Create Date: 2026-11-27 19:54:57.940300

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import app.models.base  # noqa: F401  (custom column types such as UTCDateTime)
from app.models.base import UTCDateTime
from app.models.states import INACTIVE_STATES
from app.text import fold

INACTIVE = "state NOT IN ({})".format(", ".join(f"'{s.value}'" for s in sorted(INACTIVE_STATES, key=lambda s: s.value)))


# revision identifiers, used by Alembic.
revision = '1e3d177de490'
down_revision = '19a5c538952a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('collective',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('unit', 'enterprise', 'household', name='collective_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('search_key', sa.String(length=255), nullable=False),
    sa.Column('tax_code', sa.String(length=20), nullable=False),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind <> 'unit' OR unit_id IS NOT NULL", name=op.f('ck_collective_unit_has_unit')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_collective_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collective'))
    )
    with op.batch_alter_table('collective', schema=None) as batch_op:
        batch_op.create_index('ix_collective_match', ['kind', 'search_key', 'unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_collective_unit_id'), ['unit_id'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=255), nullable=False),
    sa.Column('search_key', sa.String(length=255), nullable=False),
    sa.Column('gender', sa.Enum('male', 'female', name='person_gender', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('ethnicity', sa.String(length=60), nullable=False),
    sa.Column('is_ethnic_minority', sa.Boolean(), nullable=False),
    sa.Column('occupation_group', sa.Enum('leader', 'staff', 'direct_worker', 'farmer', name='occupation_group', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.String(length=255), nullable=False),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100', name=op.f('ck_person_birth_year_range')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_person_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index('ix_person_match', ['search_key', 'birth_year', 'unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_unit_id'), ['unit_id'], unique=False)

    op.create_table('discipline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('under_review', 'disciplined', name='discipline_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint('until IS NULL OR until >= since', name=op.f('ck_discipline_date_range')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_discipline_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discipline'))
    )
    with op.batch_alter_table('discipline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discipline_person_id'), ['person_id'], unique=False)

    op.create_table('performance_rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Enum('htxs', 'htt', 'ht', 'kht', name='performance_rating', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_performance_rating_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_performance_rating')),
    sa.UniqueConstraint('person_id', 'year', name='uq_performance_rating_person_year')
    )
    op.create_table('person_position',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.String(length=255), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('to_date', sa.Date(), nullable=True),
    sa.CheckConstraint('to_date IS NULL OR to_date >= from_date', name=op.f('ck_person_position_date_range')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_person_position_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_person_position_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_position'))
    )
    with op.batch_alter_table('person_position', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_position_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_position_unit_id'), ['unit_id'], unique=False)

    op.create_table('initiative',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('scope', sa.Enum('unit', 'province', 'national', name='initiative_scope', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('document', sa.String(length=255), nullable=False),
    sa.Column('used_for_award_id', sa.Integer(), nullable=True),
    sa.Column('used_for_year', sa.Integer(), nullable=True),
    sa.Column('used_for_dossier_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_initiative_person_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['used_for_award_id'], ['award.id'], name=op.f('fk_initiative_used_for_award_id_award'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['used_for_dossier_id'], ['dossier.id'], name=op.f('fk_initiative_used_for_dossier_id_dossier'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiative'))
    )
    with op.batch_alter_table('initiative', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_person_id'), ['person_id'], unique=False)

    op.create_table('registry_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('collective_id', sa.Integer(), nullable=True),
    sa.Column('award_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('campaign_kind', sa.Enum('yearly', 'mid_term', 'final', 'thematic', 'ad_hoc', name='registry_campaign_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('authority', sa.String(length=255), nullable=False),
    sa.Column('decision_number', sa.String(length=60), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('source', sa.Enum('app_decision', 'unit_decision', 'imported', name='registry_source', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('dossier_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(person_id IS NULL) <> (collective_id IS NULL)', name=op.f('ck_registry_entry_one_nominee')),
    sa.CheckConstraint('year BETWEEN 1900 AND 2100', name=op.f('ck_registry_entry_year_range')),
    sa.ForeignKeyConstraint(['award_id'], ['award.id'], name=op.f('fk_registry_entry_award_id_award'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['collective_id'], ['collective.id'], name=op.f('fk_registry_entry_collective_id_collective'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['decision_id'], ['award_decision.id'], name=op.f('fk_registry_entry_decision_id_award_decision'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_registry_entry_dossier_id_dossier'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_registry_entry_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_entry')),
    sa.UniqueConstraint('dossier_id', name='uq_registry_entry_dossier_id')
    )
    with op.batch_alter_table('registry_entry', schema=None) as batch_op:
        batch_op.create_index('ix_registry_entry_award_year', ['award_id', 'year'], unique=False)
        batch_op.create_index(batch_op.f('ix_registry_entry_collective_id'), ['collective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registry_entry_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registry_entry_person_id'), ['person_id'], unique=False)

    # The batch recreates the table on SQLite, which would lose the partial unique index's WHERE.
    op.drop_index('uq_dossier_active_nominee', table_name='dossier')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nominee_person_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('nominee_collective_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_dossier_nominee_collective_id'), ['nominee_collective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossier_nominee_person_id'), ['nominee_person_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_dossier_nominee_person_id_person'), 'person', ['nominee_person_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_foreign_key(batch_op.f('fk_dossier_nominee_collective_id_collective'), 'collective', ['nominee_collective_id'], ['id'], ondelete='RESTRICT')
    _create_active_nominee_index()
    _link_dossiers()
    _register_awarded()


def _create_active_nominee_index():
    op.create_index('uq_dossier_active_nominee', 'dossier', ['campaign_id', 'award_id', 'nominee_key'], unique=True,
                    sqlite_where=sa.text(f"{INACTIVE} AND deleted_at IS NULL"),
                    postgresql_where=sa.text(f"{INACTIVE} AND deleted_at IS NULL"))


_dossier = sa.table(
    'dossier', sa.column('id', sa.Integer), sa.column('unit_id', sa.Integer), sa.column('campaign_id', sa.Integer),
    sa.column('award_id', sa.Integer), sa.column('nominee_kind', sa.String), sa.column('nominee_name', sa.String),
    sa.column('nominee_gender', sa.String), sa.column('nominee_birth_year', sa.Integer),
    sa.column('nominee_position', sa.String), sa.column('nominee_unit_id', sa.Integer), sa.column('state', sa.String),
    sa.column('decision_id', sa.Integer), sa.column('central_decision_number', sa.String),
    sa.column('central_decision_date', sa.Date),
    sa.column('nominee_person_id', sa.Integer), sa.column('nominee_collective_id', sa.Integer),
)
_person = sa.table(
    'person', sa.column('id', sa.Integer), sa.column('full_name', sa.String), sa.column('search_key', sa.String),
    sa.column('gender', sa.String), sa.column('birth_year', sa.Integer), sa.column('ethnicity', sa.String),
    sa.column('is_ethnic_minority', sa.Boolean), sa.column('unit_id', sa.Integer), sa.column('position', sa.String),
    sa.column('created_at', UTCDateTime(timezone=True)),
)
_collective = sa.table(
    'collective', sa.column('id', sa.Integer), sa.column('kind', sa.String), sa.column('unit_id', sa.Integer),
    sa.column('name', sa.String), sa.column('search_key', sa.String), sa.column('tax_code', sa.String),
    sa.column('address', sa.String), sa.column('created_at', UTCDateTime(timezone=True)),
)


def _link_dossiers():
    """One record per nominee key; the newest dossier (highest id) gives the record its name and data."""
    conn = op.get_bind()
    now = datetime.now(UTC)
    people: dict[tuple, int] = {}
    collectives: dict[tuple, int] = {}
    rows = conn.execute(sa.select(_dossier).order_by(_dossier.c.id.desc())).all()
    for row in rows:
        unit_id = row.nominee_unit_id or row.unit_id
        key_name = fold(row.nominee_name)
        if row.nominee_kind == 'individual':
            key = (key_name, row.nominee_birth_year, unit_id)
            if key not in people:
                people[key] = conn.execute(_person.insert().values(
                    full_name=row.nominee_name, search_key=key_name, gender=row.nominee_gender,
                    birth_year=row.nominee_birth_year, ethnicity='', is_ethnic_minority=False, unit_id=unit_id,
                    position=row.nominee_position or '', created_at=now,
                ).returning(_person.c.id)).scalar_one()
            values = {'nominee_person_id': people[key]}
        else:
            kind = 'unit' if row.nominee_kind == 'collective' else 'household'
            ckey = (kind, key_name, unit_id)
            if ckey not in collectives:
                collectives[ckey] = conn.execute(_collective.insert().values(
                    kind=kind, unit_id=unit_id, name=row.nominee_name, search_key=key_name, tax_code='',
                    address=(row.nominee_position or '') if kind == 'household' else '', created_at=now,
                ).returning(_collective.c.id)).scalar_one()
            values = {'nominee_collective_id': collectives[ckey]}
        conn.execute(_dossier.update().where(_dossier.c.id == row.id).values(**values))


def _register_awarded():
    conn = op.get_bind()
    decision = sa.table('award_decision', sa.column('id', sa.Integer), sa.column('symbol', sa.String),
                        sa.column('number', sa.Integer), sa.column('signed_on', sa.Date))
    award = sa.table('award', sa.column('id', sa.Integer), sa.column('decided_by', sa.String))
    campaign = sa.table('campaign', sa.column('id', sa.Integer), sa.column('year', sa.Integer),
                        sa.column('kind', sa.String))
    entry = sa.table(
        'registry_entry', sa.column('person_id', sa.Integer), sa.column('collective_id', sa.Integer),
        sa.column('award_id', sa.Integer), sa.column('year', sa.Integer), sa.column('campaign_kind', sa.String),
        sa.column('authority', sa.String), sa.column('decision_number', sa.String),
        sa.column('decision_date', sa.Date), sa.column('source', sa.String), sa.column('decision_id', sa.Integer),
        sa.column('dossier_id', sa.Integer), sa.column('created_at', UTCDateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    query = (
        sa.select(_dossier.c.id, _dossier.c.nominee_person_id, _dossier.c.nominee_collective_id, _dossier.c.award_id,
                  _dossier.c.decision_id, _dossier.c.central_decision_number, _dossier.c.central_decision_date,
                  campaign.c.year, campaign.c.kind, award.c.decided_by, decision.c.symbol, decision.c.number,
                  decision.c.signed_on)
        .join(campaign, campaign.c.id == _dossier.c.campaign_id)
        .join(award, award.c.id == _dossier.c.award_id)
        .outerjoin(decision, decision.c.id == _dossier.c.decision_id)
        .where(_dossier.c.state == 'awarded').order_by(_dossier.c.id)
    )
    for row in conn.execute(query).all():
        if row.decision_id is not None:
            number, day = f"{row.number:02d}/{row.symbol}", row.signed_on
        else:
            number, day = row.central_decision_number or '', row.central_decision_date
        conn.execute(entry.insert().values(
            person_id=row.nominee_person_id, collective_id=row.nominee_collective_id, award_id=row.award_id,
            year=row.year, campaign_kind=row.kind, authority=row.decided_by or '', decision_number=number,
            decision_date=day, source='app_decision', decision_id=row.decision_id, dossier_id=row.id, created_at=now,
        ))


def downgrade():
    op.drop_index('uq_dossier_active_nominee', table_name='dossier')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_dossier_nominee_collective_id_collective'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_dossier_nominee_person_id_person'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_dossier_nominee_person_id'))
        batch_op.drop_index(batch_op.f('ix_dossier_nominee_collective_id'))
        batch_op.drop_column('nominee_collective_id')
        batch_op.drop_column('nominee_person_id')
    _create_active_nominee_index()

    with op.batch_alter_table('registry_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registry_entry_person_id'))
        batch_op.drop_index(batch_op.f('ix_registry_entry_decision_id'))
        batch_op.drop_index(batch_op.f('ix_registry_entry_collective_id'))
        batch_op.drop_index('ix_registry_entry_award_year')

    op.drop_table('registry_entry')
    with op.batch_alter_table('initiative', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_person_id'))

    op.drop_table('initiative')
    with op.batch_alter_table('person_position', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_position_unit_id'))
        batch_op.drop_index(batch_op.f('ix_person_position_person_id'))

    op.drop_table('person_position')
    op.drop_table('performance_rating')
    with op.batch_alter_table('discipline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discipline_person_id'))

    op.drop_table('discipline')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_unit_id'))
        batch_op.drop_index('ix_person_match')

    op.drop_table('person')
    with op.batch_alter_table('collective', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_collective_unit_id'))
        batch_op.drop_index('ix_collective_match')

    op.drop_table('collective')
