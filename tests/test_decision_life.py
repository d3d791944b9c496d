"""The decision's life (app/decisions/life.py): draft → sent with the Tờ trình → signed (number, date, signed
copy) → issued, with the registry entries appearing only at issue; refusals that change nothing; corrections and
cancellations; the app-register numbering under concurrency; the documents read back."""
import io
import re
from datetime import timedelta

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from sqlalchemy import func, select

from app.decisions import life
from app.decisions.signed_copy import SignedCopyRejected, read_signed_pdf
from app.extensions import db
from app.models import (
    AwardDecision,
    DecisionCounter,
    DecisionKind,
    DecisionStatus,
    Dossier,
    RegistryEntry,
    RegistryEvent,
    Role,
    Setting,
    State,
    User,
)
from app.models.base import local_today
from app.models.notifications import Notification
from tests.pdfs import make_pdf
from tests.test_concurrency import race
from tests.test_decisions import Office

REFERENCE = "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 12/TTr-SNV ngày 02/01/2026"


@pytest.fixture
def office(make, app):
    """The decisions office, numbering from the issuer's register (the default: the clerk types the number)."""
    office = Office(make, app)
    db.session.delete(db.session.get(Setting, life.NUMBERING_KEY))
    db.session.flush()
    return office


def paragraphs(data: bytes) -> list[str]:
    body = docx.Document(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def page_error(response) -> str:
    tree = lxml.html.fromstring(response.get_data(as_text=True))
    return " ".join(" ".join(e.text_content().split()) for e in tree.xpath('//*[contains(@class, "alert-danger")]'))


def latest() -> AwardDecision:
    db.session.expire_all()
    return db.session.scalars(select(AwardDecision).order_by(AwardDecision.id.desc())).first()


def draft(office, dossiers, client=None, award=None, reference=REFERENCE):
    return (client or office.client()).post(f"/decisions/new/{(award or office.award).id}", data={
        "signer_id": office.chairman.id, "dossier_ids": [d.id for d in dossiers], "proposal_reference": reference})


def sign(client, decision, number="7", signed_on=None, pdf=None, filename="quyet-dinh-ky-so.pdf"):
    data = {"signed_on": (signed_on or local_today()).isoformat(),
            "signed_copy": (io.BytesIO(pdf if pdf is not None else make_pdf("Phạm Anh Tuấn")), filename)}
    if number is not None:
        data["number"] = number
    return client.post(f"/decisions/{decision.id}/sign", data=data, content_type="multipart/form-data")


def registry_entries() -> int:
    return db.session.scalar(select(func.count()).select_from(RegistryEntry))


def states(*dossiers) -> list[State]:
    db.session.expire_all()
    return [db.session.get(Dossier, d.id).state for d in dossiers]


def to_sent(office, dossiers, client):
    assert draft(office, dossiers, client).status_code == 303
    decision = latest()
    assert client.post(f"/decisions/{decision.id}/send").status_code == 303
    return latest()


def to_signed(office, dossiers, client, number="7"):
    decision = to_sent(office, dossiers, client)
    response = sign(client, decision, number)
    assert response.status_code == 303, page_error(response)
    return latest()


# --- the whole life ------------------------------------------------------------------------------

def test_draft_sent_signed_issued_awards_only_at_issue(office, make):
    head = make.make_actor(Role.UNIT_HEAD, office.unit)  # notified when the decision is issued
    people = [office.approved("Nguyễn Thị Hồng"), office.approved("Trần Văn Bình")]
    client = office.client()

    response = draft(office, people, client)
    assert response.status_code == 303
    decision = latest()
    assert decision.status is DecisionStatus.DRAFT and decision.number is None and decision.signed_on is None
    assert states(*people) == [State.APPROVED] * 2 and registry_entries() == 0
    text = paragraphs(client.get(f"/decisions/{decision.id}/download").data)
    assert "DỰ THẢO" in text
    assert any(re.fullmatch(r"Số:\s+/QĐ-UBND", line) for line in text), text[:12]
    assert any(re.search(rf"Gia Lai, ngày\s+tháng\s+năm {local_today().year}", line) for line in text)

    assert client.post(f"/decisions/{decision.id}/send").status_code == 303
    assert latest().status is DecisionStatus.SENT
    snv = paragraphs(client.get(f"/decisions/{decision.id}/proposal-snv").data)
    assert "TỜ TRÌNH" in snv and "Nguyễn Thị Hồng" in snv and "Trần Văn Bình" in snv

    response = sign(client, decision, "7")
    assert response.status_code == 303, page_error(response)
    decision = latest()
    assert decision.status is DecisionStatus.SIGNED and decision.reference == "07/QĐ-UBND"
    assert decision.signature_details["signatures"][0]["name"] == "Phạm Anh Tuấn"
    assert states(*people) == [State.APPROVED] * 2 and registry_entries() == 0  # signed, not yet issued
    page = client.get(f"/decisions/{decision.id}").get_data(as_text=True)
    assert "Phạm Anh Tuấn" in page and 'id="issue-decision"' in page

    assert client.post(f"/decisions/{decision.id}/issue").status_code == 303
    decision = latest()
    assert decision.status is DecisionStatus.ISSUED
    assert states(*people) == [State.AWARDED] * 2 and registry_entries() == 2
    numbers = set(db.session.scalars(select(RegistryEntry.decision_number)))
    assert numbers == {"07/QĐ-UBND"}
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.recipient_id == head.id)) >= 1
    issued = paragraphs(client.get(f"/decisions/{decision.id}/download").data)
    assert "DỰ THẢO" not in issued and "Số: 07/QĐ-UBND" in issued
    signed = client.get(f"/decisions/{decision.id}/signed.pdf")
    assert signed.status_code == 200 and signed.data.startswith(b"%PDF-")
    page = lxml.html.fromstring(client.get(f"/decisions/{decision.id}").get_data(as_text=True))
    assert page.xpath('//a[@id="download-signed"]')
    timeline = " ".join(page.xpath('//ol[@id="decision-timeline"]')[0].text_content().split())
    assert len(page.xpath('//ol[@id="decision-timeline"]/li')) == 4 and timeline
    assert [e.action for e in latest().events] == ["drafted", "sent", "signed", "issued"]


