"""Authority levels (DOMAIN.md §10b, issue 10): a unit-level award stays in its unit — approved by its head for
the unit's own council, voted on there (the officer is its secretary), decided by the head in the unit's own
register, signed by the head or by a deputy under a delegation — and never reaches Home Affairs; the province
reads the issued decisions. The refusals: another unit's head, a unit deciding a provincial award, the
province deciding a unit's award, a delegation that does not cover signing or has ended."""
import io
from datetime import date, timedelta
from decimal import Decimal

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from sqlalchemy import func, select

from app import access
from app.council import operations as council
from app.decisions import life, unit_life
from app.decisions.operations import DecisionRefused
from app.extensions import db
from app.models import (
    AwardDecision,
    AwardLevel,
    CouncilSession,
    DecisionCounter,
    DecisionStatus,
    Dossier,
    DossierEvent,
    RegistryEntry,
    Role,
    SignerMode,
    State,
    UnitKind,
    User,
)
from app.models.assignments import Delegation, DelegationMode, DelegationScope
from app.models.base import local_today
from app.workflow import engine
from app.workflow.transitions import TRANSITIONS
from tests.test_concurrency import race


class Units:
    """Sở KH&CN (with a sub-unit) and a commune decide their own Giấy khen; Sở Y tế is another unit."""

    def __init__(self, make, app):
        self.make, self.app = make, app
        self.skhcn = make.make_unit("Sở Khoa học và Công nghệ", code="SKHCN")
        self.division = make.make_unit("Phòng Chuyển đổi số", kind=UnitKind.SUB_UNIT, parent=self.skhcn)
        self.syt = make.make_unit("Sở Y tế", code="SYT")
        self.commune = make.make_unit("Xã Ia Grai", kind=UnitKind.COMMUNE, code="XIAGRAI")
        self.home_affairs = make.make_unit("Sở Nội vụ")
        self.campaign = make.make_campaign(2026)
        make.make_salary_base()
        make.make_legal_basis("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")
        self.giay_khen = make.make_award(name="Giấy khen", level=AwardLevel.UNIT, coefficient_individual=Decimal("0.3"),
                                         coefficient_collective=Decimal("0.6"))
        self.bang_khen = make.make_award(name="Bằng khen của Chủ tịch UBND tỉnh")
        self.officer = make.make_actor(Role.OFFICER, self.skhcn, full_name="Trần Thị Mỹ Linh")
        self.head = make.make_actor(Role.UNIT_HEAD, self.skhcn, full_name="Lê Quang Vinh")
        self.deputy = make.make_actor(Role.OFFICER, self.skhcn, full_name="Nguyễn Văn Khoa")
        self.other_officer = make.make_actor(Role.OFFICER, self.syt)
        self.other_head = make.make_actor(Role.UNIT_HEAD, self.syt)
        self.commune_officer = make.make_actor(Role.OFFICER, self.commune)
        self.commune_head = make.make_actor(Role.UNIT_HEAD, self.commune, full_name="Rơ Châm H'Lan")
        self.appraiser = make.make_actor(Role.APPRAISER, self.home_affairs)
        self.secretary = make.make_actor(Role.SECRETARY, self.home_affairs)

    def dossier(self, state=State.UNIT_REVIEW, *, unit=None, award=None, name="Võ Thị Mai") -> Dossier:
        return self.make.make_complete_dossier(unit or self.division, award=award or self.giay_khen,
                                               campaign=self.campaign, state=state, name=name)

    def client(self, user, hat: str | None = None):
        client = self.make.signed_in_client(self.app, user)
        if hat is not None:
            with client.session_transaction() as session:
                session["hat"] = hat
        return client

    def delegation(self, scope=DelegationScope.SIGN, mode=DelegationMode.KT, ends_on=None, starts_on=None):
        today = local_today()
        delegation = Delegation(delegator_id=self.head.id, delegate_id=self.deputy.id, unit_id=self.skhcn.id,
                                role=Role.UNIT_HEAD, scope=scope, mode=mode, starts_on=starts_on or today,
                                ends_on=ends_on or today + timedelta(days=30), reason="Giám đốc đi công tác",
                                created_by_id=self.head.id)
        db.session.add(delegation)
        db.session.commit()
        return delegation


