"""Nothing tells a user about records they may not see (issue 13, item 6).

(a) The one-form rule still refuses a second dossier for a nominee, but names the other dossier (number
and link) only to those who may open it. (b) Copying criteria takes only a round the user may open, and the
picker lists only those. (c) A unit reads an extract of a decision: its own honourees, not everyone's.
"""
import html as html_module
import io
import re

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from sqlalchemy import func, select

from app.extensions import db
from app.models import AwardDecision, Gender, NomineeKind, Role, ScoringItem
from tests.test_decisions import Office


def text(response) -> str:
    return html_module.unescape(response.get_data(as_text=True))


# --- (a) the duplicate warning -------------------------------------------------------------------

@pytest.fixture
def rivals(app, make):
    """A private draft of Sở Y tế, and the officers of Sở Y tế, of its sub-unit's parent and of Sở Giáo dục."""
    award, campaign = make.make_award(), make.make_campaign(2025)
    health = make.make_unit("Sở Y tế")
    hospital = make.make_unit("Bệnh viện Đa khoa tỉnh", parent=health)
    education = make.make_unit("Sở Giáo dục và Đào tạo")
    draft = make.make_dossier(hospital, award=award, campaign=campaign, name="Nguyễn Thị Hồng",
                              nominee_birth_year=1985)
    users = {
        "hospital": make.make_actor(Role.OFFICER, hospital),
        "parent": make.make_actor(Role.OFFICER, health),
        "elsewhere": make.make_actor(Role.OFFICER, education),
    }
    form = {"campaign_id": campaign.id, "award_id": award.id, "nominee_kind": NomineeKind.INDIVIDUAL.value,
            "nominee_name": "Nguyễn Thị Hồng", "nominee_gender": Gender.FEMALE.value, "nominee_birth_year": "1985",
            "nominee_position": "Bác sĩ", "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ."}
    return {"draft": draft, "form": form, "client": lambda who: make.signed_in_client(app, users[who])}


def warning_of(client, form) -> str:
    return text(client.post("/dossiers/check-duplicate", data=form, headers={"HX-Request": "true"}))


def names_the_draft(page: str, draft) -> bool:
    return f"no. {draft.id}" in page or f'href="/dossiers/{draft.id}"' in page


def test_the_duplicate_warning_keeps_another_units_draft_anonymous(rivals):
    client = rivals["client"]("elsewhere")
    warning = warning_of(client, rivals["form"])
    assert "Another unit already has an active dossier for this nominee" in warning
    assert not names_the_draft(warning, rivals["draft"])
    refused = client.post("/dossiers/new", data=rivals["form"])
    assert refused.status_code == 422
    assert "Another unit already has an active dossier for this nominee" in text(refused)
    assert not names_the_draft(text(refused), rivals["draft"])


@pytest.mark.parametrize("who", ["hospital", "parent"])
def test_the_duplicate_warning_links_a_dossier_the_user_can_open(rivals, who):
    client = rivals["client"](who)
    draft = rivals["draft"]
    for page in (warning_of(client, rivals["form"]), text(client.post("/dossiers/new", data=rivals["form"]))):
        link = lxml.html.fromstring(page).xpath(f'//a[@href="/dossiers/{draft.id}"]')
        assert link and link[0].text_content() == f"no. {draft.id}"
    assert client.get(f"/dossiers/{draft.id}").status_code == 200


# --- (b) copying criteria ------------------------------------------------------------------------

def test_criteria_are_copied_only_from_a_round_the_lead_can_open(app, make):
    people = make.make_scoring_people()
    own_2025 = make.make_scoring(people.cluster, 2025)
    stranger = make.make_unit("Sở Ngoại vụ")
    foreign = make.make_scoring(make.make_cluster("Khối các cơ quan Đảng", members=[stranger], lead=stranger), 2026)
    empty = make.make_scoring(people.cluster, 2026, groups=(), bonus=(), penalties=(), excluding=())
    client = make.signed_in_client(app, people.deputy_user)  # leads the cluster in 2026, deputy in 2025

    page = lxml.html.fromstring(client.get(f"/scoring/{empty.id}").get_data(as_text=True))
    offered = {int(v) for v in page.xpath('//select[@name="source_id"]/option/@value')}
    assert offered == {own_2025.id}

    assert client.post(f"/scoring/{empty.id}/copy", data={"source_id": foreign.id}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(ScoringItem)
                             .where(ScoringItem.scoring_id == empty.id)) == 0

    assert client.post(f"/scoring/{empty.id}/copy", data={"source_id": own_2025.id}).status_code == 303
    assert db.session.scalar(select(func.count()).select_from(ScoringItem)
                             .where(ScoringItem.scoring_id == empty.id)) == len(own_2025.items)


# --- (c) the decision's document ----------------------------------------------------------------

