"""Who may act: every transition row × source state × role, with an actor in the right relationship.

Each case builds a dossier in the source state with every guard satisfied (required attachments
present, payloads given, the public notice over), and an actor of the role who stands in the
relationship that role acts through: the nominating unit for officers and unit heads, the unit that
leads the dossier unit's cluster in the campaign year for cluster leads, the province for the rest.
Only the roles the table lists succeed; every other one gets NotPermitted and changes nothing.
"""
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AwardLevel, DecisionKind, DossierEvent, Role
from app.models.states import State
from app.workflow import engine
from app.workflow.engine import NotPermitted, NotPossible
from app.workflow.transitions import ACTION_NAMES, TRANSITIONS

TODAY = date(2026, 3, 2)
YEAR = 2025

# One test per (row, source state); inside, every role in turn, each on a fresh dossier.
CASES = [
    pytest.param(index, source, id=f"{t.name}-{source.value}")
    for index, t in enumerate(TRANSITIONS)
    for source in sorted(t.sources, key=lambda s: s.value)
]


def events_of(dossier) -> int:
    query = select(func.count()).select_from(DossierEvent).where(DossierEvent.dossier_id == dossier.id)
    return db.session.scalar(query)


class World:
    """A nominating unit in a cluster led (in YEAR) by another unit, plus the province."""

    def __init__(self, make):
        self.make = make
        self.unit = make.make_unit("Sở Khoa học và Công nghệ")
        self.lead_unit = make.make_unit("Sở Tài chính")
        self.home_affairs = make.make_unit("Sở Nội vụ")
        self.cluster = make.make_cluster(members=[self.unit, self.lead_unit], year=YEAR, lead=self.lead_unit)
        self.campaign = make.make_campaign(YEAR)
        self.required = make.make_attachment_type(name="Báo cáo thành tích")

    def actor(self, role: Role):
        unit = {Role.OFFICER: self.unit, Role.UNIT_HEAD: self.unit, Role.CLUSTER_LEAD: self.lead_unit}.get(
            role, self.home_affairs)
        return self.make.make_actor(role, unit)

    def dossier(self, state: State, *, central: bool = False, level: AwardLevel | None = None, **kw):
        level = level or (AwardLevel.CENTRAL if central else AwardLevel.PROVINCIAL)
        award = self.make.make_award(level=level, required=[self.required], via_cluster=kw.get("via_cluster", False))
        if state is State.ON_HOLD:
            kw.setdefault("held_from_state", State.APPRAISAL)
        if state is State.AWARDED:
            kw.setdefault("decision_id", self.make.make_decision(award).id)
        return self.make.make_complete_dossier(self.unit, award=award, campaign=self.campaign, state=state, **kw)


def satisfied_payload(make, transition, dossier) -> dict:
    if transition.name == "request_supplement":
        return {"deadline_days": 10}
    if transition.name in ("record_vote", "record_unit_vote"):
        return {"approved": True}
    if transition.name == "issue_unit_decision":
        return {"decision": make.make_decision(dossier.award, issuer=dossier.unit), "amount": 468_000}
    if transition.name in ("issue_decision", "forward_central"):
        return {"decision": make.make_decision(dossier.award), "amount": 3_510_000}
    if transition.name == "revoke_award":
        return {"decision": make.make_decision(dossier.award, kind=DecisionKind.CANCELLATION)}
    if transition.name == "record_central":
        return {"central_number": "125/QĐ-CTN", "central_date": date(2026, 2, 27)}
    return {}


