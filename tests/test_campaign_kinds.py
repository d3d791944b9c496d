"""Campaign kinds as data (issue 10, app/campaign_kinds.py): what a kind decides — streaks, the cluster stage,
the default submission deadline, its own stage deadlines, the awards open in it — and the admin screen."""
import html
from datetime import date

import pytest
from sqlalchemy import func, select

from app import campaign_kinds
from app.eligibility.registry_facts import cases_for
from app.extensions import db
from app.models import Campaign, CampaignKind, Dossier, Role, State
from app.models.campaign_kinds import CampaignKindPolicy, CampaignKindStageDeadline
from app.workflow import engine
from app.workflow.calendar import WorkingCalendar
from tests.test_drafting import form_data, setup  # noqa: F401  (fixture: an officer drafting)
from tests.test_scoring_guard import c  # noqa: F401  (fixture: a locked cluster ranking)


@pytest.fixture
def admin(make, login):
    client = login(make.make_user(Role.ADMIN, username="root"))
    client.post("/language/en")
    return client


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def policy(kind: CampaignKind, **values) -> CampaignKindPolicy:
    defaults = campaign_kinds.DEFAULTS[kind]
    row = CampaignKindPolicy(kind=kind, counts_for_streaks=values.pop("counts", defaults.counts_for_streaks),
                             has_cluster_stage=values.pop("cluster", defaults.has_cluster_stage),
                             all_awards_open=values.pop("all_open", True), **values)
    db.session.add(row)
    db.session.flush()
    return row


def edit_data(**changes) -> dict:
    data = {"counts_for_streaks": "y", "has_cluster_stage": "y", "submission_working_days": "",
            "all_awards_open": "y"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- the defaults, before an administrator saves anything ----------------------------------------------

def test_without_policies_the_law_default_applies():
    assert campaign_kinds.counting_kinds() == {CampaignKind.YEARLY, CampaignKind.MID_TERM, CampaignKind.FINAL}
    assert campaign_kinds.uses_cluster_stage(CampaignKind.YEARLY)
    assert not campaign_kinds.uses_cluster_stage(CampaignKind.AD_HOC)


def test_an_ad_hoc_campaigns_cluster_award_skips_the_cluster(make):
    unit = make.make_unit("Sở Tài chính")
    officer = make.make_actor(Role.OFFICER, unit)
    head = make.make_actor(Role.UNIT_HEAD, unit)
    flag = make.make_award("co_thi_dua_tinh", "Cờ thi đua của UBND tỉnh", for_individual=False, via_cluster=True)
    yearly, ad_hoc = make.make_campaign(2026, "Năm 2026"), make.make_campaign(2026, "Đột xuất 2026",
                                                                             kind=CampaignKind.AD_HOC)
    from app.models import NomineeKind
    from app.nominations.operations import NomineeData, create_dossier

    def draft(campaign):
        return create_dossier(officer, NomineeData(campaign=campaign, award=flag, kind=NomineeKind.COLLECTIVE,
                                                   name=f"Phòng {campaign.id}", gender=None, birth_year=None,
                                                   position="", nominee_unit_id=None, achievement_summary="Tốt"))

    assert draft(yearly).via_cluster is True
    quick = draft(ad_hoc)
    assert quick.via_cluster is False
    # From the unit head straight to Sở Nội vụ, with the kind's own (shorter) deadline for the stage.
    policy(CampaignKind.AD_HOC, stage_deadlines=[CampaignKindStageDeadline(state=State.SUBMITTED, working_days=2)])
    quick.state = State.UNIT_REVIEW
    db.session.flush()
    engine.apply(head, quick, "approve", today=date(2026, 3, 5))
    assert quick.state is State.SUBMITTED
    assert quick.stage_due_on == WorkingCalendar.load().add_working_days(date(2026, 3, 5), 2)


def test_a_cluster_cannot_propose_into_a_campaign_without_a_cluster_stage(c):  # noqa: F811
    from app.scoring import proposals
    from app.scoring.operations import ScoringError

    ad_hoc = c.make.make_campaign(2025, "Khen đột xuất 2025", kind=CampaignKind.AD_HOC)
    before = db.session.scalar(select(func.count(Dossier.id)))
    with pytest.raises(ScoringError) as refused:
        proposals.propose(c.lead_user, c.scoring, ad_hoc)
    assert refused.value.message == campaign_kinds.cluster_refusal(ad_hoc)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Dossier.id))) == before
    assert campaign_kinds.cluster_refusal(c.campaign) is None


# --- open awards ----------------------------------------------------------------------------------------

def test_an_award_not_open_in_the_kind_is_refused_on_the_form_and_nothing_is_created(setup, make):  # noqa: F811
    setup["campaign"].kind = CampaignKind.AD_HOC
    open_one = setup["awards"]["collective_only"]
    policy(CampaignKind.AD_HOC, all_open=False, open_awards=[open_one])
    db.session.commit()
    before = db.session.scalar(select(func.count(Dossier.id)))
    response = setup["client"].post("/dossiers/new", data=form_data(setup))
    assert response.status_code == 422
    award = setup["awards"]["any"]
    assert f"{award.name} is not open in ad hoc campaigns." in page_text(response)
    assert db.session.scalar(select(func.count(Dossier.id))) == before