@pytest.fixture
def office(make, app):
    return Office(make, app)


def docx_text(data: bytes) -> list[str]:
    body = docx.Document(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


@pytest.fixture
def shared_decision(office):
    """One decision honouring two people of Sở Giáo dục and one of Sở Y tế, on different amounts."""
    first = office.approved("Lê Thị Giáo Một")
    school = office.approved("Trường THPT Chuyên Hùng Vương", kind=NomineeKind.COLLECTIVE)
    theirs = office.approved("Trần Văn Y Tế", unit=office.other_unit)
    assert office.post(office.award, [first, school, theirs]).status_code == 303
    return db.session.scalar(select(AwardDecision))


@pytest.mark.parametrize("role", [Role.OFFICER, Role.UNIT_HEAD])
def test_a_unit_downloads_an_extract_with_only_its_own_honourees(office, shared_decision, role):
    user = office.make.make_actor(role, office.unit)
    client = office.client(user)
    response = client.get(f"/decisions/{shared_decision.id}/download")
    assert response.status_code == 200
    assert "QD-1-2026-trich.docx" in response.headers["Content-Disposition"]
    paragraphs = docx_text(response.data)
    document = "\n".join(paragraphs)
    assert "Lê Thị Giáo Một" in paragraphs and "Trường THPT Chuyên Hùng Vương" in paragraphs
    assert "Trần Văn Y Tế" not in document
    # The decision's own words are quoted as issued; the annex says it is an extract and totals its rows.
    assert "Số: 01/QĐ-UBND" in paragraphs
    assert "cho 1 tập thể và 2 cá nhân" in document
    assert any(p.startswith("(Trích danh sách kèm theo Quyết định số 01/QĐ-UBND") for p in paragraphs)
    assert "7.020.000" in paragraphs and "3.510.000" in paragraphs
    assert "10.530.000" in paragraphs  # the extract's total: 7,020,000 + 3,510,000 (not the 14,040,000 issued)

    page = lxml.html.fromstring(client.get(f"/decisions/{shared_decision.id}").get_data(as_text=True))
    button = page.xpath('//*[@id="download-decision"]')[0]
    assert "extract" in button.text_content().lower()


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.APPRAISER])
def test_the_province_downloads_the_whole_decision(office, shared_decision, role):
    user = office.secretary if role is Role.SECRETARY else office.make.make_actor(role)
    client = office.client(user)
    response = client.get(f"/decisions/{shared_decision.id}/download")
    assert response.status_code == 200
    assert re.search(r'filename="?QD-1-2026\.docx', response.headers["Content-Disposition"])
    paragraphs = docx_text(response.data)
    assert {"Lê Thị Giáo Một", "Trường THPT Chuyên Hùng Vương", "Trần Văn Y Tế"} <= set(paragraphs)
    assert not any(p.startswith("(Trích") for p in paragraphs)
    page = lxml.html.fromstring(client.get(f"/decisions/{shared_decision.id}").get_data(as_text=True))
    assert "extract" not in page.xpath('//*[@id="download-decision"]')[0].text_content().lower()


def test_the_other_unit_reads_only_its_own_line(office, shared_decision):
    user = office.make.make_actor(Role.OFFICER, office.other_unit)
    paragraphs = docx_text(office.client(user).get(f"/decisions/{shared_decision.id}/download").data)
    assert "Trần Văn Y Tế" in paragraphs
    # Its line keeps its group and number in the decision (II. CÁ NHÂN, no. 2), so it can be found there.
    assert "II. CÁ NHÂN" in paragraphs and "I. TẬP THỂ" not in paragraphs
    assert paragraphs[paragraphs.index("Trần Văn Y Tế") - 1] == "2"
    assert "Lê Thị Giáo Một" not in paragraphs and "Trường THPT Chuyên Hùng Vương" not in paragraphs


def test_a_unit_reads_an_extract_of_a_proposal_to_the_prime_minister(office):
    mine = office.approved("Lê Thị Giáo Một", award=office.central)
    theirs = office.approved("Trần Văn Y Tế", award=office.central, unit=office.other_unit)
    assert office.post(office.central, [mine, theirs]).status_code == 303
    proposal = db.session.scalar(select(AwardDecision))
    officer = office.make.make_actor(Role.OFFICER, office.unit)
    response = office.client(officer).get(f"/decisions/{proposal.id}/download")
    assert "TTr-1-2026-trich.docx" in response.headers["Content-Disposition"]
    paragraphs = docx_text(response.data)
    assert "Lê Thị Giáo Một" in paragraphs and "Trần Văn Y Tế" not in "\n".join(paragraphs)
    assert any(p.startswith("(Trích danh sách kèm theo Tờ trình số 01/TTr-UBND") for p in paragraphs)
