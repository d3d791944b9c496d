"""From a locked ranking to dossiers (app/scoring/proposals.py) and the workflow's endorse guard
(the "endorse" row's guard_cluster_ranking, which asks operations.ranking_refusal)."""
import html
import os
import re
from datetime import date

import pytest
from flask_babel import gettext
from sqlalchemy import func, select

from app.extensions import db
from app.models import AttachmentType, Dossier, DossierEvent, NomineeKind, Role, ScoringEvent, ScoringStatus
from app.models.states import State
from app.nominations import storage
from app.scoring import operations as ops
from app.scoring import proposals
from app.scoring.operations import ScoringError
from app.workflow import engine
from app.workflow.engine import WorkflowError

TODAY = date(2026, 1, 12)
T = gettext  # messages are compared in whatever language the catalogue gives (msgids are English)
NOT_QUALIFIED = "The unit's place in the locked ranking does not qualify it for this award."


def refused_with(error, message: str):
    return pytest.raises(error, match=f"^{re.escape(message)}$")


@pytest.fixture
def c(make, app):
    """A locked 2025 round of Cụm thi đua số 1: Sở A first, Sở B second, Sở Tài chính third,
    Sở Xây dựng excluded; the flag and Bằng khen awards, their attachment types and a 2025 campaign."""
    people = make.make_scoring_people()
    people.make = make
    people.client = lambda user: make.signed_in_client(app, user)
    minutes_type = AttachmentType(code="bien_ban_hop_cum", name="Biên bản họp cụm", sort_order=1)
    other_type = AttachmentType(code="khac", name="Tài liệu khác", sort_order=2)
    db.session.add_all([minutes_type, other_type])
    people.flag = make.make_award("co_thi_dua_tinh", "Cờ thi đua của UBND tỉnh", for_individual=False,
                                  via_cluster=True, required=(minutes_type,))
    people.merit = make.make_award("bang_khen_tinh", "Bằng khen của Chủ tịch UBND tỉnh")
    people.campaign = make.make_campaign(2025, "Tổng kết năm 2025")
    people.scoring = make.make_scoring(people.cluster, 2025, status=ScoringStatus.OPEN, flag_award=people.flag,
                                       merit_award=people.merit)
    for unit, first in ((people.a, 30), (people.b, 25), (people.lead, 20), (people.deputy, 30)):
        make.set_scores(people.scoring, unit, {"1.1": first, "1.2": 30, "2.1": 30})
    make.set_scores(people.scoring, people.deputy, {"L1": 1})
    for unit in (people.a, people.b, people.lead):
        make.record_vote(people.scoring, unit, 3)
    ops.lock(people.lead_user, people.scoring)
    make.record_meeting(people.scoring)
    db.session.commit()
    return people


def dossiers() -> list[Dossier]:
    return list(db.session.scalars(select(Dossier).order_by(Dossier.id)))


def counts() -> tuple[int, int, int]:
    from app.models import Attachment

    return tuple(db.session.scalar(select(func.count(model.id))) for model in (Dossier, Attachment, DossierEvent))


# --- proposing -----------------------------------------------------------------------------------

def test_proposing_creates_the_collective_dossiers_with_the_documents(c):
    response = c.client(c.lead_user).post(f"/scoring/{c.scoring.id}/propose", data={"campaign_id": c.campaign.id})
    assert response.status_code == 303
    db.session.expire_all()
    made = dossiers()
    assert [(d.unit_id, d.nominee_name, d.award_id) for d in made] == [
        (c.a.id, "Sở A", c.flag.id), (c.b.id, "Sở B", c.merit.id), (c.lead.id, "Sở Tài chính", c.merit.id)]
    for dossier in made:
        assert dossier.nominee_kind is NomineeKind.COLLECTIVE and dossier.nominee_unit_id == dossier.unit_id
        assert dossier.via_cluster is True and dossier.state is State.DRAFT
        assert dossier.campaign_id == c.campaign.id
        assert sorted((a.type.code, a.original_name) for a in dossier.attachments) == [
            ("bien_ban_hop_cum", "bien-ban-hop-cum-2025.docx"), ("khac", "bang-diem-2025.xlsx")]
        for attachment in dossier.attachments:
            assert os.path.getsize(storage.path_for(attachment.stored_name)) == attachment.size_bytes > 0
        # Created and attached through the same operations as the dossier form: each step has its history row.
        assert [(e.action, e.to_state) for e in dossier.events] == [
            ("create", State.DRAFT), ("attach", State.DRAFT), ("attach", State.DRAFT)]
        assert dossier.events[0].comment == "Proposed by the cluster's ranking"
    assert "Xếp thứ 1 trong Cụm thi đua số 1 năm 2025" in made[0].achievement_summary
    assert db.session.scalar(select(ScoringEvent.comment).where(ScoringEvent.action == "propose")).startswith(
        "Sở A: Cờ thi đua của UBND tỉnh")