def attempt(make, world, transition, source, role) -> str:
    """Apply the row as an actor of ``role``; "applied" or the refusal's class, after checking its effects."""
    # A row of the unit-level route acts on a unit-level award's dossier (DOMAIN.md §10b).
    level = AwardLevel.UNIT if transition.levels == {AwardLevel.UNIT} else None
    dossier = world.dossier(source, central=transition.name in ("forward_central", "record_central"), level=level)
    actor = world.actor(role)
    payload = satisfied_payload(make, transition, dossier)
    db.session.commit()
    version, before = dossier.version, events_of(dossier)
    try:
        event = engine.apply(actor, dossier, transition.name, comment="Ý kiến", payload=payload, today=TODAY)
    except engine.WorkflowError as refused:
        db.session.rollback()
        db.session.refresh(dossier)
        assert (dossier.state, dossier.version, events_of(dossier)) == (source, version, before), role
        return type(refused).__name__
    db.session.commit()
    assert event.from_state is source and dossier.state is event.to_state, role
    assert dossier.state in transition.possible_targets, role
    assert (dossier.version, events_of(dossier)) == (version + 1, before + 1), role
    return "applied"


@pytest.mark.parametrize("index, source", CASES)
def test_only_the_listed_roles_can_act(make, index, source):
    transition = TRANSITIONS[index]
    world = World(make)
    outcome = {role: attempt(make, world, transition, source, role) for role in Role}
    expected = {role: "applied" if role in transition.roles else "NotPermitted" for role in Role}
    assert outcome == expected


@pytest.mark.parametrize("action", ACTION_NAMES)
def test_actions_outside_the_table_are_not_possible_for_anyone(make, action):
    """From a state the action does not leave, even a role listed for it elsewhere is refused."""
    world = World(make)
    roles = {r for t in TRANSITIONS if t.name == action for r in t.roles}
    sources = {s for t in TRANSITIONS if t.name == action for s in t.sources}
    actors = [world.actor(role) for role in sorted(roles, key=lambda r: r.value)]
    for state in [s for s in State if s not in sources]:
        kw = {"decision_id": make.make_decision(world.make.make_award()).id} if state is State.AWARDED else {}
        dossier = world.dossier(state, **kw)
        for actor in actors:
            with pytest.raises(NotPossible):
                engine.apply(actor, dossier, action, comment="Ý kiến", payload={"approved": True}, today=TODAY)
        assert dossier.state is state and events_of(dossier) == 0


# --- the relationship, beyond the role ---------------------------------------------------------------

def test_unit_head_of_another_unit_cannot_approve(make):
    world = World(make)
    dossier = world.dossier(State.UNIT_REVIEW)
    stranger = make.make_actor(Role.UNIT_HEAD, make.make_unit("Sở Y tế"))
    with pytest.raises(NotPermitted, match="do not act for"):
        engine.apply(stranger, dossier, "approve", today=TODAY)
    assert dossier.state is State.UNIT_REVIEW


@pytest.mark.parametrize("action, state", [("submit", State.DRAFT), ("withdraw", State.APPRAISAL),
                                           ("resubmit", State.RETURNED)])
def test_officer_of_another_unit_cannot_act(make, action, state):
    world = World(make)
    dossier = world.dossier(state)
    stranger = make.make_actor(Role.OFFICER, make.make_unit("Sở Y tế"))
    with pytest.raises(NotPermitted):
        engine.apply(stranger, dossier, action, comment="Lý do", today=TODAY)
    assert dossier.state is state


def test_unit_head_of_the_parent_unit_acts_for_a_sub_unit_but_not_the_reverse(make):
    world = World(make)
    school = make.make_unit("Trường THPT Chuyên", parent=world.unit)
    award = make.make_award(required=[world.required])
    sub_dossier = make.make_complete_dossier(school, award=award, campaign=world.campaign, state=State.UNIT_REVIEW)
    parent_dossier = world.dossier(State.UNIT_REVIEW)
    engine.apply(world.actor(Role.UNIT_HEAD), sub_dossier, "approve", today=TODAY)
    assert sub_dossier.state is State.SUBMITTED
    with pytest.raises(NotPermitted):
        engine.apply(make.make_actor(Role.UNIT_HEAD, school), parent_dossier, "approve", today=TODAY)


