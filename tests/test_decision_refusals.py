"""The decision's life refuses, with a clear message and without numbering or awarding anything, what a clerk
would send back: placeholder text in an official field (at the draft), a date after today and a signer not in
office on the date (at the signature), no honouree."""
from datetime import date, timedelta

import lxml.html
import pytest
from sqlalchemy import func, select

from app.decisions.forms import DraftForm
from app.extensions import db
from app.models import AwardDecision, DecisionCounter, Dossier, State
from app.models.base import local_today
from tests.test_decisions import Office


def page_errors(response) -> str:
    tree = lxml.html.fromstring(response.get_data(as_text=True))
    found = tree.xpath('//*[contains(@class, "invalid-feedback") or contains(@class, "alert-danger")]')
    return " ".join(" ".join(e.text_content().split()) for e in found)


def assert_nothing_issued(*dossiers) -> None:
    """No number taken, nobody awarded (a draft may remain: it awards nobody)."""
    assert db.session.scalar(select(func.count()).select_from(AwardDecision)
                             .where(AwardDecision.number.is_not(None))) == 0
    assert db.session.scalar(select(func.count()).select_from(DecisionCounter)
                             .where(DecisionCounter.last_number > 0)) == 0
    db.session.expire_all()
    for dossier in dossiers:
        assert db.session.get(Dossier, dossier.id).state is State.APPROVED


def post(office, dossiers, signed_on="2026-01-05", **fields):
    """The whole life through the screens (tests/test_decisions.py, Office.post); the first refusal answers."""
    return office.post(office.award, dossiers, signed_on=signed_on, **fields)


@pytest.fixture
def office(make, app):
    return Office(make, app)


def test_the_proposal_field_is_not_prefilled_with_placeholders(app, office):
    response = office.client().get(f"/decisions/new/{office.award.id}")
    field = lxml.html.fromstring(response.get_data(as_text=True)).xpath('//*[@name="proposal_reference"]')[0]
    assert "…" not in (field.get("value") or "") and "..." not in (field.get("value") or "")
    with app.test_request_context():
        assert not DraftForm(meta={"csrf": False}).proposal_reference.data


@pytest.mark.parametrize("reference", [
    "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số …/TTr-SNV ngày …",
    "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số .../TTr-SNV ngày 02/01/2026",
    "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 12/TTr-SNV ngày ..../..../2026",
    "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 12/TTr-SNV ngày … tháng … năm 2026",
])
def test_placeholder_text_in_the_proposal_is_refused(office, reference):
    dossier = office.approved("Nguyễn Thị Hồng")
    response = post(office, [dossier], reference=reference)
    assert response.status_code == 422
    assert "placeholder" in page_errors(response)
    assert_nothing_issued(dossier)


def test_placeholder_text_in_a_legal_basis_is_refused(make, office):
    make.make_legal_basis("Căn cứ Quyết định số …/2025/QĐ-UBND của UBND tỉnh;", sort_order=5)
    dossier = office.approved("Nguyễn Thị Hồng")
    response = post(office, [dossier])
    assert response.status_code == 422
    assert "Căn cứ Quyết định số …/2025/QĐ-UBND" in page_errors(response)
    assert_nothing_issued(dossier)


@pytest.mark.parametrize("days", [1, 40])
def test_a_decision_dated_after_today_is_refused(office, days):
    dossier = office.approved("Nguyễn Thị Hồng")
    response = post(office, [dossier], signed_on=(local_today() + timedelta(days=days)).isoformat())
    assert response.status_code == 422
    assert "after today" in page_errors(response)
    assert_nothing_issued(dossier)


def test_a_decision_dated_today_is_issued(office):
    dossier = office.approved("Nguyễn Thị Hồng")
    assert post(office, [dossier], signed_on=local_today().isoformat()).status_code == 303


def test_an_empty_honouree_list_is_refused(office):
    dossier = office.approved("Nguyễn Thị Hồng")
    response = post(office, [])
    assert response.status_code == 422
    assert "Select at least one approved dossier." in page_errors(response)
    assert_nothing_issued(dossier)


@pytest.mark.parametrize("in_office_from, in_office_to", [
    (date(2026, 2, 1), None),  # not yet in office on 05/01/2026
    (date(2021, 6, 1), date(2025, 12, 31)),  # left office before
])
def test_a_signer_not_in_office_on_the_date_is_refused(office, in_office_from, in_office_to):
    office.chairman.in_office_from, office.chairman.in_office_to = in_office_from, in_office_to
    db.session.flush()
    dossier = office.approved("Nguyễn Thị Hồng")
    response = post(office, [dossier])
    assert response.status_code == 422
    assert "Phạm Anh Tuấn is not in office on 05/01/2026" in page_errors(response)
    assert_nothing_issued(dossier)


def test_a_signer_in_office_on_the_date_signs(office):
    office.chairman.in_office_from, office.chairman.in_office_to = date(2021, 6, 1), date(2026, 1, 5)
    db.session.flush()
    dossier = office.approved("Nguyễn Thị Hồng")
    assert post(office, [dossier]).status_code == 303


def test_the_demo_cites_no_placeholder(app):
    from app.demo.settings import LEGAL_BASES

    for row in LEGAL_BASES:
        assert "…" not in row[0] and "..." not in row[0], row[0]
