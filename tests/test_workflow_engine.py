"""The engine: routing of each action, guards with their reasons, deadlines, and the audit trail."""
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AwardLevel, DossierEvent, Role, StageDeadline
from app.models.states import FINAL_STATES, State
from app.workflow import engine
from app.workflow.calendar import WorkingCalendar
from app.workflow.engine import ConcurrentChange, NotPossible, WorkflowError
from app.workflow.transitions import TRANSITIONS

TODAY = date(2026, 3, 2)  # a Monday
NON_FINAL = [s for s in State if s not in FINAL_STATES]


def events_of(dossier) -> list[DossierEvent]:
    return list(db.session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id)
                                   .order_by(DossierEvent.id)))


@pytest.fixture
def people(make):
    unit = make.make_unit("Sở Khoa học và Công nghệ")
    lead = make.make_unit("Sở Tài chính")
    make.make_cluster(members=[unit, lead], year=2025, lead=lead)
    home_affairs = make.make_unit("Sở Nội vụ")

    class People:
        pass

    p = People()
    p.unit = unit
    p.campaign = make.make_campaign(2025)
    p.officer = make.make_actor(Role.OFFICER, unit, full_name="Trần Thị Cán Bộ")
    p.head = make.make_actor(Role.UNIT_HEAD, unit, full_name="Lê Văn Thủ Trưởng")
    p.cluster_lead = make.make_actor(Role.CLUSTER_LEAD, lead)
    p.appraiser = make.make_actor(Role.APPRAISER, home_affairs)
    p.secretary = make.make_actor(Role.SECRETARY, home_affairs)

    def dossier(state=State.DRAFT, award=None, **kw):
        if state is State.ON_HOLD:
            kw.setdefault("held_from_state", State.APPRAISAL)
        return make.make_complete_dossier(unit, award=award or make.make_award(), campaign=p.campaign,
                                          state=state, **kw)

    p.dossier = dossier
    return p


# --- routing -------------------------------------------------------------------------------------

@pytest.mark.parametrize("via_cluster, expected", [(True, State.CLUSTER_REVIEW), (False, State.SUBMITTED)])
def test_approve_routes_by_the_cluster_flag(people, via_cluster, expected):
    dossier = people.dossier(State.UNIT_REVIEW, via_cluster=via_cluster)
    assert dossier.submitted_at is None
    engine.apply(people.head, dossier, "approve", today=TODAY)
    assert dossier.state is expected
    assert dossier.submitted_at is not None  # from now on the province (or the cluster) sees it


def test_endorse_sends_to_the_province(people):
    dossier = people.dossier(State.CLUSTER_REVIEW, via_cluster=True)
    engine.apply(people.cluster_lead, dossier, "endorse", today=TODAY)
    assert dossier.state is State.SUBMITTED


def test_forward_with_a_notice_period_goes_to_public_notice_counted_in_working_days(people, make):
    award = make.make_award(level=AwardLevel.CENTRAL, public_notice_days=10)
    dossier = people.dossier(State.APPRAISAL, award=award)
    # Tuesday 10 February 2026: the ten working days skip Tết (16–20 February) and three weekends.
    engine.apply(people.appraiser, dossier, "forward", comment="Đủ điều kiện", today=date(2026, 2, 10))
    assert dossier.state is State.PUBLIC_NOTICE
    assert dossier.notice_ends_on == date(2026, 3, 3)
    assert dossier.appraisal_opinion == "Đủ điều kiện"


def test_forward_without_a_notice_period_goes_to_the_council(people):
    dossier = people.dossier(State.APPRAISAL)
    engine.apply(people.appraiser, dossier, "forward", comment="Đủ điều kiện", today=TODAY)
    assert dossier.state is State.COUNCIL_REVIEW
    assert dossier.notice_ends_on is None


def test_close_notice_is_refused_before_the_end_with_the_working_days_left(people):
    dossier = people.dossier(State.PUBLIC_NOTICE, notice_ends_on=date(2026, 3, 3))
    with pytest.raises(WorkflowError) as refused:
        engine.apply(people.appraiser, dossier, "close_notice", today=date(2026, 2, 13))
    assert "03/03/2026" in refused.value.message
    assert "7 working days left" in refused.value.message  # 23–27 February, 2 and 3 March
    assert dossier.state is State.PUBLIC_NOTICE
    with pytest.raises(WorkflowError, match="1 working days left"):
        engine.apply(people.appraiser, dossier, "close_notice", today=date(2026, 3, 2))


@pytest.mark.parametrize("today", [date(2026, 3, 3), date(2026, 3, 20)])
def test_close_notice_is_allowed_from_the_end_date(people, today):
    dossier = people.dossier(State.PUBLIC_NOTICE, notice_ends_on=date(2026, 3, 3))
    engine.apply(people.appraiser, dossier, "close_notice", today=today)
    assert dossier.state is State.COUNCIL_REVIEW


