"""Award decisions: bonus money, numbering per year, issuing, the DOCX and who may download it."""
import io
import re
from datetime import date
from decimal import Decimal

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from sqlalchemy import func, select

from app.decisions import operations
from app.decisions.life import NUMBERING_KEY
from app.extensions import db
from app.models import (
    AwardDecision,
    AwardLevel,
    DecisionCounter,
    DecisionKind,
    Dossier,
    NomineeKind,
    Role,
    Setting,
    SignerMode,
)
from app.models.states import State
from tests.pdfs import make_pdf


def docx_paragraphs(data: bytes) -> list[str]:
    """Every paragraph's text, tables included, in document order."""
    body = docx.Document(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


class Office:
    def __init__(self, make, app):
        self.make, self.app = make, app
        self.unit = make.make_unit("Sở Giáo dục và Đào tạo")
        self.other_unit = make.make_unit("Sở Y tế")
        self.campaign = make.make_campaign(2025)
        self.award = make.make_award(name="Bằng khen của Chủ tịch UBND tỉnh", for_household=True,
                                     coefficient_individual=Decimal("1.5"), coefficient_collective=Decimal("3.0"),
                                     coefficient_household=Decimal("2.25"))
        self.central = make.make_award(name="Bằng khen của Thủ tướng Chính phủ", level=AwardLevel.CENTRAL,
                                       coefficient_individual=Decimal("3.5"), coefficient_collective=Decimal("7.0"))
        self.chairman = make.make_signer("Phạm Anh Tuấn", SignerMode.CHAIRMAN)
        self.deputy = make.make_signer("Nguyễn Tuấn Thanh", SignerMode.DEPUTY)
        make.make_salary_base(2_340_000, date(2024, 7, 1))
        make.make_legal_basis("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", sort_order=1)
        make.make_legal_basis("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ;",
                              effective_to=date(2025, 6, 30), sort_order=2)
        make.make_legal_basis("Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ;",
                              date(2025, 7, 1), sort_order=2)
        self.secretary = make.make_actor(Role.SECRETARY, make.make_unit("Sở Nội vụ"))
        # Numbers from the app's register, as these tests expect; the register typed by the clerk is tested
        # in tests/test_decision_life.py.
        db.session.add(Setting(key=NUMBERING_KEY, value="app"))

    def approved(self, name, kind=NomineeKind.INDIVIDUAL, award=None, unit=None, **kw):
        return self.make.make_complete_dossier(unit or self.unit, award=award or self.award, campaign=self.campaign,
                                               state=State.APPROVED, name=name, kind=kind, **kw)

    def client(self, user=None):
        return self.make.signed_in_client(self.app, user or self.secretary)

    def post(self, award, dossiers, signed_on="2026-01-05", signer=None, confirm=True, client=None,
             reference="Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 12/TTr-SNV ngày 02/01/2026",
             sign_fields: dict | None = None):
        """The decision's whole life through the screens (app/decisions/life.py): draft, send, record the
        signature (number from the app's register, the date, a signed PDF), issue. Returns the first response
        that is not a redirect, or the last one. ``confirm=False`` stops at the draft.

        These tests date decisions in the past: the draft is dated back to the decision's date, as if drafted
        then (a signature dated before its draft is refused, tests/test_decision_life.py)."""
        client = client or self.client()
        response = client.post(f"/decisions/new/{award.id}", data={
            "signer_id": (signer or self.chairman).id, "dossier_ids": [d.id for d in dossiers],
            "proposal_reference": reference})
        if response.status_code != 303 or not confirm:
            return response
        decision = db.session.scalars(select(AwardDecision).order_by(AwardDecision.id.desc())).first()
        db.session.refresh(decision)
        day = date.fromisoformat(signed_on)
        if decision.drafted_on is not None and day < decision.drafted_on:
            decision.drafted_on = day
            db.session.commit()
        for step in ("send", "sign", "issue"):
            data, kwargs = {}, {}
            if step == "sign":
                data = {"signed_on": signed_on, "signed_copy": (io.BytesIO(make_pdf(decision.signer_name)), "ky.pdf"),
                        **(sign_fields or {})}
                kwargs = {"content_type": "multipart/form-data"}
            response = client.post(f"/decisions/{decision.id}/{step}", data=data, **kwargs)
            if response.status_code != 303:
                return response
        return response


@pytest.fixture
def office(make, app):
    return Office(make, app)


def reload(dossier) -> Dossier:
    db.session.expire_all()
    return db.session.get(Dossier, dossier.id)


def decisions_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AwardDecision))


