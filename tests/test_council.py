"""Council sessions: validation, the agenda, vote arithmetic (quorum, threshold) and recording per dossier."""
from decimal import Decimal

import lxml.html
import pytest
from sqlalchemy import func, select

from app.council.voting import VoteRejected, evaluate, quorum_needed
from app.extensions import db
from app.models import Award, CouncilAgendaItem, CouncilSession, Dossier, Role, ThresholdBase
from app.models.states import State


def award_with(threshold="0.5", base=ThresholdBase.ALL_MEMBERS, quorum="0.667") -> Award:
    return Award(approval_threshold=Decimal(threshold), threshold_base=base, quorum_ratio=Decimal(quorum))


def session_of(total: int, present: int) -> CouncilSession:
    return CouncilSession(members_total=total, members_present=present)


# --- arithmetic ----------------------------------------------------------------------------------

@pytest.mark.parametrize("threshold, base, total, present, votes, approved", [
    # Chiến sĩ thi đua tỉnh: 90 % of all members.
    ("0.9", ThresholdBase.ALL_MEMBERS, 20, 20, (18, 1, 1), True),
    ("0.9", ThresholdBase.ALL_MEMBERS, 20, 20, (17, 2, 1), False),
    ("0.9", ThresholdBase.ALL_MEMBERS, 20, 18, (18, 0, 0), True),
    ("0.9", ThresholdBase.ALL_MEMBERS, 20, 18, (17, 1, 0), False),  # 17 of 18 present is 94 %, not of all 20
    # Bằng khen Thủ tướng: 80 % of all members.
    ("0.8", ThresholdBase.ALL_MEMBERS, 25, 21, (20, 1, 0), True),
    ("0.8", ThresholdBase.ALL_MEMBERS, 25, 21, (19, 2, 0), False),
    # Base "present": half of those present.
    ("0.5", ThresholdBase.PRESENT, 20, 15, (8, 7, 0), True),
    ("0.5", ThresholdBase.PRESENT, 20, 15, (7, 7, 1), False),
    ("0.5", ThresholdBase.PRESENT, 20, 14, (7, 6, 1), True),
    # Two thirds entered as 66.7 %.
    ("0.667", ThresholdBase.PRESENT, 20, 15, (10, 5, 0), True),
    ("0.667", ThresholdBase.PRESENT, 20, 15, (9, 6, 0), False),
    ("1", ThresholdBase.ALL_MEMBERS, 15, 15, (15, 0, 0), True),
    ("1", ThresholdBase.ALL_MEMBERS, 15, 15, (14, 0, 1), False),
])
def test_threshold_per_award(threshold, base, total, present, votes, approved):
    outcome = evaluate(session_of(total, present), award_with(threshold, base), *votes)
    assert outcome.approved is approved
    assert outcome.base == (total if base is ThresholdBase.ALL_MEMBERS else present)


@pytest.mark.parametrize("total, present, quorum_met", [
    (20, 14, True), (20, 13, False),  # 2/3 of 20 is 13.3: 14 needed
    (15, 10, True), (15, 9, False),  # 2/3 of 15 is exactly 10
    (21, 14, True), (21, 13, False),
    (3, 2, True), (3, 1, False),
])
def test_two_thirds_quorum(total, present, quorum_met):
    session, award = session_of(total, present), award_with()
    if quorum_met:
        evaluate(session, award, present, 0, 0)
    else:
        with pytest.raises(VoteRejected, match="No quorum"):
            evaluate(session, award, present, 0, 0)


def test_quorum_needed_is_shown_as_a_whole_number_of_members():
    assert quorum_needed(session_of(15, 0), award_with()) == 10
    assert quorum_needed(session_of(20, 0), award_with(quorum="0.5")) == 10
    assert quorum_needed(session_of(20, 0), award_with(quorum="0.75")) == 15


@pytest.mark.parametrize("votes, message", [
    ((15, 4, 2), "21 votes counted but only 20"),
    ((-1, 0, 0), "negative"),
])
def test_numbers_that_cannot_be_are_refused(votes, message):
    with pytest.raises(VoteRejected, match=message):
        evaluate(session_of(25, 20), award_with(), *votes)


# --- screens -------------------------------------------------------------------------------------