@pytest.mark.parametrize("approved, expected", [(True, State.APPROVED), (False, State.NOT_APPROVED)])
def test_record_vote_routes_by_the_result(people, approved, expected):
    dossier = people.dossier(State.COUNCIL_REVIEW)
    engine.apply(people.secretary, dossier, "record_vote", payload={"approved": approved}, today=TODAY)
    assert dossier.state is expected


def test_record_vote_without_a_result_is_refused(people):
    dossier = people.dossier(State.COUNCIL_REVIEW)
    with pytest.raises(WorkflowError, match="council session"):
        engine.apply(people.secretary, dossier, "record_vote", today=TODAY)


def test_issue_decision_only_for_provincial_awards(people, make):
    central = make.make_award(level=AwardLevel.CENTRAL)
    dossier = people.dossier(State.APPROVED, award=central)
    decision = make.make_decision(central)
    with pytest.raises(WorkflowError, match="central"):
        engine.apply(people.secretary, dossier, "issue_decision", payload={"decision": decision}, today=TODAY)
    engine.apply(people.secretary, dossier, "forward_central", payload={"decision": decision}, today=TODAY)
    assert dossier.state is State.PROPOSED_TO_CENTRAL
    assert dossier.decision_id == decision.id


def test_forward_central_only_for_central_awards(people, make):
    award = make.make_award()
    dossier = people.dossier(State.APPROVED, award=award)
    decision = make.make_decision(award)
    with pytest.raises(WorkflowError, match="Only central awards"):
        engine.apply(people.secretary, dossier, "forward_central", payload={"decision": decision}, today=TODAY)
    engine.apply(people.secretary, dossier, "issue_decision", payload={"decision": decision, "amount": 3_510_000},
                 today=TODAY)
    assert dossier.state is State.AWARDED
    assert (dossier.decision_id, dossier.bonus_amount) == (decision.id, 3_510_000)


@pytest.mark.parametrize("action", ["issue_decision", "forward_central"])
def test_decisions_are_issued_from_the_decisions_screen_only(people, make, action):
    award = make.make_award(level=AwardLevel.CENTRAL if action == "forward_central" else AwardLevel.PROVINCIAL)
    dossier = people.dossier(State.APPROVED, award=award)
    with pytest.raises(WorkflowError, match="decisions screen"):
        engine.apply(people.secretary, dossier, action, today=TODAY)


@pytest.mark.parametrize("payload, reason", [
    ({}, "number and date"),
    ({"central_number": "  ", "central_date": date(2026, 2, 1)}, "number and date"),
    ({"central_number": "125/QĐ-CTN", "central_date": None}, "number and date"),
    ({"central_number": "125/QĐ-CTN", "central_date": date(2026, 3, 3)}, "future"),
])
def test_record_central_needs_a_number_and_a_past_date(people, make, payload, reason):
    dossier = people.dossier(State.PROPOSED_TO_CENTRAL, award=make.make_award(level=AwardLevel.CENTRAL))
    with pytest.raises(WorkflowError, match=reason):
        engine.apply(people.secretary, dossier, "record_central", payload=payload, today=TODAY)
    assert dossier.state is State.PROPOSED_TO_CENTRAL


@pytest.mark.parametrize("day", [TODAY, date(2026, 1, 15)])
def test_record_central_awards_the_dossier(people, make, day):
    dossier = people.dossier(State.PROPOSED_TO_CENTRAL, award=make.make_award(level=AwardLevel.CENTRAL))
    engine.apply(people.secretary, dossier, "record_central",
                 payload={"central_number": " 125/QĐ-CTN ", "central_date": day}, today=TODAY)
    db.session.commit()
    assert dossier.state is State.AWARDED
    assert (dossier.central_decision_number, dossier.central_decision_date) == ("125/QĐ-CTN", day)


@pytest.mark.parametrize("state", [s for s in NON_FINAL if s is not State.DRAFT], ids=lambda s: s.value)
@pytest.mark.parametrize("who", ["officer", "head"])
def test_withdraw_from_every_non_final_state_after_the_draft_needs_a_reason(people, state, who):
    dossier = people.dossier(state)
    actor = getattr(people, who)
    with pytest.raises(WorkflowError, match="comment is required"):
        engine.apply(actor, dossier, "withdraw", comment="   ", today=TODAY)
    assert dossier.state is state
    event = engine.apply(actor, dossier, "withdraw", comment="Đơn vị rút hồ sơ", today=TODAY)
    assert dossier.state is State.WITHDRAWN
    assert event.comment == "Đơn vị rút hồ sơ"