# --- money ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, coefficient, expected", [
    (NomineeKind.INDIVIDUAL, "1.5", 3_510_000),  # Bằng khen tỉnh, individual
    (NomineeKind.COLLECTIVE, "3.0", 7_020_000),  # collective
    (NomineeKind.HOUSEHOLD, "2.25", 5_270_000),  # 5,265,000 rounded up
    (NomineeKind.INDIVIDUAL, "0.3", 710_000),  # Giấy khen: 702,000 rounded up
    (NomineeKind.INDIVIDUAL, "4.5", 10_530_000),  # already a multiple of 10,000
    (NomineeKind.INDIVIDUAL, "1.0", 2_340_000),
])
def test_preview_amount_is_coefficient_times_base_salary_rounded_up(office, make, kind, coefficient, expected):
    award = make.make_award(for_household=True, **{f"coefficient_{kind.value}": Decimal(coefficient)})
    dossier = office.approved("Người Được Khen", kind=kind, award=award)
    draft = operations.prepare(award, [dossier], date(2026, 1, 5))
    assert draft.amounts == {dossier.id: expected}
    assert draft.base_salary == 2_340_000


@pytest.mark.parametrize("signed_on, base", [(date(2026, 6, 30), 2_340_000), (date(2026, 7, 1), 2_530_000)])
def test_the_base_salary_in_force_on_the_decision_date_is_used(office, make, signed_on, base):
    make.make_salary_base(2_530_000, date(2026, 7, 1))
    dossier = office.approved("Người Được Khen")
    draft = operations.prepare(office.award, [dossier], signed_on)
    assert draft.base_salary == base
    assert draft.amounts[dossier.id] == -(-base * 3 // 2 // 10_000) * 10_000


def test_the_draft_shows_each_amount_and_the_total_and_awards_nothing(office):
    person = office.approved("Nguyễn Thị Hồng")
    school = office.approved("Trường THPT Lê Quý Đôn", kind=NomineeKind.COLLECTIVE)
    response = office.post(office.award, [person, school], confirm=False)
    assert response.status_code == 303
    decision = db.session.scalar(select(AwardDecision))
    doc = lxml.html.fromstring(office.client().get(response.headers["Location"]).get_data(as_text=True))
    rows = {r.xpath("./td")[0].text_content().strip(): r.xpath("./td")[-1].text_content().strip()
            for r in doc.xpath('//table[@id="decision-honourees"]/tbody/tr')}
    assert rows == {"Nguyễn Thị Hồng": "3.510.000", "Trường THPT Lê Quý Đôn": "7.020.000"}
    assert "10.530.000" in doc.xpath("//main//p")[0].text_content() or "10.530.000" in doc.text_content()
    assert decision.number is None and decision.total_amount == 10_530_000
    assert reload(person).state is State.APPROVED and reload(person).decision_id is None


# --- issuing -------------------------------------------------------------------------------------

def test_issuing_awards_every_selected_dossier(office):
    person = office.approved("Nguyễn Thị Hồng")
    school = office.approved("Trường THPT Lê Quý Đôn", kind=NomineeKind.COLLECTIVE)
    household = office.approved("Hộ ông Y Bih Niê", kind=NomineeKind.HOUSEHOLD, nominee_position="Buôn Ma Lăng")
    left_out = office.approved("Người Chưa Chọn")
    response = office.post(office.award, [person, school, household])
    assert response.status_code == 303
    decision = db.session.scalar(select(AwardDecision))
    assert response.headers["Location"] == f"/decisions/{decision.id}"
    assert (decision.kind, decision.symbol, decision.year, decision.number) == (
        DecisionKind.DECISION, "QĐ-UBND", 2026, 1)
    assert decision.total_amount == 3_510_000 + 7_020_000 + 5_270_000
    for dossier, amount in ((person, 3_510_000), (school, 7_020_000), (household, 5_270_000)):
        dossier = reload(dossier)
        assert (dossier.state, dossier.decision_id, dossier.bonus_amount) == (State.AWARDED, decision.id, amount)
        assert dossier.events[-1].action == "issue_decision" and "1/QĐ-UBND" in dossier.events[-1].comment
    assert reload(left_out).state is State.APPROVED and reload(left_out).decision_id is None


def test_a_central_award_becomes_a_proposal_to_the_central_level(office):
    person = office.approved("Trần Văn Trung Ương", award=office.central)
    response = office.post(office.central, [person])
    assert response.status_code == 303
    decision = db.session.scalar(select(AwardDecision))
    assert (decision.kind, decision.symbol, decision.number) == (DecisionKind.PROPOSAL, "TTr-UBND", 1)
    person = reload(person)
    assert (person.state, person.decision_id) == (State.PROPOSED_TO_CENTRAL, decision.id)
    text = "\n".join(docx_paragraphs(office.client().get(f"/decisions/{decision.id}/download").data))
    assert "Số: 01/TTr-UBND" in text and "Trần Văn Trung Ương" in text


def test_numbers_run_per_year_per_symbol_and_restart_in_a_new_year(office):
    issued = []
    # All in the past: a decision is never dated after today (tests/test_decision_refusals.py).
    for signed_on, award in [("2025-01-06", office.award), ("2025-03-10", office.award),
                             ("2025-03-11", office.central), ("2026-01-05", office.award),
                             ("2025-12-30", office.award), ("2026-01-06", office.central)]:
        dossier = office.approved(f"Người {len(issued)}", award=award)
        assert office.post(award, [dossier], signed_on=signed_on).status_code == 303
        decision = db.session.scalar(select(AwardDecision).order_by(AwardDecision.id.desc()))
        issued.append((decision.symbol, decision.year, decision.number))
    assert issued == [("QĐ-UBND", 2025, 1), ("QĐ-UBND", 2025, 2), ("TTr-UBND", 2025, 1),
                      ("QĐ-UBND", 2026, 1), ("QĐ-UBND", 2025, 3), ("TTr-UBND", 2026, 1)]


def test_without_a_base_salary_in_force_the_decision_is_refused_and_nothing_changes(office):
    person = office.approved("Nguyễn Thị Hồng")
    response = office.post(office.award, [person], signed_on="2024-06-30")
    assert response.status_code == 422
    error = lxml.html.fromstring(response.get_data(as_text=True)).xpath('//*[@id="decision-error"]')[0]
    assert "No base salary is in force on 30/06/2024" in error.text_content()
    decision = db.session.scalar(select(AwardDecision))
    assert decision.number is None and decision.status.value == "sent"  # the signature was not recorded
    assert db.session.scalar(select(func.count()).select_from(DecisionCounter)) == 0
    person = reload(person)
    assert (person.state, person.decision_id, person.bonus_amount) == (State.APPROVED, None, None)
    # Recorded with a date that has a base salary, it still gets number 1: no number was used up.
    client = office.client()
    response = client.post(f"/decisions/{decision.id}/sign", content_type="multipart/form-data", data={
        "signed_on": "2026-01-05", "signed_copy": (io.BytesIO(make_pdf()), "ky.pdf")})
    assert response.status_code == 303
    assert db.session.scalar(select(AwardDecision.number)) == 1


def test_a_dossier_that_is_not_approved_cannot_be_slipped_in(office):
    person = office.approved("Nguyễn Thị Hồng")
    pending = office.make.make_complete_dossier(office.unit, award=office.award, campaign=office.campaign,
                                                state=State.COUNCIL_REVIEW, name="Chưa Họp")
    other_award = office.approved("Giải Khác", award=office.central)
    response = office.post(office.award, [person, pending, other_award])
    assert response.status_code == 422
    assert decisions_count() == 0
    assert reload(person).state is State.APPROVED and reload(pending).state is State.COUNCIL_REVIEW


@pytest.mark.parametrize("role", [Role.OFFICER, Role.UNIT_HEAD, Role.CLUSTER_LEAD, Role.ADMIN])
def test_only_home_affairs_drafts(office, make, role):
    person = office.approved("Nguyễn Thị Hồng")
    client = office.client(make.make_actor(role))
    assert client.get(f"/decisions/new/{office.award.id}").status_code == 403
    assert office.post(office.award, [person], client=client).status_code == 403
    assert decisions_count() == 0


def test_an_appraiser_drafts_and_sends_but_only_the_secretary_records_the_signature(office, make):
    person = office.approved("Nguyễn Thị Hồng")
    client = office.client(make.make_actor(Role.APPRAISER, office.secretary.unit))
    assert office.post(office.award, [person], client=client).status_code == 403  # at "sign"
    decision = db.session.scalar(select(AwardDecision))
    assert decision.status.value == "sent" and decision.number is None
    assert reload(person).state is State.APPROVED


# --- the document --------------------------------------------------------------------------------

def test_the_docx_reads_back_with_number_names_amounts_and_the_bases_in_force(office):
    person = office.approved("Nguyễn Thị Hồng", nominee_position="Giáo viên")
    school = office.approved("Trường THPT Lê Quý Đôn", kind=NomineeKind.COLLECTIVE)
    office.post(office.award, [person, school], signed_on="2026-01-05")
    decision = db.session.scalar(select(AwardDecision))
    response = office.client().get(f"/decisions/{decision.id}/download")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "QD-1-2026.docx" in response.headers["Content-Disposition"]
    paragraphs = docx_paragraphs(response.data)
    text = "\n".join(paragraphs)
    assert "Số: 01/QĐ-UBND" in paragraphs
    assert "Gia Lai, ngày 05 tháng 01 năm 2026" in text
    assert "Nguyễn Thị Hồng" in paragraphs and "Trường THPT Lê Quý Đôn" in paragraphs
    assert "3.510.000" in paragraphs and "7.020.000" in paragraphs
    assert re.search(r"Tổng số tiền thưởng là 10\.530\.000 đồng", text)
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in paragraphs
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ;" in paragraphs
    assert not any("98/2023" in p for p in paragraphs)  # no longer in force on the decision date
    assert "CHỦ TỊCH" in paragraphs and "Phạm Anh Tuấn" in paragraphs
    assert "Giáo viên, Sở Giáo dục và Đào tạo" in paragraphs


def test_a_deputy_signs_on_behalf_of_the_chairman(office):
    person = office.approved("Nguyễn Thị Hồng")
    office.post(office.award, [person], signer=office.deputy)
    decision = db.session.scalar(select(AwardDecision))
    text = "\n".join(docx_paragraphs(office.client().get(f"/decisions/{decision.id}/download").data))
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and "Nguyễn Tuấn Thanh" in text


@pytest.mark.parametrize("who, status", [("officer_here", 200), ("head_here", 200), ("officer_elsewhere", 404),
                                         ("head_elsewhere", 404), ("appraiser", 200), ("secretary", 200)])
def test_the_honoured_unit_can_download_other_units_cannot(office, make, who, status):
    person = office.approved("Nguyễn Thị Hồng")
    office.post(office.award, [person])
    decision = db.session.scalar(select(AwardDecision))
    user = {
        "officer_here": lambda: make.make_actor(Role.OFFICER, office.unit),
        "head_here": lambda: make.make_actor(Role.UNIT_HEAD, office.unit),
        "officer_elsewhere": lambda: make.make_actor(Role.OFFICER, office.other_unit),
        "head_elsewhere": lambda: make.make_actor(Role.UNIT_HEAD, office.other_unit),
        "appraiser": lambda: make.make_actor(Role.APPRAISER),
        "secretary": lambda: office.secretary,
    }[who]()
    client = office.client(user)
    download = client.get(f"/decisions/{decision.id}/download")
    assert download.status_code == status
    assert client.get(f"/decisions/{decision.id}").status_code == status
    if status == 200:
        assert "Nguyễn Thị Hồng" in docx_paragraphs(download.data)


def test_units_see_only_their_own_honourees_on_the_decision_page(office):
    mine = office.approved("Người Của Sở Giáo Dục")
    theirs = office.approved("Người Của Sở Y Tế", unit=office.other_unit)
    office.post(office.award, [mine, theirs])
    decision = db.session.scalar(select(AwardDecision))
    officer = office.make.make_actor(Role.OFFICER, office.unit)
    page = office.client(officer).get(f"/decisions/{decision.id}").get_data(as_text=True)
    assert "Người Của Sở Giáo Dục" in page and "Người Của Sở Y Tế" not in page


def test_the_dossier_page_links_to_its_decision(office):
    person = office.approved("Nguyễn Thị Hồng")
    office.post(office.award, [person])
    decision = db.session.scalar(select(AwardDecision))
    officer = office.make.make_actor(Role.OFFICER, office.unit)
    page = lxml.html.fromstring(office.client(officer).get(f"/dossiers/{person.id}").get_data(as_text=True))
    status = page.xpath('//*[@id="workflow-status"]')[0]
    assert status.xpath(f'.//a[@href="/decisions/{decision.id}/download"]')
    assert "3.510.000" in status.text_content()
