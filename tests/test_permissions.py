"""The permissions module (app/access.py): each predicate as a role × relationship × object table.

One world: a department P with a sub-unit S, a stranger department O, and a cluster whose members
are P and L, led in YEAR by L with D as deputy (D leads it in YEAR + 1). People: an officer and a
head of P, S and O, the cluster-lead accounts of L, D and O, and the three province roles.
"""
from types import SimpleNamespace

import pytest
from flask import render_template_string
from flask_login import login_user

from app import access
from app.extensions import db
from app.models import Dossier, Role, ScoringStatus, SheetStatus, State
from app.workflow.transitions import TRANSITIONS

YEAR = 2025

PEOPLE = (
    "officer_p", "head_p", "officer_s", "head_s", "officer_o", "head_o",
    "lead_l", "lead_d", "lead_o", "head_l", "appraiser", "secretary", "admin",
)


@pytest.fixture
def w(make):
    p = make.make_unit("Sở P")
    s = make.make_unit("Phòng S", parent=p)
    o = make.make_unit("Sở O")
    lead, deputy = make.make_unit("Sở L"), make.make_unit("Sở D")
    cluster = make.make_cluster("Cụm 1", members=[p, lead, deputy], year=YEAR, lead=lead, deputy=deputy)
    make.add_cluster_year(cluster, YEAR + 1, members=[p, lead, deputy], lead=deputy)
    people = dict(
        officer_p=make.make_actor(Role.OFFICER, p), head_p=make.make_actor(Role.UNIT_HEAD, p),
        officer_s=make.make_actor(Role.OFFICER, s), head_s=make.make_actor(Role.UNIT_HEAD, s),
        officer_o=make.make_actor(Role.OFFICER, o), head_o=make.make_actor(Role.UNIT_HEAD, o),
        lead_l=make.make_actor(Role.CLUSTER_LEAD, lead), lead_d=make.make_actor(Role.CLUSTER_LEAD, deputy),
        lead_o=make.make_actor(Role.CLUSTER_LEAD, o), head_l=make.make_actor(Role.UNIT_HEAD, lead),
        appraiser=make.make_actor(Role.APPRAISER), secretary=make.make_actor(Role.SECRETARY),
        admin=make.make_actor(Role.ADMIN),
    )
    return SimpleNamespace(make=make, p=p, s=s, o=o, lead=lead, deputy=deputy, cluster=cluster,
                           campaign=make.make_campaign(YEAR), next_campaign=make.make_campaign(YEAR + 1), **people)


def who(w, predicate) -> set[str]:
    """The names of the people for whom ``predicate(user)`` holds."""
    return {name for name in PEOPLE if predicate(getattr(w, name))}


# --- relationships --------------------------------------------------------------------------------

@pytest.mark.parametrize("unit, campaign, relationship, expected", [
    # The nominating unit, or the parent of the nominating sub-unit; never a sibling or a child.
    ("p", "campaign", access.Relationship.OWN_UNIT, {"officer_p", "head_p"}),
    ("s", "campaign", access.Relationship.OWN_UNIT, {"officer_p", "head_p", "officer_s", "head_s"}),
    # The cluster's lead and deputy of the campaign's year only.
    ("p", "campaign", access.Relationship.CLUSTER_OF_YEAR, {"lead_l", "lead_d"}),
    ("p", "next_campaign", access.Relationship.CLUSTER_OF_YEAR, {"lead_d"}),
    ("o", "campaign", access.Relationship.CLUSTER_OF_YEAR, set()),  # not a member: nobody leads it
    ("p", "campaign", access.Relationship.PROVINCE, {"appraiser", "secretary", "admin"}),
])
def test_who_stands_in_each_relationship(w, unit, campaign, relationship, expected):
    dossier = w.make.make_dossier(getattr(w, unit), campaign=getattr(w, campaign), state=State.SUBMITTED)
    assert who(w, lambda user: access.stands_in(user, dossier, relationship)) == expected


def test_every_transition_row_names_a_relationship_its_roles_can_stand_in():
    roles_through = {
        access.Relationship.OWN_UNIT: {Role.OFFICER, Role.UNIT_HEAD},
        access.Relationship.DECIDING_UNIT: {Role.OFFICER, Role.UNIT_HEAD},
        access.Relationship.CLUSTER_OF_YEAR: {Role.CLUSTER_LEAD},
        access.Relationship.PROVINCE: {Role.APPRAISER, Role.SECRETARY, Role.ADMIN},
    }
    for transition in TRANSITIONS:
        assert transition.roles <= roles_through[transition.acts_through], transition.name