def test_a_draft_is_edited_and_can_be_returned_from_signature(office):
    first, second = office.approved("Nguyễn Thị Hồng"), office.approved("Trần Văn Bình")
    client = office.client()
    draft(office, [first], client)
    decision = latest()
    response = client.post(f"/decisions/{decision.id}/edit", data={
        "signer_id": office.deputy.id, "dossier_ids": [first.id, second.id], "proposal_reference": REFERENCE})
    assert response.status_code == 303
    decision = latest()
    assert {i.dossier_id for i in decision.items} == {first.id, second.id}
    assert decision.signer_name == "Nguyễn Tuấn Thanh"
    client.post(f"/decisions/{decision.id}/send")
    assert client.post(f"/decisions/{decision.id}/edit", data={}).status_code == 403  # no longer a draft
    assert client.post(f"/decisions/{decision.id}/return", data={"reason": "Sai chức vụ"}).status_code == 303
    assert latest().status is DecisionStatus.DRAFT


def test_a_dossier_goes_up_in_one_draft_only(office):
    dossier = office.approved("Nguyễn Thị Hồng")
    client = office.client()
    assert draft(office, [dossier], client).status_code == 303
    response = draft(office, [dossier], client)
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(AwardDecision)) == 1


# --- refusals: a clear message, nothing changed ----------------------------------------------------