@pytest.fixture
def units(make, app):
    return Units(make, app)


def paragraphs(data: bytes) -> list[str]:
    body = docx.Document(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def vote_in_unit_council(units, dossier) -> CouncilSession:
    session = council.create_session(units.officer, council.SessionData(
        name="Phiên họp Hội đồng TĐKT Sở năm 2026", held_on=local_today(), members_total=9, members_present=8))
    [item] = council.add_to_agenda(units.officer, session, [dossier.id])
    assert council.record_vote(units.officer, item, 8, 0, 0) is True
    db.session.commit()
    return session


def approved_in_unit(units, name="Võ Thị Mai") -> Dossier:
    dossier = units.dossier(name=name)
    engine.apply(units.head, dossier, "approve")
    vote_in_unit_council(units, dossier)
    assert dossier.state is State.APPROVED
    return dossier


def sent_draft(units, dossiers) -> AwardDecision:
    decision = unit_life.create_draft(units.officer, units.giay_khen, dossiers, "")
    life.send(units.officer, decision)
    db.session.commit()
    return decision


# --- the route ----------------------------------------------------------------------------------------

def test_a_unit_level_award_goes_to_the_units_council_and_never_leaves_the_unit(units):
    dossier = units.dossier()
    engine.apply(units.head, dossier, "approve")
    db.session.commit()
    assert dossier.state is State.COUNCIL_REVIEW and dossier.submitted_at is None
    for province in (units.appraiser, units.secretary):
        assert not access.can_see_dossier(province, dossier.id)
    provincial = CouncilSession(name="Phiên họp Hội đồng tỉnh", held_on=local_today(), members_total=20,
                                members_present=18)
    db.session.add(provincial)
    db.session.flush()
    assert dossier not in council.pending_candidates(provincial)
    own = council.create_session(units.officer, council.SessionData(
        name="Phiên họp Hội đồng TĐKT Sở", held_on=local_today(), members_total=9, members_present=9))
    assert own.unit_id == units.skhcn.id and council.pending_candidates(own) == [dossier]


def test_a_provincial_award_still_goes_to_the_province(units):
    dossier = units.dossier(award=units.bang_khen)
    engine.apply(units.head, dossier, "approve")
    assert dossier.state is State.SUBMITTED and dossier.submitted_at is not None


@pytest.mark.parametrize("level, action, role", [
    (AwardLevel.UNIT, "record_vote", Role.SECRETARY), (AwardLevel.UNIT, "issue_decision", Role.SECRETARY),
    (AwardLevel.PROVINCIAL, "record_unit_vote", Role.OFFICER),
    (AwardLevel.PROVINCIAL, "issue_unit_decision", Role.UNIT_HEAD),
])
def test_a_row_off_the_awards_route_is_not_possible(units, level, action, role):
    """The provincial secretary cannot vote on or decide a unit's award; a unit cannot decide a provincial one."""
    award = units.giay_khen if level is AwardLevel.UNIT else units.bang_khen
    source = next(iter(next(t for t in TRANSITIONS if t.name == action).sources))
    dossier = units.dossier(source, award=award)
    actor = {Role.SECRETARY: units.secretary, Role.OFFICER: units.officer, Role.UNIT_HEAD: units.head}[role]
    decision = units.make.make_decision(award, issuer=units.skhcn)
    with pytest.raises(engine.NotPossible):
        engine.apply(actor, dossier, action, comment="Ý kiến", payload={"approved": True, "decision": decision})
    assert dossier.state is source


def test_another_units_head_cannot_approve_and_its_officer_cannot_vote(units):
    dossier = units.dossier()
    with pytest.raises(engine.NotPermitted):
        engine.apply(units.other_head, dossier, "approve")
    engine.apply(units.head, dossier, "approve")
    with pytest.raises(engine.NotPermitted):
        engine.apply(units.other_officer, dossier, "record_unit_vote", payload={"approved": True})
    assert dossier.state is State.COUNCIL_REVIEW


# --- the unit's council ---------------------------------------------------------------------------------

def test_each_council_sees_only_its_own_sessions(units):
    dossier = units.dossier()
    engine.apply(units.head, dossier, "approve")
    session = vote_in_unit_council(units, dossier)
    mine = units.client(units.officer).get("/council/")
    assert mine.status_code == 200 and session.name in mine.get_data(as_text=True)
    assert "Sở Khoa học và Công nghệ" in lxml.html.fromstring(mine.data).get_element_by_id("council-of").text_content()
    assert units.client(units.head).get(f"/council/{session.id}").status_code == 200  # reads, does not manage
    assert units.client(units.head).post(f"/council/{session.id}/agenda", data={"ids": [dossier.id]}).status_code \
        == 403
    for outsider in (units.other_officer, units.secretary):
        assert units.client(outsider).get(f"/council/{session.id}").status_code == 404
        assert session.name not in units.client(outsider).get("/council/").get_data(as_text=True)


def test_the_unit_council_page_offers_only_its_units_unit_level_dossiers(units):
    mine = units.dossier(name="Của Sở Khoa học")
    engine.apply(units.head, mine, "approve")
    theirs = units.dossier(unit=units.syt, name="Của Sở Y tế")
    engine.apply(units.other_head, theirs, "approve")
    db.session.commit()
    client = units.client(units.officer)
    response = client.post("/council/", data={"name": "Phiên họp Hội đồng TĐKT Sở",
                                              "held_on": local_today().isoformat(),
                                              "members_total": "9", "members_present": "9"})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Của Sở Khoa học" in page and "Của Sở Y tế" not in page


# --- the unit head's decision, in the unit's register -----------------------------------------------------

def test_the_head_signs_the_units_decision_in_its_own_register(units):
    dossiers = [approved_in_unit(units, "Võ Thị Mai"), approved_in_unit(units, "Lê Văn Phúc")]
    client = units.client(units.officer)
    assert client.get("/decisions/unit/").status_code == 200
    page = client.get(f"/decisions/unit/new/{units.giay_khen.id}")
    assert page.status_code == 200 and "Võ Thị Mai" in page.get_data(as_text=True)
    response = client.post(f"/decisions/unit/new/{units.giay_khen.id}",
                           data={"dossier_ids": [d.id for d in dossiers],
                                 "proposal_reference": "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Sở."})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    decision = db.session.scalar(select(AwardDecision))
    assert (decision.issuer_unit_id, decision.symbol, decision.number) == (units.skhcn.id, "QĐ-SKHCN", None)
    assert client.post(f"/decisions/{decision.id}/send").status_code == 303
    assert client.post(f"/decisions/{decision.id}/sign-unit").status_code == 403  # the officer does not sign
    assert units.client(units.other_head).post(f"/decisions/{decision.id}/sign-unit").status_code == 404
    response = units.client(units.head).post(f"/decisions/{decision.id}/sign-unit")
    assert response.status_code == 303
    db.session.expire_all()
    decision = db.session.get(AwardDecision, decision.id)
    assert decision.status is DecisionStatus.ISSUED and decision.number == 1 and decision.signed_on == local_today()
    assert (decision.signer_name, decision.signer_mode, decision.on_behalf_of_id) == (
        "Lê Quang Vinh", SignerMode.CHAIRMAN, None)
    for dossier in dossiers:
        db.session.refresh(dossier)
        assert dossier.state is State.AWARDED and dossier.decision_id == decision.id
        assert dossier.events[-1].action == "issue_unit_decision"
    entries = db.session.scalars(select(RegistryEntry).where(RegistryEntry.decision_id == decision.id)).all()
    assert {e.decision_number for e in entries} == {"01/QĐ-SKHCN"}
    text = "\n".join(paragraphs(db.session.scalar(select(AwardDecision.docx).where(AwardDecision.id == decision.id))))
    assert "Số: 01/QĐ-SKHCN" in text and "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text and "DỰ THẢO" not in text
    assert "Lê Quang Vinh" in text and "KT. GIÁM ĐỐC" not in text and "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" not in text
    # The province reads the issued decision (it feeds the registry), never drafts or signs it.
    assert units.client(units.appraiser).get(f"/decisions/{decision.id}").status_code == 200
    assert "01/QĐ-SKHCN" in units.client(units.appraiser).get("/decisions/unit/").get_data(as_text=True)
    assert "01/QĐ-SKHCN" not in units.client(units.secretary).get("/decisions/").get_data(as_text=True)


def test_a_draft_of_the_unit_is_the_units_own_paper(units):
    decision = sent_draft(units, [approved_in_unit(units)])
    for outsider in (units.appraiser, units.secretary, units.other_officer):
        assert units.client(outsider).get(f"/decisions/{decision.id}").status_code == 404
    assert units.client(units.head).get(f"/decisions/{decision.id}/download").status_code == 200


def test_a_unit_cannot_decide_a_provincial_award_nor_the_province_a_units(units):
    provincial = units.dossier(State.APPROVED, award=units.bang_khen, name="Nguyễn Thị Hồng")
    response = units.client(units.officer).post(f"/decisions/unit/new/{units.bang_khen.id}",
                                                data={"dossier_ids": [provincial.id]})
    assert response.status_code == 422 and db.session.scalar(select(func.count(AwardDecision.id))) == 0
    with pytest.raises(DecisionRefused, match="not the unit's to decide"):
        unit_life.create_draft(units.officer, units.bang_khen, [provincial], "")
    own = approved_in_unit(units)
    signer = units.make.make_signer()
    with pytest.raises(DecisionRefused, match="head of the nominating unit"):
        life.create_draft(units.secretary, units.giay_khen, [own], signer, "Theo đề nghị của Sở Nội vụ.")


def test_a_commune_numbers_qd_ubnd_in_its_own_register_apart_from_the_province(units):
    dossier = units.dossier(unit=units.commune, name="Hộ gia đình ông Đỗ Văn Bảy")
    engine.apply(units.commune_head, dossier, "approve")
    engine.apply(units.commune_officer, dossier, "record_unit_vote", payload={"approved": True})
    units.make.make_decision(units.bang_khen, number=1, year=local_today().year)  # the province's 01/QĐ-UBND
    decision = unit_life.create_draft(units.commune_officer, units.giay_khen, [dossier], "")
    life.send(units.commune_officer, decision)
    unit_life.sign_and_issue(units.commune_head, decision)
    db.session.commit()
    assert (decision.symbol, decision.number, decision.register_key) == ("QĐ-UBND", 1, f"u{units.commune.id}")
    text = "\n".join(paragraphs(db.session.scalar(select(AwardDecision.docx).where(AwardDecision.id == decision.id))))
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ IA GRAI" in text and "Rơ Châm H'Lan" in text


@pytest.mark.parametrize("parallel", [2, 3])
def test_unit_decisions_signed_at_once_take_distinct_numbers(app, units, parallel):
    decisions = [sent_draft(units, [approved_in_unit(units, f"Người Thứ {i}")]) for i in range(parallel)]
    head_id = units.head.id

    def signing(decision_id):
        def job(barrier):
            decision, head = db.session.get(AwardDecision, decision_id), db.session.get(User, head_id)
            assert decision.items and decision.items[0].dossier.award and decision.issuer_unit
            barrier.wait(timeout=20)
            unit_life.sign_and_issue(head, decision)
            db.session.commit()
            return decision.number
        return job

    results = race(app, *[signing(d.id) for d in decisions])
    assert sorted(results) == list(range(1, parallel + 1)), results
    db.session.expire_all()
    key = unit_life.counter_key("QĐ-SKHCN", units.skhcn.id)
    assert db.session.scalar(select(DecisionCounter.last_number).where(DecisionCounter.symbol == key)) == parallel


# --- signing under a delegation -------------------------------------------------------------------------

def test_a_deputy_signs_for_the_head_under_a_delegation_and_the_audit_says_so(units):
    decision = sent_draft(units, [approved_in_unit(units)])
    delegation = units.delegation(mode=DelegationMode.KT)
    deputy = units.client(units.deputy, hat=f"d{delegation.id}")
    page = deputy.get(f"/decisions/{decision.id}").get_data(as_text=True)
    assert 'id="sign-decision"' in page and "Lê Quang Vinh" in page
    assert deputy.post(f"/decisions/{decision.id}/sign-unit").status_code == 303
    db.session.expire_all()
    decision = db.session.get(AwardDecision, decision.id)
    assert (decision.signer_name, decision.signer_mode, decision.on_behalf_of_id, decision.signed_by_id) == (
        "Nguyễn Văn Khoa", SignerMode.DEPUTY, units.head.id, units.deputy.id)
    text = paragraphs(db.session.scalar(select(AwardDecision.docx).where(AwardDecision.id == decision.id)))
    at = text.index("KT. GIÁM ĐỐC")
    assert text[at + 1] == "PHÓ GIÁM ĐỐC" and "Nguyễn Văn Khoa" in text[at + 2:at + 8]
    issued = decision.events[-1]
    assert (issued.actor_id, issued.on_behalf_of_id) == (units.deputy.id, units.head.id)
    event = db.session.scalar(select(DossierEvent).where(DossierEvent.action == "issue_unit_decision"))
    assert (event.actor_id, event.on_behalf_of_id, event.actor_role) == (units.deputy.id, units.head.id,
                                                                         Role.UNIT_HEAD)
    shown = units.client(units.officer).get(f"/decisions/{decision.id}").get_data(as_text=True)
    assert "Nguyễn Văn Khoa" in shown and "Lê Quang Vinh" in shown


def test_a_delegation_to_approve_does_not_sign(units):
    decision = sent_draft(units, [approved_in_unit(units)])
    delegation = units.delegation(scope=DelegationScope.APPROVE)
    deputy = units.client(units.deputy, hat=f"d{delegation.id}")
    assert 'id="sign-decision"' not in deputy.get(f"/decisions/{decision.id}").get_data(as_text=True)
    assert deputy.post(f"/decisions/{decision.id}/sign-unit").status_code == 403
    dossier = units.dossier(name="Chờ duyệt")
    db.session.commit()
    # ...but approves for the head, and the history says for whom.
    response = deputy.post(f"/dossiers/{dossier.id}/act/approve", data={"version": str(dossier.version)})
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]
    db.session.expire_all()
    event = db.session.scalar(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id,
                                                         DossierEvent.action == "approve"))
    assert event is not None and event.on_behalf_of_id == units.head.id