@pytest.mark.parametrize("who", ["officer", "head"])
def test_a_draft_is_not_withdrawn(people, who):
    """A draft never left the unit: its officer deletes it (the page offered both "delete" and "withdraw")."""
    dossier = people.dossier(State.DRAFT)
    with pytest.raises(WorkflowError, match="not possible"):
        engine.apply(getattr(people, who), dossier, "withdraw", comment="Đơn vị rút hồ sơ", today=TODAY)
    assert dossier.state is State.DRAFT


@pytest.mark.parametrize("state", [s for s in NON_FINAL if s is not State.ON_HOLD], ids=lambda s: s.value)
def test_hold_remembers_the_state_and_release_returns_to_it(people, state):
    dossier = people.dossier(state, notice_ends_on=date(2026, 3, 3) if state is State.PUBLIC_NOTICE else None)
    with pytest.raises(WorkflowError, match="comment is required"):
        engine.apply(people.appraiser, dossier, "hold", today=TODAY)
    engine.apply(people.appraiser, dossier, "hold", comment="Đang xác minh đơn thư", today=TODAY)
    db.session.commit()
    assert (dossier.state, dossier.held_from_state) == (State.ON_HOLD, state)
    with pytest.raises(NotPossible):
        engine.apply(people.appraiser, dossier, "hold", comment="Lần nữa", today=TODAY)
    engine.apply(people.appraiser, dossier, "release", today=TODAY)
    db.session.commit()
    assert (dossier.state, dossier.held_from_state) == (state, None)


@pytest.mark.parametrize("state, who", [(State.UNIT_REVIEW, "head"), (State.CLUSTER_REVIEW, "cluster_lead"),
                                        (State.APPRAISAL, "appraiser")])
def test_returns_need_a_comment_and_go_back_to_the_officer(people, state, who):
    dossier = people.dossier(state)
    actor = getattr(people, who)
    with pytest.raises(WorkflowError, match="comment is required"):
        engine.apply(actor, dossier, "return", today=TODAY)
    engine.apply(actor, dossier, "return", comment="Bổ sung số liệu năm 2025", today=TODAY)
    assert dossier.state is State.RETURNED
    with pytest.raises(WorkflowError, match="comment is required"):
        engine.apply(people.officer, dossier, "resubmit", today=TODAY)
    engine.apply(people.officer, dossier, "resubmit", comment="Đã bổ sung", today=TODAY)
    assert dossier.state is State.UNIT_REVIEW


def test_request_supplement_sets_the_deadline_in_working_days(people):
    dossier = people.dossier(State.APPRAISAL)
    engine.apply(people.appraiser, dossier, "request_supplement", comment="Thiếu biên bản họp",
                 payload={"deadline_days": 5}, today=date(2026, 2, 12))
    assert dossier.state is State.RETURNED
    # Thursday 12 February: 13 February, then Tết and the weekend, 23–26 February.
    assert dossier.stage_due_on == date(2026, 2, 26)
    assert dossier.stage_due_on == WorkingCalendar().add_working_days(date(2026, 2, 12), 5)


@pytest.mark.parametrize("days", [None, 0, 61, "10"])
def test_request_supplement_needs_a_sensible_deadline(people, days):
    dossier = people.dossier(State.APPRAISAL)
    with pytest.raises(WorkflowError, match="deadline"):
        engine.apply(people.appraiser, dossier, "request_supplement", comment="Thiếu",
                     payload={"deadline_days": days}, today=TODAY)


def test_stage_deadline_from_the_configured_working_days(people):
    db.session.add(StageDeadline(state=State.APPRAISAL, working_days=15))
    dossier = people.dossier(State.SUBMITTED)
    engine.apply(people.appraiser, dossier, "accept", today=TODAY)
    assert dossier.stage_due_on == WorkingCalendar().add_working_days(TODAY, 15) == date(2026, 3, 23)
    # A stage without a configured deadline has none.
    engine.apply(people.appraiser, dossier, "forward", comment="Đạt", today=TODAY)
    assert dossier.stage_due_on is None


# --- guards --------------------------------------------------------------------------------------

def test_submit_is_refused_while_a_required_attachment_is_missing(people, make):
    report = make.make_attachment_type(name="Báo cáo thành tích")
    minutes = make.make_attachment_type(name="Biên bản họp Hội đồng")
    award = make.make_award(required=[report, minutes])
    dossier = make.make_dossier(people.unit, award=award, campaign=people.campaign, nominee_gender=None)
    make.make_attachment(dossier, report)
    with pytest.raises(WorkflowError) as refused:
        engine.apply(people.officer, dossier, "submit", today=TODAY)
    assert "Biên bản họp Hội đồng" in refused.value.message and "gender" in refused.value.message
    assert "Báo cáo thành tích" not in refused.value.message
    assert dossier.state is State.DRAFT