def test_a_number_already_used_is_refused(office):
    client = office.client()
    to_signed(office, [office.approved("Nguyễn Thị Hồng")], client, number="7")
    decision = to_sent(office, [office.approved("Trần Văn Bình")], client)
    response = sign(client, decision, "7")
    assert response.status_code == 422 and "07/QĐ-UBND" in page_error(response)
    assert latest().status is DecisionStatus.SENT and latest().number is None


@pytest.mark.parametrize("number", ["0", "-3", "abc"])
def test_a_number_that_is_not_positive_is_refused(office, number):
    client = office.client()
    decision = to_sent(office, [office.approved("Nguyễn Thị Hồng")], client)
    response = sign(client, decision, number)
    assert response.status_code == 422 and latest().number is None


def test_a_future_date_and_a_date_before_the_draft_are_refused(office):
    client = office.client()
    decision = to_sent(office, [office.approved("Nguyễn Thị Hồng")], client)
    response = sign(client, decision, "7", signed_on=local_today() + timedelta(days=1))
    assert response.status_code == 422 and "after today" in page_error(response)
    response = sign(client, decision, "7", signed_on=local_today() - timedelta(days=3))
    assert response.status_code == 422 and "before the draft" in page_error(response)
    assert latest().status is DecisionStatus.SENT and latest().signed_on is None


@pytest.mark.parametrize("content, filename, message", [
    (b"PK\x03\x04 not a pdf", "ban-ky.pdf", "not a PDF"),
    (make_pdf("Phạm Anh Tuấn"), "ban-ky.docx", "must be a PDF"),
    (b"%PDF-1.7\n garbage", "ban-ky.pdf", "cannot be read"),
    (b"", "ban-ky.pdf", "empty"),
])
def test_a_signed_copy_that_is_not_a_pdf_is_refused(office, content, filename, message):
    client = office.client()
    decision = to_sent(office, [office.approved("Nguyễn Thị Hồng")], client)
    response = sign(client, decision, "7", pdf=content, filename=filename)
    assert response.status_code == 422 and message in page_error(response)
    assert latest().status is DecisionStatus.SENT


def test_an_oversized_signed_copy_is_refused(app):
    # Called directly: the test client spools a large body to a temporary file it does not close.
    app.config["MAX_UPLOAD_MB"] = 1
    big = make_pdf("Phạm Anh Tuấn") + b"%" + b"0" * (1024 * 1024 + 10)
    with app.test_request_context(), pytest.raises(SignedCopyRejected, match="larger than 1 MB"):
        read_signed_pdf(io.BytesIO(big), "ban-ky.pdf")


def test_issuing_without_a_signed_copy_is_refused(office):
    client = office.client()
    decision = to_signed(office, [office.approved("Nguyễn Thị Hồng")], client)
    decision.signed_pdf = None
    db.session.commit()
    response = client.post(f"/decisions/{decision.id}/issue")
    assert response.status_code == 422 and "signed copy" in page_error(response)
    assert latest().status is DecisionStatus.SIGNED and registry_entries() == 0


def test_acting_on_someone_elses_stage_is_refused(office, make):
    appraiser = make.make_actor(Role.APPRAISER, office.secretary.unit)
    officer = make.make_actor(Role.OFFICER, office.unit)
    dossier = office.approved("Nguyễn Thị Hồng")
    as_appraiser = office.client(appraiser)
    assert draft(office, [dossier], as_appraiser).status_code == 303  # Home Affairs' appraisers draft
    decision = latest()
    assert as_appraiser.post(f"/decisions/{decision.id}/send").status_code == 303
    assert sign(as_appraiser, decision, "7").status_code == 403  # the clerk's step is the secretary's
    assert office.client(officer).post(f"/decisions/{decision.id}/send").status_code == 404
    assert office.client(officer).get(f"/decisions/{decision.id}").status_code == 404  # a draft is internal
    assert latest().status is DecisionStatus.SENT
    page = office.client(appraiser).get(f"/decisions/{decision.id}").get_data(as_text=True)
    assert 'id="record-signature"' not in page