def test_an_ended_delegation_signs_nothing(units):
    decision = sent_draft(units, [approved_in_unit(units)])
    today = local_today()
    delegation = units.delegation(starts_on=today - timedelta(days=20), ends_on=today - timedelta(days=1))
    deputy = units.client(units.deputy, hat=f"d{delegation.id}")
    assert deputy.post(f"/decisions/{decision.id}/sign-unit").status_code in (403, 404)
    db.session.expire_all()
    assert db.session.get(AwardDecision, decision.id).status is DecisionStatus.SENT
    assert db.session.scalar(select(func.count(DecisionCounter.symbol))) == 0  # no number taken


def test_the_unit_decisions_date_is_today(units):
    decision = sent_draft(units, [approved_in_unit(units)])
    unit_life.sign_and_issue(units.head, decision)
    assert decision.signed_on == local_today() and decision.year == local_today().year
    assert decision.signed_on >= date(2026, 1, 1)


# --- the route diagram -------------------------------------------------------------------------------

def test_the_diagram_of_an_awards_route(app, units):
    units.giay_khen.code, units.bang_khen.code = "giay_khen", "bang_khen_tinh"
    db.session.commit()
    runner = app.test_cli_runner()
    unit = runner.invoke(args=["workflow", "diagram", "--award", "giay_khen"])
    assert unit.exit_code == 0, unit.output
    assert "council_review --> approved: record_unit_vote (officer)" in unit.output
    assert "approved --> awarded: issue_unit_decision (unit_head)" in unit.output
    assert "submitted" not in unit.output and "secretary" not in unit.output and "on_hold" not in unit.output
    provincial = runner.invoke(args=["workflow", "diagram", "--award", "bang_khen_tinh"]).output
    assert "approved --> awarded: issue_decision (secretary)" in provincial
    assert "record_unit_vote" not in provincial and "proposed_to_central" not in provincial
    unknown = runner.invoke(args=["workflow", "diagram", "--award", "khong_co"])
    assert unknown.exit_code == 1 and "No award with the code 'khong_co'" in unknown.output