class Council:
    def __init__(self, make, app):
        self.make, self.app = make, app
        self.unit = make.make_unit("Sở Giáo dục và Đào tạo")
        self.campaign = make.make_campaign(2025)
        self.cstd = make.make_award(name="Chiến sĩ thi đua cấp tỉnh", approval_threshold=Decimal("0.9"))
        self.secretary = make.make_actor(Role.SECRETARY, make.make_unit("Sở Nội vụ"))

    def dossier(self, state=State.COUNCIL_REVIEW, name=None, award=None):
        return self.make.make_complete_dossier(self.unit, award=award or self.cstd, campaign=self.campaign,
                                               state=state, name=name)

    def client(self, role=Role.SECRETARY):
        user = self.secretary if role is Role.SECRETARY else self.make.make_actor(role)
        return self.make.signed_in_client(self.app, user)

    def session_with(self, dossiers, total=20, present=20):
        session = self.make.make_council_session(total, present)
        for dossier in dossiers:
            db.session.add(CouncilAgendaItem(session=session, dossier=dossier))
        db.session.commit()
        return session


@pytest.fixture
def council(make, app):
    return Council(make, app)


def sessions_count() -> int:
    return db.session.scalar(select(func.count()).select_from(CouncilSession))


def test_a_session_with_more_members_present_than_the_council_has_is_refused(council):
    response = council.client().post("/council/", data={"name": "Phiên họp tháng 12", "held_on": "2025-12-15",
                                                        "members_total": "20", "members_present": "21"})
    assert response.status_code == 422
    field = lxml.html.fromstring(response.get_data(as_text=True)).xpath('//*[@id="field-members_present"]')[0]
    assert "More members present than the council has" in field.text_content()
    assert sessions_count() == 0


def test_a_valid_session_is_created(council):
    response = council.client().post("/council/", data={"name": "Phiên họp tháng 12", "held_on": "2025-12-15",
                                                        "members_total": "20", "members_present": "20"})
    assert response.status_code == 303
    session = db.session.scalar(select(CouncilSession))
    assert response.headers["Location"] == f"/council/{session.id}"
    assert (session.members_total, session.members_present) == (20, 20)


# A unit's officer and head open their unit's own council (tests/test_authority_levels.py), never this one.
@pytest.mark.parametrize("role, method, status", [
    (Role.UNIT_HEAD, "post", 403), (Role.CLUSTER_LEAD, "get", 403),
    (Role.APPRAISER, "get", 403), (Role.ADMIN, "get", 200), (Role.ADMIN, "post", 403),
])
def test_only_the_secretary_runs_sessions(council, role, method, status):
    client = council.client(role)
    data = {"name": "Phiên", "held_on": "2025-12-15", "members_total": "20", "members_present": "20"}
    response = client.get("/council/") if method == "get" else client.post("/council/", data=data)
    assert response.status_code == status
    assert sessions_count() == 0


def test_only_dossiers_awaiting_the_council_are_added_to_the_agenda(council):
    waiting = council.dossier(name="Phạm Thị Chờ Họp")
    appraising = council.dossier(State.APPRAISAL, name="Đang Thẩm Định")
    elsewhere = council.dossier(name="Đã Có Trong Phiên Khác")
    council.session_with([elsewhere])
    session = council.session_with([])
    client = council.client()
    page = lxml.html.fromstring(client.get(f"/council/{session.id}").get_data(as_text=True))
    offered = {i.get("value") for i in page.xpath('//table[@id="candidates"]//input[@name="ids"]')}
    assert offered == {str(waiting.id)}
    response = client.post(f"/council/{session.id}/agenda", data={"ids": [waiting.id, appraising.id, elsewhere.id]})
    assert response.status_code == 303
    on_agenda = set(db.session.scalars(select(CouncilAgendaItem.dossier_id).where(
        CouncilAgendaItem.session_id == session.id)))
    assert on_agenda == {waiting.id}


def _votes(session, rows: dict) -> dict:
    data = {}
    items = {i.dossier_id: i.id for i in db.session.scalars(
        select(CouncilAgendaItem).where(CouncilAgendaItem.session_id == session.id))}
    for dossier, numbers in rows.items():
        for kind, value in zip(("for", "against", "abstain"), numbers):
            data[f"{kind}-{items[dossier.id]}"] = value
    return data


def _state(dossier) -> State:
    db.session.expire_all()
    return db.session.get(Dossier, dossier.id).state


def test_recorded_votes_decide_approved_or_not_approved(council):
    passes, fails = council.dossier(name="Người Đạt"), council.dossier(name="Người Không Đạt")
    session = council.session_with([passes, fails])
    response = council.client().post(f"/council/{session.id}/votes",
                                     data=_votes(session, {passes: ("18", "1", "1"), fails: ("17", "2", "1")}))
    assert response.status_code == 200
    assert _state(passes) is State.APPROVED and _state(fails) is State.NOT_APPROVED
    item = db.session.scalar(select(CouncilAgendaItem).where(CouncilAgendaItem.dossier_id == passes.id))
    assert (item.votes_for, item.votes_against, item.votes_abstain, item.approved) == (18, 1, 1, True)
    event = db.session.get(Dossier, passes.id).events[-1]
    assert (event.action, event.actor_id) == ("record_vote", council.secretary.id)
    assert "18" in event.comment and "needed 18 of 20" in event.comment