def test_a_draft_is_not_corrected_or_cancelled(office):
    client = office.client()
    draft(office, [office.approved("Nguyễn Thị Hồng")], client)
    decision = latest()
    assert client.get(f"/decisions/{decision.id}/amend/correction").status_code == 403
    assert client.get(f"/decisions/{decision.id}/amend/cancellation").status_code == 403


# --- the app's register ------------------------------------------------------------------------------

def test_the_app_register_numbers_when_the_province_chooses_it(office):
    db.session.add(Setting(key=life.NUMBERING_KEY, value="app"))
    db.session.add(DecisionCounter(symbol="QĐ-UBND", year=local_today().year, last_number=41))
    client = office.client()
    decision = to_signed(office, [office.approved("Nguyễn Thị Hồng")], client, number=None)
    assert decision.number == 42


def test_a_typed_number_moves_the_app_register_past_it(office):
    client = office.client()
    to_signed(office, [office.approved("Nguyễn Thị Hồng")], client, number="30")
    assert db.session.scalar(select(DecisionCounter.last_number)) == 30


def signing(decision_id: int, secretary_id: int):
    def job(barrier):
        decision, secretary = db.session.get(AwardDecision, decision_id), db.session.get(User, secretary_id)
        assert decision.items and decision.items[0].dossier.award
        barrier.wait(timeout=20)
        life.record_signature(secretary, decision, local_today(), None, make_pdf("Phạm Anh Tuấn"), "a.pdf",
                              {"has_field": True, "signatures": []})
        db.session.commit()
        return decision.number
    return job


@pytest.mark.parametrize("parallel", [2, 4])
def test_app_register_numbers_taken_at_once_are_distinct(app, office, parallel):
    db.session.add(Setting(key=life.NUMBERING_KEY, value="app"))
    client = office.client()
    decisions = [to_sent(office, [office.approved(f"Người Thứ {i}")], client) for i in range(parallel)]
    db.session.commit()
    results = race(app, *[signing(d.id, office.secretary.id) for d in decisions])
    assert sorted(results) == list(range(1, parallel + 1)), results
    db.session.expire_all()
    assert db.session.scalar(select(DecisionCounter.last_number)) == parallel


def test_one_signature_recorded_twice_at_once_takes_one_number(app, office):
    db.session.add(Setting(key=life.NUMBERING_KEY, value="app"))
    decision = to_sent(office, [office.approved("Nguyễn Thị Hồng")], office.client())
    db.session.commit()
    job = signing(decision.id, office.secretary.id)
    results = race(app, job, job)
    numbers = [r for r in results if isinstance(r, int)]
    refusals = [r for r in results if isinstance(r, life.DecisionRefused)]
    assert numbers == [1] and len(refusals) == 1, results
    assert "meanwhile" in str(refusals[0])
    db.session.expire_all()
    assert db.session.scalar(select(DecisionCounter.last_number)) == 1  # the loser took no number


# --- corrections and cancellations ------------------------------------------------------------------

def issued(office, dossiers, client, number="7") -> AwardDecision:
    decision = to_signed(office, dossiers, client, number)
    assert client.post(f"/decisions/{decision.id}/issue").status_code == 303
    return latest()