def test_the_unit_councils_minutes_are_the_units(units):
    dossier = units.dossier()
    engine.apply(units.head, dossier, "approve")
    session = vote_in_unit_council(units, dossier)
    from datetime import time

    from app.council.minutes import render_minutes
    session.starts_at, session.place = time(8, 30), "Phòng họp Sở"
    session.chair_name, session.secretary_name = "Lê Quang Vinh", "Trần Thị Mỹ Linh"
    session.present_names = "\n".join(f"Thành viên {n}" for n in range(8))
    text = "\n".join(paragraphs(render_minutes(session)))
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text and "Hội đồng Thi đua - Khen thưởng Sở Khoa học và Công nghệ họp" in text
    assert "Sở Nội vụ trình" not in text and "tỉnh họp" not in text and "trình thủ trưởng đơn vị" in text


# --- legal bases per issuer ----------------------------------------------------------------------------

def test_a_units_decision_cites_its_own_legal_bases(units):
    from app.models import BasisIssuers, LegalBasis

    db.session.add_all([
        LegalBasis(text="Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
                   effective_from=date(2025, 7, 1), sort_order=1, issuers=BasisIssuers.PROVINCE),
        LegalBasis(text="Căn cứ Quyết định số 45/2025/QĐ-UBND quy định chức năng của Sở Khoa học và Công nghệ;",
                   effective_from=date(2025, 7, 1), sort_order=5, issuers=BasisIssuers.UNITS, unit_id=units.skhcn.id),
        LegalBasis(text="Căn cứ Quyết định số 46/2025/QĐ-UBND quy định chức năng của Sở Y tế;",
                   effective_from=date(2025, 7, 1), sort_order=5, issuers=BasisIssuers.UNITS, unit_id=units.syt.id),
    ])
    decision = sent_draft(units, [approved_in_unit(units)])
    unit_life.sign_and_issue(units.head, decision)
    text = "\n".join(paragraphs(db.session.scalar(select(AwardDecision.docx).where(AwardDecision.id == decision.id))))
    assert "Luật Thi đua, khen thưởng" in text and "chức năng của Sở Khoa học và Công nghệ" in text
    assert "Luật Tổ chức chính quyền địa phương" not in text and "Sở Y tế;" not in text
    from app.decisions.operations import legal_bases_on
    province = legal_bases_on(local_today())
    assert any("Luật Tổ chức chính quyền địa phương" in line for line in province)
    assert not any("quy định chức năng" in line for line in province)