def test_one_bad_row_does_not_block_the_good_ones(council):
    good, bad, untouched = council.dossier(name="Hàng Đúng"), council.dossier(name="Hàng Sai"), council.dossier()
    session = council.session_with([good, bad, untouched], total=25, present=20)
    response = council.client().post(f"/council/{session.id}/votes", data=_votes(
        session, {good: ("19", "1", "0"), bad: ("15", "5", "1"), untouched: ("", "", "")}))
    assert response.status_code == 422
    assert _state(good) is State.NOT_APPROVED  # 19 of all 25 is below 90 %: recorded all the same
    assert _state(bad) is State.COUNCIL_REVIEW and _state(untouched) is State.COUNCIL_REVIEW
    doc = lxml.html.fromstring(response.get_data(as_text=True))
    bad_item = db.session.scalar(select(CouncilAgendaItem).where(CouncilAgendaItem.dossier_id == bad.id))
    row = doc.xpath(f'//tr[@data-item="{bad_item.id}"]')[0]
    assert "21 votes counted but only 20 members are present" in row.text_content()
    assert row.xpath(f'.//input[@name="for-{bad_item.id}"]')[0].get("value") == "15"  # kept for correction
    recorded = db.session.scalar(select(CouncilAgendaItem).where(CouncilAgendaItem.dossier_id == bad.id))
    assert recorded.approved is None and recorded.votes_for is None


def test_no_quorum_refuses_every_row(council):
    dossier = council.dossier()
    session = council.session_with([dossier], total=20, present=12)
    response = council.client().post(f"/council/{session.id}/votes", data=_votes(session, {dossier: ("12", "0", "0")}))
    assert response.status_code == 422
    assert "No quorum: 12 of 20 members present, 14 needed" in response.get_data(as_text=True)
    assert _state(dossier) is State.COUNCIL_REVIEW


@pytest.mark.parametrize("numbers, message", [(("18", "", ""), "Enter all three numbers"),
                                              (("18", "x", "0"), "whole numbers"),
                                              (("-1", "0", "0"), "whole numbers")])
def test_incomplete_or_malformed_numbers_are_refused(council, numbers, message):
    dossier = council.dossier()
    session = council.session_with([dossier])
    response = council.client().post(f"/council/{session.id}/votes", data=_votes(session, {dossier: numbers}))
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert _state(dossier) is State.COUNCIL_REVIEW


def test_a_dossier_withdrawn_meanwhile_is_reported_not_recorded(council, make):
    dossier = council.dossier(name="Rút Giữa Chừng")
    session = council.session_with([dossier])
    dossier.state = State.WITHDRAWN
    db.session.commit()
    response = council.client().post(f"/council/{session.id}/votes", data=_votes(session, {dossier: ("20", "0", "0")}))
    assert response.status_code == 422
    item = db.session.scalar(select(CouncilAgendaItem).where(CouncilAgendaItem.dossier_id == dossier.id))
    assert item.approved is None and _state(dossier) is State.WITHDRAWN


def test_a_recorded_vote_stays_and_cannot_be_taken_off_the_agenda(council):
    dossier = council.dossier()
    session = council.session_with([dossier])
    client = council.client()
    client.post(f"/council/{session.id}/votes", data=_votes(session, {dossier: ("20", "0", "0")}))
    item = db.session.scalar(select(CouncilAgendaItem).where(CouncilAgendaItem.dossier_id == dossier.id))
    client.post(f"/council/{session.id}/agenda/{item.id}/remove")
    db.session.expire_all()
    assert db.session.get(CouncilAgendaItem, item.id) is not None
    # Posting numbers again changes nothing: the row is no longer open.
    client.post(f"/council/{session.id}/votes", data={f"for-{item.id}": "0", f"against-{item.id}": "20",
                                                      f"abstain-{item.id}": "0"})
    assert _state(dossier) is State.APPROVED
    assert db.session.get(CouncilAgendaItem, item.id).votes_for == 20


def test_a_pending_row_can_be_taken_off_the_agenda(council):
    dossier = council.dossier()
    session = council.session_with([dossier])
    item = db.session.scalar(select(CouncilAgendaItem).where(CouncilAgendaItem.dossier_id == dossier.id))
    assert council.client().post(f"/council/{session.id}/agenda/{item.id}/remove").status_code == 303
    db.session.expire_all()
    assert db.session.get(CouncilAgendaItem, item.id) is None
    assert _state(dossier) is State.COUNCIL_REVIEW