def test_proposing_again_creates_nothing_new(c):
    first = proposals.propose(c.lead_user, c.scoring, c.campaign)
    db.session.commit()
    before = counts()
    second = proposals.propose(c.lead_user, c.scoring, c.campaign)
    db.session.commit()
    assert [d.id for d in second] == [d.id for d in first]
    assert counts() == before


def test_a_dossier_the_unit_already_drafted_is_completed_not_duplicated(c):
    own = c.make.make_dossier(c.a, award=c.flag, campaign=c.campaign, name="Sở A", kind=NomineeKind.COLLECTIVE)
    db.session.commit()
    made = proposals.propose(c.lead_user, c.scoring, c.campaign)
    assert made[0].id == own.id and own.via_cluster is True
    assert {a.type.code for a in own.attachments} == {"bien_ban_hop_cum", "khac"}
    assert len(dossiers()) == 3


@pytest.mark.parametrize("merit_quota, expected", [(0, ["Sở A"]), (1, ["Sở A", "Sở B"]),
                                                   (5, ["Sở A", "Sở B", "Sở Tài chính"])])
def test_the_quotas_decide_how_many_are_proposed_and_the_excluded_unit_never_is(c, merit_quota, expected):
    c.scoring.merit_quota = merit_quota
    made = proposals.propose(c.lead_user, c.scoring, c.campaign)
    assert [d.nominee_name for d in made] == expected


def test_proposing_needs_a_locked_round_a_campaign_of_its_year_and_the_lead(c, make):
    other_year = make.make_campaign(2026)
    with refused_with(ScoringError, T("Choose a campaign of %(year)s.", year=2025)):
        proposals.propose(c.lead_user, c.scoring, other_year)
    with pytest.raises(ScoringError) as refused:
        proposals.propose(c.head_a, c.scoring, c.campaign)
    assert refused.value.status == 403
    ops.unlock(c.admin, c.scoring, "Kiểm tra lại")
    with refused_with(ScoringError, T("Lock the scoring before proposing units.")):
        proposals.propose(c.lead_user, c.scoring, c.campaign)
    assert dossiers() == []


def test_the_propose_form_offers_only_campaigns_of_the_rounds_year(c, make):
    make.make_campaign(2026, "Đợt năm 2026")
    db.session.commit()
    client = c.client(c.lead_user)
    page = client.get(f"/scoring/{c.scoring.id}").get_data(as_text=True)
    assert "Tổng kết năm 2025" in page and "Đợt năm 2026" not in page
    response = client.post(f"/scoring/{c.scoring.id}/propose", data={"campaign_id": 999999})
    assert response.status_code == 303 and dossiers() == []


# --- the endorse guard through the workflow ------------------------------------------------------

def walk_to_cluster_review(c, dossier):
    officer = c.make.make_actor(Role.OFFICER, dossier.unit)
    head = c.make.make_actor(Role.UNIT_HEAD, dossier.unit)
    engine.apply(officer, dossier, "submit", today=TODAY)
    engine.apply(head, dossier, "approve", today=TODAY)
    assert dossier.state is State.CLUSTER_REVIEW
    return dossier


def test_the_lead_endorses_the_first_units_flag_dossier(c):
    flag_dossier, merit_dossier, _ = proposals.propose(c.lead_user, c.scoring, c.campaign)
    for dossier in (flag_dossier, merit_dossier):
        walk_to_cluster_review(c, dossier)
        engine.apply(c.lead_user, dossier, "endorse", today=TODAY)
        assert dossier.state is State.SUBMITTED


def cluster_dossier(c, unit, award):
    """A collective dossier of ``unit`` waiting at the cluster stage, made by the factories."""
    return c.make.make_complete_dossier(unit, award=award, campaign=c.campaign, name=unit.name,
                                        kind=NomineeKind.COLLECTIVE, state=State.CLUSTER_REVIEW, via_cluster=True)