def test_the_administrator_scopes_a_legal_basis(units, make, app):
    from app.models import BasisIssuers, LegalBasis

    client = make.signed_in_client(app, make.make_actor(Role.ADMIN))
    data = {"text": "Căn cứ Quyết định số 45/2025/QĐ-UBND quy định chức năng của Sở Khoa học và Công nghệ;",
            "effective_from": "2025-07-01", "sort_order": "5", "issuers": "province", "unit_id": str(units.skhcn.id)}
    refused = client.post("/admin/legal-bases/new", data=data)
    assert refused.status_code == 422 and "choose that" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(LegalBasis.id))) == 1  # the one the fixture made
    assert client.post("/admin/legal-bases/new", data={**data, "unit_id": "99999999"}).status_code == 422
    assert client.post("/admin/legal-bases/new", data={**data, "issuers": "units"}).status_code == 303
    row = db.session.scalar(select(LegalBasis).where(LegalBasis.unit_id == units.skhcn.id))
    assert row.issuers is BasisIssuers.UNITS
    page = client.get("/admin/legal-bases/").get_data(as_text=True)
    assert "Sở Khoa học và Công nghệ" in page


# --- review findings: a division acts for nobody; a former head delegates nothing ---------------------------

def test_a_divisions_staff_neither_sign_nor_draft_nor_vote_for_the_department(units):
    division_head = units.make.make_actor(Role.UNIT_HEAD, units.division)
    division_officer = units.make.make_actor(Role.OFFICER, units.division)
    decision = sent_draft(units, [approved_in_unit(units)])
    assert access.decision_actions(division_head, decision) == frozenset()
    assert units.client(division_head).post(f"/decisions/{decision.id}/sign-unit").status_code == 404
    assert units.client(division_officer).get(f"/decisions/unit/new/{units.giay_khen.id}").status_code == 403
    waiting = units.dossier(name="Chờ hội đồng")
    engine.apply(units.head, waiting, "approve")
    with pytest.raises(engine.NotPermitted):
        engine.apply(division_officer, waiting, "record_unit_vote", payload={"approved": True})
    assert units.client(division_officer).get("/council/").status_code == 403
    db.session.refresh(decision)
    assert decision.status is DecisionStatus.SENT


