"""Council operations (app/council/operations.py): the secretary alone changes sessions, agendas and votes;
operations flush and leave committing to the caller."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app.council import operations
from app.extensions import db
from app.models import CouncilAgendaItem, CouncilSession, DossierEvent, Role, State


@pytest.fixture
def people(make):
    return {role: make.make_actor(role) for role in (Role.SECRETARY, Role.APPRAISER, Role.ADMIN)}


def session_data() -> operations.SessionData:
    return operations.SessionData(name=" Phiên họp thường kỳ quý I ", held_on=date(2026, 3, 10), members_total=21,
                                  members_present=19, notes="")


@pytest.mark.parametrize("role", [Role.APPRAISER, Role.ADMIN])
def test_only_the_secretary_creates_a_session(people, role):
    with pytest.raises(operations.CouncilRefused) as refused:
        operations.create_session(people[role], session_data())
    assert refused.value.status == 403
    session = operations.create_session(people[Role.SECRETARY], session_data())
    assert session.name == "Phiên họp thường kỳ quý I" and session.created_by_id == people[Role.SECRETARY].id


def test_an_operation_does_not_commit(people):
    operations.create_session(people[Role.SECRETARY], session_data())
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(CouncilSession)) == 0


def test_agenda_takes_only_dossiers_awaiting_the_council_and_a_vote_moves_the_dossier(make, people):
    secretary = people[Role.SECRETARY]
    unit = make.make_unit()
    waiting = make.make_complete_dossier(unit, state=State.COUNCIL_REVIEW)
    elsewhere = make.make_complete_dossier(unit, state=State.APPRAISAL)
    session = operations.create_session(secretary, session_data())
    [item] = operations.add_to_agenda(secretary, session, [elsewhere.id, waiting.id, waiting.id])
    assert item.dossier_id == waiting.id
    with pytest.raises(operations.CouncilRefused):
        operations.add_to_agenda(secretary, session, [elsewhere.id])  # nothing eligible: said, not ignored
    assert operations.record_vote(secretary, item, 18, 1, 0) is True
    db.session.commit()
    assert waiting.state is State.APPROVED and item.approved is True and item.recorded_by_id == secretary.id
    [event] = db.session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == waiting.id))
    assert (event.action, event.actor_id) == ("record_vote", secretary.id)
    with pytest.raises(operations.CouncilRefused) as refused:
        operations.remove_from_agenda(secretary, item)
    assert refused.value.status == 409
    assert db.session.scalar(select(func.count()).select_from(CouncilAgendaItem)) == 1