@pytest.mark.parametrize("unit, award", [
    ("b", "flag"),  # second place: Bằng khen, not the flag
    ("lead", "flag"),
    ("deputy", "flag"),  # excluded from ranking
    ("deputy", "merit"),
    ("a", "merit"),  # first place goes for the flag
])
def test_endorsing_outside_the_ranking_is_refused(c, unit, award):
    dossier = cluster_dossier(c, getattr(c, unit), getattr(c, award))
    with refused_with(WorkflowError, T(NOT_QUALIFIED)) as refused:
        engine.apply(c.lead_user, dossier, "endorse", today=TODAY)
    assert refused.value.status == 422
    assert dossier.state is State.CLUSTER_REVIEW


@pytest.mark.parametrize("unit, award", [("a", "flag"), ("b", "merit"), ("lead", "merit")])
def test_endorsing_within_the_ranking_passes(c, unit, award):
    dossier = cluster_dossier(c, getattr(c, unit), getattr(c, award))
    engine.apply(c.deputy_user, dossier, "endorse", today=TODAY)
    assert dossier.state is State.SUBMITTED


def test_endorsing_before_the_ranking_is_locked_is_refused(c):
    dossier = cluster_dossier(c, c.a, c.flag)
    ops.unlock(c.admin, c.scoring, "Kiểm tra lại điểm")
    with refused_with(WorkflowError, T("The cluster's scoring for %(year)s is not locked yet.", year=2025)):
        engine.apply(c.lead_user, dossier, "endorse", today=TODAY)
    assert dossier.state is State.CLUSTER_REVIEW
    ops.lock(c.lead_user, c.scoring)
    engine.apply(c.lead_user, dossier, "endorse", today=TODAY)
    assert dossier.state is State.SUBMITTED


def test_a_flag_dossier_without_any_scoring_round_is_refused(c, make):
    campaign = make.make_campaign(2026)
    dossier = make.make_complete_dossier(c.a, award=c.flag, campaign=campaign, name="Sở A",
                                         kind=NomineeKind.COLLECTIVE, state=State.CLUSTER_REVIEW, via_cluster=True)
    with refused_with(WorkflowError, T("The cluster has no scoring for %(year)s yet.", year=2026)):
        engine.apply(c.deputy_user, dossier, "endorse", today=TODAY)


def test_a_flag_dossier_is_refused_when_the_round_names_no_flag_award(c):
    c.scoring.flag_award = None  # e.g. the round was created before the award was in the catalogue
    db.session.flush()
    dossier = cluster_dossier(c, c.a, c.flag)
    with refused_with(WorkflowError, T(NOT_QUALIFIED)):
        engine.apply(c.lead_user, dossier, "endorse", today=TODAY)
    assert dossier.state is State.CLUSTER_REVIEW


def test_other_cluster_awards_are_not_held_by_the_ranking(c, make):
    government_flag = make.make_award("co_thi_dua_cp", "Cờ thi đua của Chính phủ", for_individual=False,
                                      via_cluster=True)
    dossier = cluster_dossier(c, c.lead, government_flag)
    engine.apply(c.lead_user, dossier, "endorse", today=TODAY)
    assert dossier.state is State.SUBMITTED


def test_the_refusal_is_shown_on_the_action_form(c):
    dossier = cluster_dossier(c, c.b, c.flag)
    db.session.commit()
    response = c.client(c.lead_user).post(f"/dossiers/{dossier.id}/act/endorse",
                                          data={"comment": "", "version": str(dossier.version)})
    assert response.status_code == 422
    assert T(NOT_QUALIFIED) in html.unescape(response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).state is State.CLUSTER_REVIEW


def test_a_collective_nominees_cluster_rank_is_a_fact_for_the_eligibility_verdict(c):
    """The dossier page's panel passes the locked ranking to the engine (app.workflow.eligibility_panel)."""
    from app.nominations.operations import NomineeData, create_dossier
    from app.scoring.eligibility import cluster_rank_facts

    def proposal(unit, officer):
        data = NomineeData(campaign=c.campaign, award=c.flag, kind=NomineeKind.COLLECTIVE, name=unit.name, gender=None,
                           birth_year=None, position="", nominee_unit_id=unit.id, achievement_summary="Tốt.")
        return create_dossier(officer, data)

    first, second = proposal(c.a, c.officer_a), proposal(c.b, c.officer_b)
    assert [(f.rank, f.locked, f.year) for f in cluster_rank_facts(first)] == [(1, True, 2025)]
    assert [f.rank for f in cluster_rank_facts(second)] == [2]