def test_can_take_needs_both_the_role_and_the_relationship(w):
    dossier = w.make.make_dossier(w.p, campaign=w.campaign, state=State.CLUSTER_REVIEW)
    endorse = next(t for t in TRANSITIONS if t.name == "endorse")
    withdraw = next(t for t in TRANSITIONS if t.name == "withdraw")
    # The head of the lead unit has the unit but not the cluster-lead role; the stranger lead has the role only.
    assert who(w, lambda user: access.can_take(user, dossier, endorse)) == {"lead_l", "lead_d"}
    assert who(w, lambda user: access.can_take(user, dossier, withdraw)) == {"officer_p", "head_p"}


# --- dossiers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("unit, state, expected", [
    # Drafts stay inside the unit (and its parent).
    ("p", State.DRAFT, {"officer_p", "head_p"}),
    ("s", State.DRAFT, {"officer_p", "head_p", "officer_s", "head_s"}),
    # Once it has left the unit: the cluster of the year and the province see it too.
    ("p", State.SUBMITTED, {"officer_p", "head_p", "lead_l", "lead_d", "appraiser", "secretary", "admin"}),
    ("o", State.SUBMITTED, {"officer_o", "head_o", "lead_o", "appraiser", "secretary", "admin"}),
])
def test_who_sees_a_dossier(w, unit, state, expected):
    dossier = w.make.make_dossier(getattr(w, unit), campaign=w.campaign, state=state)
    visible = who(w, lambda user: db.session.scalar(
        access.visible_dossiers(user).where(Dossier.id == dossier.id)) is not None)
    assert visible == expected


@pytest.mark.parametrize("state, submitted, edit, delete", [
    (State.DRAFT, False, {"officer_p"}, {"officer_p"}),
    (State.RETURNED, True, {"officer_p"}, set()),  # returned work is edited, never deleted
    (State.UNIT_REVIEW, False, set(), set()),
    (State.APPRAISAL, True, set(), set()),
])
def test_who_edits_and_deletes_a_dossier(w, state, submitted, edit, delete):
    from app.models.base import utcnow

    dossier = w.make.make_dossier(w.p, campaign=w.campaign, state=state, submitted_at=utcnow() if submitted else None)
    assert who(w, lambda user: access.can_edit_dossier(user, dossier)) == edit
    assert who(w, lambda user: access.can_manage_attachments(user, dossier)) == edit
    assert who(w, lambda user: access.can_delete_dossier(user, dossier)) == delete


def test_who_creates_dossiers_and_who_has_an_inbox(w):
    assert who(w, access.can_create_dossier) == {"officer_p", "officer_s", "officer_o"}
    assert who(w, access.has_inbox) == set(PEOPLE) - {"admin"}


# --- council, decisions, administration ---------------------------------------------------------------

def test_council_decisions_and_administration_by_role(w):
    province = {"appraiser", "secretary", "admin"}
    # A unit's officer and head work with their unit's own council (the officer is its secretary).
    unit_people = {p for p in PEOPLE if p.startswith(("officer_", "head_"))}
    assert who(w, access.can_view_council) == {"secretary", "admin"} | unit_people
    assert who(w, access.can_manage_council) == {"secretary"} | {p for p in unit_people if p.startswith("officer_")}
    assert who(w, access.can_view_decision_register) == province
    assert who(w, access.can_issue_decisions) == {"secretary"}
    assert who(w, access.can_administer) == {"admin"}


def test_who_reads_a_decision(w):
    award = w.make.make_award()
    decision = w.make.make_decision(award)
    w.make.make_dossier(w.s, campaign=w.campaign, award=award, state=State.AWARDED, decision_id=decision.id)
    # The province reads every decision; a unit those that honour its (or its sub-units') dossiers. S is
    # not a cluster member itself, so the cluster's leads do not see its dossier.
    assert who(w, lambda user: access.can_read_decision(user, decision)) == {
        "officer_p", "head_p", "officer_s", "head_s", "appraiser", "secretary", "admin"}


# --- cluster scoring --------------------------------------------------------------------------------