def test_a_delegation_ends_when_its_giver_is_no_longer_head(units):
    decision = sent_draft(units, [approved_in_unit(units)])
    delegation = units.delegation()
    units.head.role, units.head.unit_id = Role.OFFICER, units.syt.id  # moved to another department
    db.session.commit()
    deputy = units.client(units.deputy, hat=f"d{delegation.id}")
    assert deputy.post(f"/decisions/{decision.id}/sign-unit").status_code in (403, 404)
    db.session.expire_all()
    assert db.session.get(AwardDecision, decision.id).status is DecisionStatus.SENT


def test_the_province_neither_drafts_nor_lists_a_units_award(units):
    approved_in_unit(units, "Nguyễn Bí Mật")
    client = units.client(units.secretary)
    assert client.get(f"/decisions/new/{units.giay_khen.id}").status_code == 404
    assert "Nguyễn Bí Mật" not in client.get("/decisions/").get_data(as_text=True)


def test_a_units_payment_list_and_certificate_are_its_heads(units):
    from app.certificates import build
    from app.certificates.views import payment_list_of

    decision = sent_draft(units, [approved_in_unit(units)])
    delegation = units.delegation()
    assert units.client(units.deputy, hat=f"d{delegation.id}").post(
        f"/decisions/{decision.id}/sign-unit").status_code == 303
    db.session.expire_all()
    decision = db.session.get(AwardDecision, decision.id)
    payment = payment_list_of(decision, [item.dossier_id for item in decision.items])
    assert "của Giám đốc Sở Khoa học và Công nghệ" in payment.decision_line
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in payment.issuer_lines
    assert build.facts_of(decision).signer_title == "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"
    response = units.client(units.officer).get(f"/decisions/{decision.id}/proposal-snv")
    assert response.status_code == 404  # a unit's decision goes up without the Home Affairs Tờ trình
