"""Two people at once: conflicting transitions on one dossier, and decisions issued at the same time.

Each side runs in its own thread with its own app context (hence its own database session and
connection); a barrier makes both load the dossier before either acts. Whatever the interleaving,
exactly one side wins; the other gets ConcurrentChange (or, for decisions, a distinct number).
"""
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from app.decisions import operations
from app.extensions import db
from app.models import Award, AwardDecision, DecisionCounter, Dossier, DossierEvent, Role, Signer, SignerMode, User
from app.models.states import State
from app.workflow import engine
from app.workflow.engine import ConcurrentChange

TODAY = date(2026, 3, 2)


def race(app, *jobs):
    """Run each job(barrier) in its own thread and app context; returns each result or exception."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        with app.app_context():
            try:
                results[index] = job(barrier)
            except Exception as error:  # noqa: BLE001 (reported to the test)
                db.session.rollback()
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results


def applying(user_id: int, dossier_id: int, action: str, comment: str = ""):
    def job(barrier):
        user, dossier = db.session.get(User, user_id), db.session.get(Dossier, dossier_id)
        assert dossier.award and dossier.campaign and dossier.unit  # everything loaded before the race
        list(dossier.attachments)
        barrier.wait(timeout=20)
        event = engine.apply(user, dossier, action, comment=comment, today=TODAY)
        db.session.commit()
        return event.to_state
    return job


def events_of(dossier_id: int) -> list[DossierEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier_id)))


@pytest.fixture
def actors(make):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    home_affairs = make.make_unit("Sở Nội vụ")
    return {
        "officer": make.make_actor(Role.OFFICER, unit), "head": make.make_actor(Role.UNIT_HEAD, unit),
        "appraiser": make.make_actor(Role.APPRAISER, home_affairs),
        "appraiser2": make.make_actor(Role.APPRAISER, home_affairs),
        "unit": unit, "campaign": make.make_campaign(2025),
    }


@pytest.mark.parametrize("state, first, second", [
    (State.UNIT_REVIEW, ("head", "approve", ""), ("officer", "withdraw", "Rút hồ sơ")),
    (State.UNIT_REVIEW, ("head", "approve", ""), ("head", "return", "Thiếu số liệu")),
    (State.APPRAISAL, ("appraiser", "hold", "Xác minh đơn thư"), ("officer", "withdraw", "Rút hồ sơ")),
    (State.APPRAISAL, ("appraiser", "forward", "Đủ điều kiện"), ("appraiser2", "return", "Thiếu minh chứng")),
    (State.SUBMITTED, ("appraiser", "accept", ""), ("appraiser2", "accept", "")),
])
def test_conflicting_transitions_exactly_one_wins(app, make, actors, state, first, second):
    dossier = make.make_complete_dossier(actors["unit"], campaign=actors["campaign"], state=state)
    db.session.commit()
    dossier_id, version = dossier.id, dossier.version
    jobs = [applying(actors[who].id, dossier_id, action, comment) for who, action, comment in (first, second)]
    results = race(app, *jobs)

    winners = [r for r in results if isinstance(r, State)]
    losers = [r for r in results if not isinstance(r, State)]
    assert len(winners) == 1, results
    assert len(losers) == 1 and isinstance(losers[0], ConcurrentChange), results
    assert "changed" in losers[0].message
    history = events_of(dossier_id)
    assert len(history) == 1
    final = db.session.get(Dossier, dossier_id)
    assert final.state is winners[0] is history[0].to_state
    assert final.version == version + 1


@pytest.fixture
def issuing(make):
    unit = make.make_unit("Sở Giáo dục và Đào tạo")
    campaign = make.make_campaign(2025)
    award = make.make_award(name="Bằng khen của Chủ tịch UBND tỉnh")
    make.make_salary_base()
    make.make_signer("Phạm Anh Tuấn", SignerMode.CHAIRMAN)
    secretary = make.make_actor(Role.SECRETARY, make.make_unit("Sở Nội vụ"))

    def approved(name):
        return make.make_complete_dossier(unit, award=award, campaign=campaign, state=State.APPROVED, name=name)

    return {"award": award, "secretary": secretary, "approved": approved}


def deciding(award_id: int, secretary_id: int, dossier_ids: list[int], signed_on: date = date(2026, 1, 5)):
    def job(barrier):
        award, secretary = db.session.get(Award, award_id), db.session.get(User, secretary_id)
        dossiers = [db.session.get(Dossier, i) for i in dossier_ids]
        signer = db.session.scalar(select(Signer))
        for dossier in dossiers:
            assert dossier.unit and dossier.campaign and dossier.campaign.movement
        barrier.wait(timeout=20)
        draft = operations.prepare(award, dossiers, signed_on)
        decision = operations.issue(secretary, draft, signer, signed_on, "Theo đề nghị của Sở Nội vụ")
        db.session.commit()
        return decision.number
    return job


@pytest.mark.parametrize("existing_counter", [False, True], ids=["first-of-the-year", "counter-exists"])
@pytest.mark.parametrize("parallel", [2, 4])
def test_decisions_issued_at_once_get_distinct_numbers(app, make, issuing, existing_counter, parallel):
    if existing_counter:
        db.session.add(DecisionCounter(symbol="QĐ-UBND", year=2026, last_number=124))
    dossiers = [issuing["approved"](f"Người Thứ {i}") for i in range(parallel)]
    db.session.commit()
    first = 125 if existing_counter else 1
    results = race(app, *[deciding(issuing["award"].id, issuing["secretary"].id, [d.id]) for d in dossiers])
    assert sorted(results) == list(range(first, first + parallel)), results
    db.session.expire_all()
    numbers = sorted(db.session.scalars(select(AwardDecision.number)))
    assert numbers == list(range(first, first + parallel))
    assert db.session.scalar(select(DecisionCounter.last_number)) == first + parallel - 1
    for dossier in dossiers:
        dossier = db.session.get(Dossier, dossier.id)
        assert dossier.state is State.AWARDED and dossier.decision_id is not None


def test_one_dossier_in_two_decisions_at_once_is_awarded_once_and_no_number_is_lost(app, issuing):
    dossier = issuing["approved"]("Nguyễn Thị Hồng")
    db.session.commit()
    job = deciding(issuing["award"].id, issuing["secretary"].id, [dossier.id])
    results = race(app, job, job)
    numbers = [r for r in results if isinstance(r, int)]
    refusals = [r for r in results if isinstance(r, operations.DecisionRefused)]
    assert numbers == [1] and len(refusals) == 1, results
    assert "changed" in str(refusals[0])
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(AwardDecision)) == 1
    assert db.session.scalar(select(DecisionCounter.last_number)) == 1  # the loser's number was rolled back
    assert len([e for e in events_of(dossier.id) if e.action == "issue_decision"]) == 1