def test_cluster_lead_of_another_cluster_cannot_endorse_or_return(make):
    world = World(make)
    dossier = world.dossier(State.CLUSTER_REVIEW)
    other_lead = make.make_unit("UBND phường Quy Nhơn")
    make.make_cluster(members=[other_lead, make.make_unit()], year=YEAR, lead=other_lead)
    outsider = make.make_actor(Role.CLUSTER_LEAD, other_lead)
    for action in ("endorse", "return"):
        with pytest.raises(NotPermitted):
            engine.apply(outsider, dossier, action, comment="Lý do", today=TODAY)
    assert dossier.state is State.CLUSTER_REVIEW


def test_cluster_lead_of_the_wrong_year_cannot_endorse(make):
    """The 2025 lead has no say over a 2026-campaign dossier; the 2026 lead has."""
    world = World(make)
    lead_2026 = make.make_unit("Sở Xây dựng")
    from app.models import ClusterLeadership, ClusterMembership

    db.session.add_all([
        ClusterMembership(cluster=world.cluster, unit=world.unit, year=2026),
        ClusterMembership(cluster=world.cluster, unit=lead_2026, year=2026),
        ClusterLeadership(cluster=world.cluster, year=2026, lead_unit=lead_2026),
    ])
    award = make.make_award(required=[world.required])
    dossier = make.make_complete_dossier(world.unit, award=award, campaign=make.make_campaign(2026),
                                         state=State.CLUSTER_REVIEW)
    with pytest.raises(NotPermitted):
        engine.apply(world.actor(Role.CLUSTER_LEAD), dossier, "endorse", today=TODAY)
    assert dossier.state is State.CLUSTER_REVIEW
    engine.apply(make.make_actor(Role.CLUSTER_LEAD, lead_2026), dossier, "endorse", today=TODAY)
    assert dossier.state is State.SUBMITTED


def test_cluster_lead_whose_unit_left_the_cluster_that_year_cannot_endorse(make):
    """Membership is per year too: in 2026 the dossier unit belongs to another cluster."""
    world = World(make)
    from app.models import ClusterLeadership, ClusterMembership

    new_cluster = make.make_cluster(members=[world.unit], year=2026, lead=make.make_unit("Sở Công Thương"))
    db.session.add_all([ClusterMembership(cluster=world.cluster, unit=world.lead_unit, year=2026),
                        ClusterLeadership(cluster=world.cluster, year=2026, lead_unit=world.lead_unit)])
    award = make.make_award(required=[world.required])
    dossier = make.make_complete_dossier(world.unit, award=award, campaign=make.make_campaign(2026),
                                         state=State.CLUSTER_REVIEW)
    assert new_cluster.id
    with pytest.raises(NotPermitted):
        engine.apply(world.actor(Role.CLUSTER_LEAD), dossier, "endorse", today=TODAY)


def test_deputy_lead_of_the_cluster_can_endorse(make):
    world = World(make)
    deputy = make.make_unit("Sở Tư pháp")
    from app.models import ClusterMembership

    db.session.add(ClusterMembership(cluster=world.cluster, unit=deputy, year=YEAR))
    world.cluster.leaderships[0].deputy_unit = deputy
    dossier = world.dossier(State.CLUSTER_REVIEW)
    engine.apply(make.make_actor(Role.CLUSTER_LEAD, deputy), dossier, "endorse", today=TODAY)
    assert dossier.state is State.SUBMITTED


def test_a_cluster_lead_does_not_act_as_unit_head_of_its_own_unit(make):
    world = World(make)
    own = make.make_complete_dossier(world.lead_unit, award=make.make_award(), campaign=world.campaign,
                                     state=State.UNIT_REVIEW)
    with pytest.raises(NotPermitted, match="role"):
        engine.apply(world.actor(Role.CLUSTER_LEAD), own, "approve", today=TODAY)