def test_a_cancellation_revokes_the_awards_when_issued(office, make):
    head = make.make_actor(Role.UNIT_HEAD, office.unit)  # told that the award was revoked
    client = office.client()
    kept, revoked = office.approved("Nguyễn Thị Hồng"), office.approved("Trần Văn Bình")
    original = issued(office, [kept, revoked], client)
    assert registry_entries() == 2
    response = client.post(f"/decisions/{original.id}/amend/cancellation", data={
        "signer_id": office.chairman.id, "proposal_reference": REFERENCE, "reason": "Hồ sơ khai không trung thực",
        "dossier_ids": [revoked.id]})
    assert response.status_code == 303, page_error(response)
    cancellation = latest()
    assert cancellation.kind is DecisionKind.CANCELLATION and cancellation.original_id == original.id
    text = paragraphs(client.get(f"/decisions/{cancellation.id}/download").data)
    assert "DỰ THẢO" in text and any("Thu hồi, hủy bỏ" in line and "07/QĐ-UBND" in line for line in text)
    assert registry_entries() == 2  # a draft changes nothing
    client.post(f"/decisions/{cancellation.id}/send")
    assert sign(client, cancellation, "8").status_code == 303
    assert client.post(f"/decisions/{cancellation.id}/issue").status_code == 303
    assert states(kept, revoked) == [State.AWARDED, State.NOT_APPROVED]
    assert registry_entries() == 1
    event = db.session.scalars(select(RegistryEvent).where(RegistryEvent.action == "entry_revoked")).one()
    assert event.detail["revoked_by"] == "08/QĐ-UBND" and event.detail["decision_number"] == "07/QĐ-UBND"
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.recipient_id == head.id, Notification.kind == "award_revoked")) == 1


def test_a_correction_changes_the_named_fields_when_issued(office):
    client = office.client()
    person = office.approved("Nguyễn Thi Hông")
    original = issued(office, [person], client)
    response = client.post(f"/decisions/{original.id}/amend/correction", data={
        "signer_id": office.chairman.id, "proposal_reference": REFERENCE, "reason": "Sai chính tả họ tên",
        "dossier_ids": [person.id], f"name-{person.id}": "Nguyễn Thị Hồng", f"position-{person.id}": ""})
    assert response.status_code == 303, page_error(response)
    correction = latest()
    db.session.expire_all()
    assert db.session.get(Dossier, person.id).nominee_name == "Nguyễn Thi Hông"  # not before it is issued
    client.post(f"/decisions/{correction.id}/send")
    assert sign(client, correction, "8").status_code == 303
    assert client.post(f"/decisions/{correction.id}/issue").status_code == 303
    db.session.expire_all()
    corrected = db.session.get(Dossier, person.id)
    assert corrected.nominee_name == "Nguyễn Thị Hồng"
    # Found by its corrected name, and the registry's record (the sổ khen thưởng) says it too.
    assert corrected.search_key.startswith("nguyen thi hong")
    assert corrected.nominee_person is not None and corrected.nominee_person.full_name == "Nguyễn Thị Hồng"
    assert corrected.nominee_person.search_key == "nguyen thi hong"
    event = db.session.scalars(select(RegistryEvent).where(RegistryEvent.action == "nominee_corrected")).one()
    assert event.detail["changed"]["nominee_name"] == ["Nguyễn Thi Hông", "Nguyễn Thị Hồng"]


def test_a_correction_without_a_change_is_refused(office):
    client = office.client()
    person = office.approved("Nguyễn Thị Hồng")
    original = issued(office, [person], client)
    response = client.post(f"/decisions/{original.id}/amend/correction", data={
        "signer_id": office.chairman.id, "proposal_reference": REFERENCE, "reason": "Sai chính tả",
        "dossier_ids": [person.id]})
    assert response.status_code == 422 and "Nothing to correct" in page_error(response)
    assert db.session.scalar(select(func.count()).select_from(AwardDecision)) == 1


def test_the_administrator_switches_the_numbering_on_the_document_texts_screen(office, make):
    admin = office.client(make.make_actor(Role.ADMIN))
    refused = admin.post("/admin/document-texts", data={"key": life.NUMBERING_KEY, "value": "sometimes"})
    assert refused.status_code == 422 and "One of: register, app." in refused.get_data(as_text=True)
    assert not life.app_numbering()
    assert admin.post("/admin/document-texts", data={"key": life.NUMBERING_KEY, "value": "app"}).status_code == 303
    db.session.expire_all()
    assert life.app_numbering()
    decision = to_signed(office, [office.approved("Nguyễn Thị Hồng")], office.client(), number=None)
    assert decision.number == 1