def test_an_existing_dossier_keeps_its_award_when_the_kind_closes_it_later(setup, make):  # noqa: F811
    response = setup["client"].post("/dossiers/new", data=form_data(setup))
    assert response.status_code in (302, 303)
    dossier = db.session.scalar(select(Dossier).order_by(Dossier.id.desc()))
    policy(CampaignKind.YEARLY, all_open=False, open_awards=[setup["awards"]["collective_only"]])
    db.session.commit()
    response = setup["client"].post(f"/dossiers/{dossier.id}/edit",
                                    data=form_data(setup, nominee_position="Phó Trưởng phòng",
                                                   version=str(dossier.version)))
    assert response.status_code in (302, 303), page_text(response)[:500]


# --- streaks --------------------------------------------------------------------------------------------

def test_the_kinds_that_count_toward_streaks_are_the_administrators(make):
    policy(CampaignKind.THEMATIC, counts=True)
    policy(CampaignKind.FINAL, counts=False)
    assert campaign_kinds.counting_kinds() == {CampaignKind.YEARLY, CampaignKind.MID_TERM, CampaignKind.THEMATIC}
    dossier = make.make_dossier(make.make_unit("Sở Y tế"), award=make.make_award())
    assert cases_for([dossier])[dossier.id].merit_kinds == campaign_kinds.counting_kinds()


def test_a_rule_counts_thematic_titles_only_when_the_kind_counts():
    from app.eligibility.engine import RuleSpec, evaluate
    from app.eligibility.facts import AwardFact, Case, History, Nominee, ProposalFact
    from app.models import NomineeKind, RuleKind, Verdict

    history = History(awards=(AwardFact("cstd_co_so", 2024), AwardFact("cstd_co_so", 2025, CampaignKind.THEMATIC)))
    base = dict(nominee=Nominee(NomineeKind.INDIVIDUAL, "Lê Văn A", 1980),
                proposal=ProposalFact(award="bang_khen_tinh", year=2025), history=history)
    rules = [RuleSpec("bang_khen_tinh", RuleKind.CONSECUTIVE, {"count": 2, "titles": ["cstd_co_so"]})]
    assert evaluate(Case(**base), rules).verdict is not Verdict.ELIGIBLE
    counting = frozenset({CampaignKind.YEARLY, CampaignKind.THEMATIC})
    assert evaluate(Case(**base, merit_kinds=counting), rules).verdict is Verdict.ELIGIBLE
    # A rule naming its own kinds keeps them, whatever the administrator counts.
    own = [RuleSpec("bang_khen_tinh", RuleKind.CONSECUTIVE,
                    {"count": 2, "titles": ["cstd_co_so"], "campaign_kinds": ["yearly"]})]
    assert evaluate(Case(**base, merit_kinds=counting), own).verdict is not Verdict.ELIGIBLE


# --- the default submission deadline --------------------------------------------------------------------

def test_a_new_campaign_without_a_deadline_takes_its_kinds_default(admin, make):
    policy(CampaignKind.AD_HOC, submission_working_days=10)
    db.session.commit()
    response = admin.post("/admin/campaigns/new", data={"name": "Khen đột xuất tháng 3", "year": "2026",
                                                        "kind": "ad_hoc", "movement_id": "", "is_open": "y"})
    assert response.status_code == 303
    campaign = db.session.scalar(select(Campaign).where(Campaign.name == "Khen đột xuất tháng 3"))
    from app.models.base import local_today
    assert campaign.submission_deadline == WorkingCalendar.load().add_working_days(local_today(), 10)


# --- the admin screen -----------------------------------------------------------------------------------

def test_the_admin_saves_a_kinds_policy(admin, make):
    award = make.make_award(name="Bằng khen đột xuất")
    db.session.commit()
    assert admin.get("/admin/campaign-kinds/").status_code == 200
    response = admin.post("/admin/campaign-kinds/ad_hoc", data=edit_data(
        counts_for_streaks=None, has_cluster_stage=None, submission_working_days="10", all_awards_open=None,
        **{f"award-{award.id}": "y", "days_appraisal": "5"}))
    assert response.status_code == 303
    db.session.expire_all()
    row = db.session.get(CampaignKindPolicy, CampaignKind.AD_HOC)
    assert (row.counts_for_streaks, row.has_cluster_stage, row.submission_working_days, row.all_awards_open) == (
        False, False, 10, False)
    assert [a.id for a in row.open_awards] == [award.id]
    assert [(d.state, d.working_days) for d in row.stage_deadlines] == [(State.APPRAISAL, 5)]
    listing = page_text(admin.get("/admin/campaign-kinds/"))
    assert "Bằng khen đột xuất" in listing


@pytest.mark.parametrize("changes, message", [
    ({"all_awards_open": None}, "Tick the awards open in these campaigns, or open every award."),
    ({"submission_working_days": "0"}, "between 1 and 365"),
    ({"days_appraisal": "abc"}, "Enter a whole number of working days, or leave it empty."),
])
def test_bad_policy_input_is_refused_and_nothing_saved(admin, changes, message):
    response = admin.post("/admin/campaign-kinds/thematic", data=edit_data(**changes))
    assert response.status_code == 422 and message in page_text(response)
    db.session.rollback()
    assert db.session.get(CampaignKindPolicy, CampaignKind.THEMATIC) is None


def test_only_administrators_edit_kinds(make, app, admin):
    client = make.signed_in_client(app, make.make_actor(Role.APPRAISER, make.make_unit("Sở Nội vụ")))
    assert client.get("/admin/campaign-kinds/").status_code == 403
    assert client.post("/admin/campaign-kinds/yearly", data=edit_data()).status_code == 403
    db.session.rollback()
    assert db.session.get(CampaignKindPolicy, CampaignKind.YEARLY) is None
    assert admin.get("/admin/campaign-kinds/nope").status_code == 404