def test_an_action_from_a_state_the_dossier_has_left_is_not_possible(people):
    dossier = people.dossier(State.SUBMITTED)
    with pytest.raises(NotPossible) as refused:
        engine.apply(people.head, dossier, "approve", today=TODAY)
    assert refused.value.status == 409


def test_an_old_version_is_a_concurrent_change(people):
    dossier = people.dossier(State.UNIT_REVIEW)
    seen = dossier.version
    engine.apply(people.appraiser, dossier, "hold", comment="Xác minh", today=TODAY)
    engine.apply(people.appraiser, dossier, "release", today=TODAY)
    assert dossier.state is State.UNIT_REVIEW
    with pytest.raises(ConcurrentChange):
        engine.apply(people.head, dossier, "approve", expected_version=seen, today=TODAY)
    assert dossier.state is State.UNIT_REVIEW


# --- audit ---------------------------------------------------------------------------------------

def test_each_applied_transition_writes_exactly_one_history_row(people):
    dossier = people.dossier(State.DRAFT)
    db.session.commit()
    steps = [(people.officer, "submit", ""), (people.head, "return", "Thiếu số liệu"),
             (people.officer, "resubmit", "Đã bổ sung"), (people.head, "approve", ""),
             (people.appraiser, "accept", ""), (people.appraiser, "forward", "Đủ điều kiện"),
             (people.secretary, "record_vote", "18/20")]
    for number, (actor, action, comment) in enumerate(steps, start=1):
        before_state = dossier.state
        started = datetime.now(UTC)
        payload = {"approved": True} if action == "record_vote" else None
        engine.apply(actor, dossier, action, comment=comment, payload=payload, today=TODAY)
        db.session.commit()
        history = events_of(dossier)
        assert len(history) == number
        event = history[-1]
        assert (event.action, event.actor_id, event.actor_role) == (action, actor.id, actor.role)
        assert (event.from_state, event.to_state, event.comment) == (before_state, dossier.state, comment)
        assert event.created_at.tzinfo is not None and event.created_at.utcoffset() == timedelta(0)
        assert started - timedelta(seconds=1) <= event.created_at <= datetime.now(UTC) + timedelta(seconds=1)
    assert dossier.state is State.APPROVED


@pytest.mark.parametrize("attempt", ["wrong_role", "missing_comment", "guard", "wrong_state", "stale"])
def test_a_refused_action_writes_nothing_and_changes_nothing(people, make, attempt):
    dossier = people.dossier(State.UNIT_REVIEW)
    if attempt == "guard":  # the award now asks for a document the dossier lacks
        dossier.award.required_attachment_types.append(make.make_attachment_type(name="Biên bản họp"))
    db.session.commit()
    version, due = dossier.version, dossier.stage_due_on
    actor, action, kw = {
        "wrong_role": (people.officer, "approve", {}),
        "missing_comment": (people.head, "return", {}),
        "guard": (people.head, "approve", {}),
        "wrong_state": (people.appraiser, "accept", {}),
        "stale": (people.head, "approve", {"expected_version": version - 1 if version > 1 else version + 1}),
    }[attempt]
    with pytest.raises(WorkflowError):
        engine.apply(actor, dossier, action, today=TODAY, **kw)
    assert not db.session.dirty and not db.session.new
    db.session.rollback()
    db.session.refresh(dossier)
    assert (dossier.state, dossier.version, dossier.stage_due_on) == (State.UNIT_REVIEW, version, due)
    assert events_of(dossier) == []


def test_the_history_is_shown_on_the_dossier_with_who_and_the_comment(people, login):
    dossier = people.dossier(State.UNIT_REVIEW)
    engine.apply(people.head, dossier, "return", comment="Thiếu số liệu năm 2025", today=TODAY)
    db.session.commit()
    page = login(people.officer).get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    timeline = page[page.index('id="timeline"'):]
    assert "Lê Văn Thủ Trưởng" in timeline and "Thiếu số liệu năm 2025" in timeline


def test_every_transition_row_has_been_exercised_here_or_in_the_matrix():
    """A reminder: a new row in the table needs its routing test."""
    assert {t.name for t in TRANSITIONS} == {
        "submit", "approve", "return", "resubmit", "endorse", "accept", "request_supplement", "forward",
        "close_notice", "record_vote", "issue_decision", "forward_central", "record_central", "withdraw",
        "hold", "release", "revoke_award",  # revoke_award: tests/test_decision_life.py (cancellations)
        "record_unit_vote", "issue_unit_decision",  # the unit-level route: tests/test_authority_levels.py
    }