@pytest.mark.parametrize("status, manage, criteria, run, results", [
    (ScoringStatus.PREPARING, {"lead_l", "lead_d", "admin"}, {"lead_l", "lead_d", "admin"}, set(),
     {"lead_l", "lead_d", "appraiser", "secretary", "admin"}),
    (ScoringStatus.OPEN, {"lead_l", "lead_d", "admin"}, set(), {"lead_l", "lead_d", "admin"},
     {"lead_l", "lead_d", "appraiser", "secretary", "admin"}),
    (ScoringStatus.LOCKED, {"lead_l", "lead_d", "admin"}, set(), set(), set(PEOPLE)),
])
def test_who_manages_a_scoring_round(w, status, manage, criteria, run, results):
    scoring = w.make.make_scoring(w.cluster, YEAR, status=status)
    assert who(w, lambda user: access.can_manage_round(user, scoring)) == manage
    assert who(w, lambda user: access.can_edit_criteria(user, scoring)) == criteria
    assert who(w, lambda user: access.can_run_round(user, scoring)) == run
    assert who(w, lambda user: access.can_see_results(user, scoring)) == results
    assert who(w, lambda user: access.can_unlock_round(user, scoring)) == {"admin"}
    assert who(w, lambda user: access.can_see_round_history(user, scoring)) == manage


def test_a_lead_manages_only_the_years_it_leads(w):
    scoring = w.make.make_scoring(w.cluster, YEAR + 1)
    assert who(w, lambda user: access.can_manage_round(user, scoring)) == {"lead_d", "admin"}
    assert who(w, access.can_create_round) == {"lead_l", "lead_d", "admin"}
    assert [c.id for c in access.clusters_to_score(w.lead_l)] == [w.cluster.id]
    assert access.clusters_to_score(w.lead_o) == []


@pytest.mark.parametrize("sheet_status, round_status, opens, scores, submits, reopens", [
    (SheetStatus.DRAFT, ScoringStatus.OPEN,
     {"officer_p", "head_p", "lead_l", "lead_d", "appraiser", "secretary", "admin"},
     {"officer_p", "head_p"}, {"head_p"}, set()),
    (SheetStatus.SUBMITTED, ScoringStatus.OPEN,
     {"officer_p", "head_p", "lead_l", "lead_d", "appraiser", "secretary", "admin"},
     set(), set(), {"lead_l", "lead_d", "admin"}),
    (SheetStatus.SUBMITTED, ScoringStatus.LOCKED, set(PEOPLE), set(), set(), set()),
])
def test_who_opens_scores_and_submits_a_sheet(w, sheet_status, round_status, opens, scores, submits, reopens):
    scoring = w.make.make_scoring(w.cluster, YEAR, status=round_status)
    sheet = next(s for s in scoring.sheets if s.unit_id == w.p.id)
    sheet.status = sheet_status
    assert who(w, lambda user: access.can_open_sheet(user, sheet)) == opens
    assert who(w, lambda user: access.can_score_sheet(user, sheet)) == scores
    assert who(w, lambda user: access.can_submit_sheet(user, sheet)) == submits
    assert who(w, lambda user: access.can_reopen_sheet(user, sheet)) == reopens
    assert who(w, lambda user: access.can_adjust_sheet(user, sheet)) == (
        {"lead_l", "lead_d", "admin"} if round_status is ScoringStatus.OPEN else set())


def test_rounds_listed_are_the_members_the_led_and_for_the_province_all(w):
    mine = w.make.make_scoring(w.cluster, YEAR, status=ScoringStatus.OPEN)
    other_cluster = w.make.make_cluster("Cụm 2", members=[w.o], year=YEAR)
    theirs = w.make.make_scoring(other_cluster, YEAR, status=ScoringStatus.OPEN)

    def rounds(user):
        return {r.id for r in db.session.scalars(access.visible_rounds(user))}

    assert rounds(w.officer_p) == {mine.id}  # P has a sheet in its cluster's round
    assert rounds(w.officer_s) == set()  # a sub-unit is not a member itself
    assert rounds(w.lead_l) == {mine.id}
    assert rounds(w.officer_o) == {theirs.id}
    assert rounds(w.appraiser) == rounds(w.admin) == {mine.id, theirs.id}


# --- templates ask the same predicates -------------------------------------------------------------

def test_templates_ask_the_predicates_for_the_signed_in_user(app, w):
    scoring = w.make.make_scoring(w.cluster, YEAR)
    template = "{{ can_manage_round(scoring) }} {{ can_administer() }} {{ has_inbox() }}"
    with app.test_request_context():
        assert render_template_string(template, scoring=scoring) == "False False False"  # nobody signed in
        login_user(w.lead_l)
        assert render_template_string(template, scoring=scoring) == "True False True"
    with app.test_request_context():
        login_user(w.admin)
        assert render_template_string(template, scoring=scoring) == "True True False"


def test_every_template_predicate_is_registered(app):
    for predicate in access.TEMPLATE_PREDICATES:
        assert app.jinja_env.globals[predicate.__name__].__wrapped__ is predicate
