"""Nominees as records and the registry: a new dossier finds or creates its person or collective, and
every dossier awarded in the app enters the registry in the decision's transaction (issue 8)."""
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import (
    AwardDecision,
    AwardLevel,
    CampaignKind,
    CollectiveKind,
    Gender,
    NomineeKind,
    Person,
    RegistryEntry,
    RegistrySource,
    Role,
    State,
)
from app.nominations import operations
from app.nominations.operations import NomineeData
from app.workflow import engine
from tests.test_decisions import office, reload  # noqa: F401  (fixture)


def nominee(make, campaign, award, name, *, kind=NomineeKind.INDIVIDUAL, birth_year=1980, unit_id=None,
            position="Chuyên viên"):
    return NomineeData(campaign=campaign, award=award, kind=kind, name=name, gender=Gender.FEMALE,
                       birth_year=birth_year, position=position, nominee_unit_id=unit_id,
                       achievement_summary="Hoàn thành xuất sắc nhiệm vụ")


def people_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Person))


def test_a_new_dossier_finds_or_creates_its_person_by_name_birth_year_and_unit(make):
    officer = make.make_actor(Role.OFFICER)
    campaign, award, other_award = make.make_campaign(2025), make.make_award(), make.make_award()
    first = operations.create_dossier(officer, nominee(make, campaign, award, "Nguyễn Thị  Hồng"))
    person = first.nominee_person
    assert (person.full_name, person.search_key, person.birth_year, person.unit_id, person.gender) == (
        "Nguyễn Thị Hồng", "nguyen thi hong", 1980, officer.unit_id, Gender.FEMALE)
    # The same person (typed in capitals) for another award: the same record.
    again = operations.create_dossier(officer, nominee(make, campaign, other_award, "NGUYỄN THỊ HỒNG"))
    assert again.nominee_person_id == person.id
    # Another year of birth, or another unit: another person.
    third_award, next_year = make.make_award(), make.make_campaign(2026)
    older = operations.create_dossier(officer, nominee(make, campaign, third_award, "Nguyễn Thị Hồng",
                                                       birth_year=1970))
    elsewhere = operations.create_dossier(officer, nominee(make, next_year, award, "Nguyễn Thị Hồng",
                                                           unit_id=make.make_unit("Sở Y tế").id))
    assert len({person.id, older.nominee_person_id, elsewhere.nominee_person_id}) == 3
    assert people_count() == 3
    # Correcting the year of birth points the dossier at the right person.
    operations.update_dossier(officer, older, nominee(make, campaign, third_award, "Nguyễn Thị Hồng"))
    assert older.nominee_person_id == person.id


def test_collectives_and_households_become_collective_records(make):
    officer = make.make_actor(Role.OFFICER)
    campaign, award = make.make_campaign(2025), make.make_award(for_household=True)
    team = operations.create_dossier(officer, nominee(make, campaign, award, "Phòng Kế hoạch",
                                                      kind=NomineeKind.COLLECTIVE, unit_id=officer.unit_id))
    home = operations.create_dossier(officer, nominee(make, campaign, award, "Hộ ông Lò Văn Páo",
                                                      kind=NomineeKind.HOUSEHOLD, position="Thôn 3"))
    assert team.nominee_person is None
    assert (team.nominee_collective.kind, team.nominee_collective.unit_id) == (CollectiveKind.UNIT, officer.unit_id)
    assert (home.nominee_collective.kind, home.nominee_collective.address) == (CollectiveKind.HOUSEHOLD, "Thôn 3")
    assert people_count() == 0


def test_a_registry_entry_names_exactly_one_nominee(make):
    award = make.make_award()
    db.session.add(RegistryEntry(award=award, year=2024, source=RegistrySource.IMPORTED))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_issuing_a_decision_enters_every_honouree_in_the_registry(office):  # noqa: F811
    person = office.approved("Nguyễn Thị Hồng")
    school = office.approved("Trường THPT Lê Quý Đôn", kind=NomineeKind.COLLECTIVE)
    left_out = office.approved("Người Chưa Chọn")
    assert office.post(office.award, [person, school]).status_code == 303
    decision = db.session.scalar(select(AwardDecision))
    entries = {e.dossier_id: e for e in db.session.scalars(select(RegistryEntry))}
    assert set(entries) == {person.id, school.id}
    for dossier in (reload(person), reload(school)):
        entry = entries[dossier.id]
        assert (entry.award_id, entry.year, entry.campaign_kind, entry.source) == (
            office.award.id, 2025, CampaignKind.YEARLY, RegistrySource.APP_DECISION)
        assert (entry.decision_id, entry.decision_number, entry.decision_date) == (
            decision.id, "01/QĐ-UBND", date(2026, 1, 5))
        assert (entry.person_id, entry.collective_id) == (dossier.nominee_person_id, dossier.nominee_collective_id)
    assert entries[person.id].person.full_name == "Nguyễn Thị Hồng"
    assert entries[school.id].collective.kind is CollectiveKind.UNIT
    assert reload(left_out).nominee_person_id is None  # made by the test factory, never through an operation


def test_a_refused_decision_enters_nothing(office, make):  # noqa: F811
    person = office.approved("Nguyễn Thị Hồng")
    stray = office.approved("Người Chưa Duyệt")
    stray.state = State.APPRAISAL
    db.session.commit()
    office.post(office.award, [person, stray])
    assert db.session.scalar(select(func.count()).select_from(RegistryEntry)) == 0


def test_a_proposal_to_the_centre_enters_the_registry_when_the_central_decision_is_recorded(office):  # noqa: F811
    dossier = office.approved("Trần Văn Trung Ương", award=office.central)
    assert office.post(office.central, [dossier]).status_code == 303
    assert db.session.scalar(select(func.count()).select_from(RegistryEntry)) == 0  # only proposed
    dossier = reload(dossier)
    engine.apply(office.secretary, dossier, "record_central",
                 payload={"central_number": "125/QĐ-TTg", "central_date": date(2026, 3, 2)}, today=date(2026, 3, 3))
    db.session.commit()
    entry = db.session.scalars(select(RegistryEntry)).one()
    assert (entry.dossier_id, entry.decision_number, entry.decision_date, entry.decision_id) == (
        dossier.id, "125/QĐ-TTg", date(2026, 3, 2), None)
    assert entry.person_id == dossier.nominee_person_id is not None
    assert office.central.level is AwardLevel.CENTRAL
