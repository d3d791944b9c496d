"""The registry migration links every existing dossier to a person or collective record and enters every
awarded dossier in the registry, on SQLite and PostgreSQL (TEST_DATABASE_URL)."""
from datetime import date

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from app.extensions import db
from app.models import Collective, CollectiveKind, Dossier, NomineeKind, Person, RegistryEntry, RegistrySource, State
from tests import factories
from tests.test_migrations import empty_database_url, fresh_app  # noqa: F401  (fixtures)

pytestmark = pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")

BEFORE = "19a5c538952a"


def test_existing_dossiers_are_linked_to_records_and_awarded_ones_registered(fresh_app):  # noqa: F811
    upgrade()
    unit, other = factories.make_unit("Sở A"), factories.make_unit("Sở B")
    award = factories.make_award()
    campaign = factories.make_campaign(2025)
    # The same person (name spelled with other case and spacing), twice; a namesake of another unit.
    a1 = factories.make_dossier(unit, award=award, campaign=campaign, name="Nguyễn Thị Hồng",
                                state=State.WITHDRAWN, nominee_gender=None)
    a2 = factories.make_dossier(unit, name="nguyễn thị  hồng", nominee_birth_year=1980)
    b = factories.make_dossier(other, name="Nguyễn Thị Hồng")
    c = factories.make_dossier(unit, name="Nguyễn Thị Hồng", nominee_birth_year=1975)
    team = factories.make_dossier(unit, name="Phòng Kế hoạch", kind=NomineeKind.COLLECTIVE, nominee_unit_id=unit.id)
    home = factories.make_dossier(unit, name="Hộ ông Lò Văn Páo", kind=NomineeKind.HOUSEHOLD,
                                  nominee_position="Thôn 3")
    decision = factories.make_decision(award, number=7, year=2025)
    won = factories.make_dossier(unit, award=award, campaign=campaign, name="Trần Văn Bình",
                                 state=State.AWARDED, decision=decision)
    ids = [d.id for d in (a1, a2, b, c, team, home, won)]
    db.session.commit()

    downgrade(revision=BEFORE)
    upgrade()
    db.session.expire_all()

    a1, a2, b, c, team, home, won = (db.session.get(Dossier, i) for i in ids)
    assert a1.nominee_person_id == a2.nominee_person_id
    assert len({a1.nominee_person_id, b.nominee_person_id, c.nominee_person_id}) == 3
    person = db.session.get(Person, a1.nominee_person_id)
    assert (person.search_key, person.birth_year, person.unit_id) == ("nguyen thi hong", 1980, unit.id)
    assert person.full_name == "nguyễn thị  hồng"  # the newest dossier's spelling
    assert team.nominee_person_id is None and team.nominee_collective.kind is CollectiveKind.UNIT
    assert team.nominee_collective.unit_id == unit.id
    assert home.nominee_collective.kind is CollectiveKind.HOUSEHOLD and home.nominee_collective.address == "Thôn 3"
    assert db.session.scalar(select(db.func.count()).select_from(Person)) == 4
    assert db.session.scalar(select(db.func.count()).select_from(Collective)) == 2

    entry = db.session.scalars(select(RegistryEntry)).one()
    assert (entry.dossier_id, entry.person_id, entry.award_id, entry.year) == (won.id, won.nominee_person_id,
                                                                                award.id, 2025)
    assert (entry.decision_number, entry.decision_date, entry.source) == ("07/QĐ-UBND", date(2025, 1, 5),
                                                                           RegistrySource.APP_DECISION)
    assert entry.decision_id == decision.id
