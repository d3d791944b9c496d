"""Findings of the security and bad-input review of the work since 2aaf9c7: each test shows what a user
would notice; each failed on the code it was written against and passes since its fix."""
import io

import openpyxl
import pytest
from docx import Document
from sqlalchemy import select

from app.certificates import build
from app.extensions import db
from app.models import ClusterMeetingAttendance, Dossier, State
from tests.test_cluster_meeting import form as meeting_form
from tests.test_decision_life import REFERENCE, issued, latest, office, page_error, sign  # noqa: F401
from tests.test_scoring_guard import c  # noqa: F401


def _cancel(office, client, original, dossier):  # noqa: F811
    response = client.post(f"/decisions/{original.id}/amend/cancellation", data={
        "signer_id": office.chairman.id, "proposal_reference": REFERENCE, "reason": "Hồ sơ khai không trung thực",
        "dossier_ids": [dossier.id]})
    assert response.status_code == 303, page_error(response)
    cancellation = latest()
    assert client.post(f"/decisions/{cancellation.id}/send").status_code == 303
    assert sign(client, cancellation, "8").status_code == 303
    assert client.post(f"/decisions/{cancellation.id}/issue").status_code == 303


def test_a_revoked_award_is_neither_paid_nor_printed(office):  # noqa: F811
    """Once a cancellation is issued, the bonus payment list and the certificates of the original decision
    must leave the revoked honouree out: the list would pay a bonus the cancellation takes back."""
    client = office.client()
    kept, revoked = office.approved("Nguyễn Thị Hồng"), office.approved("Trần Văn Bình")
    original = issued(office, [kept, revoked], client)
    _cancel(office, client, original, revoked)
    assert db.session.get(Dossier, revoked.id).state is State.NOT_APPROVED
    response = client.get(f"/decisions/{original.id}/payment-list.xlsx")
    assert response.status_code == 200
    cells = [str(v) for row in openpyxl.load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True)
             for v in row if v is not None]
    assert any("Nguyễn Thị Hồng" in v for v in cells)
    assert not any("Trần Văn Bình" in v for v in cells)
    printed = [d.nominee_name for d in build.honourees(db.session.get(type(original), original.id))]
    assert printed == ["Nguyễn Thị Hồng"]


def test_a_control_character_in_a_representative_is_refused(c):  # noqa: F811
    """The representative boxes are read from request.form, outside the WTForms cleaning that refuses control
    characters everywhere else (app/form_input.py): one pasted in was stored as the representative's name."""
    client = c.client(c.lead_user)
    data = meeting_form(c, **{f"representative-{c.a.id}": "Nguyễn Văn An\x01"})
    response = client.post(f"/scoring/{c.scoring.id}/meeting", data=data)
    assert response.status_code == 422
    db.session.expire_all()
    stored = db.session.scalars(select(ClusterMeetingAttendance.representative)).all()
    assert not any("\x01" in (name or "") for name in stored)


def test_a_control_character_in_a_correction_is_refused(office):  # noqa: F811
    client = office.client()
    dossier = office.approved("Nguyễn Thị Hồng")
    original = issued(office, [dossier], client)
    response = client.post(f"/decisions/{original.id}/amend/correction", data={
        "signer_id": office.chairman.id, "proposal_reference": REFERENCE, "reason": "Ghi sai tên",
        "dossier_ids": [dossier.id], f"name-{dossier.id}": "Nguyễn Thị Hồng\x01Nhung"})
    assert response.status_code == 422
    assert latest().id == original.id  # no correction drafted


def test_the_payment_list_docx_survives_a_control_character_in_a_name(make, app):
    """Fixed in app/documents/payment_list.py: python-docx refuses XML-illegal characters outright, so one name
    holding one (through the correction above, or any other side door) made the whole list a 500."""
    from tests.test_certificates import Printing

    printing = Printing(make, app)
    printing.dossiers[0].nominee_name = "Nguyễn Thị Hồng\x01Nhung"
    db.session.commit()
    response = printing.client().get(f"/decisions/{printing.decision.id}/payment-list.docx")
    assert response.status_code == 200
    text = "\n".join(cell.text for table in Document(io.BytesIO(response.data)).tables for row in table.rows
                     for cell in row.cells)
    assert "Nguyễn Thị Hồng Nhung" in text


@pytest.fixture
def database_storage(app):
    app.config["FILE_STORAGE"] = "database"
    yield
    app.config["FILE_STORAGE"] = "disk"


def test_a_units_plan_downloads_with_database_storage(app, database_storage):
    from app.models import Role
    from app.models.movement_plans import UnitPlan
    from tests import factories
    from tests.movement_data import PDF_BYTES, make_launch

    launch = make_launch()
    officer = factories.make_user(Role.OFFICER, unit=factories.make_unit("Sở Xây dựng"))
    client = factories.signed_in_client(app, officer)
    response = client.post(f"/movements/launch/{launch.id}/plan", content_type="multipart/form-data",
                           data={"document": (io.BytesIO(PDF_BYTES), "ke-hoach.pdf")})
    assert response.status_code == 303
    plan = db.session.scalar(select(UnitPlan))
    with client.get(f"/movements/plans/{plan.id}/file") as download:
        assert download.status_code == 200 and download.data == PDF_BYTES


def _xref_bomb() -> bytes:
    """A small PDF whose cross-reference table declares 65,535 entries: pypdf raises LimitReachedError, which
    is not a PdfReadError."""
    body = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n")
    return (body + b"xref\n0 65535\n0000000000 65535 f \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n"
            + str(len(body)).encode() + b"\n%%EOF\n")


def test_a_malformed_signed_copy_is_refused_not_a_500(office):  # noqa: F811
    from app.models import DecisionStatus
    from tests.test_decision_life import to_sent

    client = office.client()
    decision = to_sent(office, [office.approved("Nguyễn Thị Hồng")], client)
    app = client.application
    app.config["PROPAGATE_EXCEPTIONS"], before = False, app.config.get("PROPAGATE_EXCEPTIONS")
    try:
        response = sign(client, decision, "7", pdf=_xref_bomb())
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = before
    assert response.status_code == 422
    assert latest().status is DecisionStatus.SENT


def test_a_revoked_honouree_cannot_be_corrected(office):  # noqa: F811
    client = office.client()
    kept, revoked = office.approved("Nguyễn Thị Hồng"), office.approved("Trần Văn Bình")
    original = issued(office, [kept, revoked], client)
    _cancel(office, client, original, revoked)
    response = client.post(f"/decisions/{original.id}/amend/correction", data={
        "signer_id": office.chairman.id, "proposal_reference": REFERENCE, "reason": "Ghi sai tên",
        "dossier_ids": [revoked.id], f"name-{revoked.id}": "Trần Văn Bính"})
    assert response.status_code == 422


def test_a_control_character_in_a_registration_is_refused(app):
    from app.models import Role
    from app.models.movement_plans import Registration
    from tests import factories
    from tests.movement_data import flag_awards, make_launch, registration_form, this_year

    launch = make_launch()
    officer = factories.make_user(Role.OFFICER)
    client = factories.signed_in_client(app, officer)
    response = client.post(f"/movements/launch/{launch.id}/register/{this_year()}",
                           data=registration_form(launch, officer.unit, flag_awards(), commitment="Cam kết\x01"))
    assert response.status_code == 422
    assert db.session.scalar(select(Registration.id)) is None


def test_a_figures_type_cannot_change_under_submitted_values(app):
    import re

    from tests import factories
    from tests.test_reports import OPENED, World

    world = World()
    report_round = world.open()
    world.submit(report_round, world.finance, {world.initiatives: "4", world.online: "70"}, OPENED)
    client = factories.signed_in_client(app, world.appraiser)
    response = client.post(f"/reports/figure/{world.initiatives.id}", data={
        "code": "F1", "label": "Chỉ tiêu F1", "value_type": "text", "position": "0", "active": "y",
        "target_group": "", "content_group_id": "", "min_value": "", "max_value": ""})
    if response.status_code == 303:  # accepted: the unit's 4 must still be there
        page = client.get(f"/reports/report/{world.report(report_round, world.finance).id}").get_data(as_text=True)
        field = re.search(rf'name="fig_{world.initiatives.id}"[^>]*>([^<]*)', page)
        assert field and ('value="4"' in field.group(0) or field.group(1).strip() == "4")
    else:
        assert response.status_code == 422


def test_a_cluster_does_not_propose_an_award_closed_in_the_campaigns_kind(c):  # noqa: F811
    from app.models.campaign_kinds import CampaignKindPolicy
    from app.scoring import proposals
    from app.scoring.operations import ScoringError

    db.session.add(CampaignKindPolicy(kind=c.campaign.kind, counts_for_streaks=True, has_cluster_stage=True,
                                      all_awards_open=False, open_awards=[c.merit]))  # the flag is closed
    db.session.commit()
    try:
        proposals.propose(c.lead_user, c.scoring, c.campaign)
    except ScoringError:
        db.session.rollback()
    flags = db.session.scalars(select(Dossier).where(Dossier.award_id == c.flag.id)).all()
    assert flags == []


def test_a_meeting_form_posted_without_its_fields_is_refused_not_a_500(c):  # noqa: F811
    """Found by tests/test_fuzz.py: the form was bound to the stored meeting on POST too, so a field left out of
    the request took the stored time object and parse_time raised TypeError (a 500)."""
    client = c.client(c.lead_user)
    app = client.application
    app.config["PROPAGATE_EXCEPTIONS"], before = False, app.config.get("PROPAGATE_EXCEPTIONS")
    try:
        response = client.post(f"/scoring/{c.scoring.id}/meeting", data={"number": "03/BB-CTĐ1"})
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = before
    assert response.status_code == 422
    db.session.expire_all()
    from app.models import ClusterMeeting
    assert db.session.scalar(select(ClusterMeeting.number)) != "03/BB-CTĐ1"


def test_a_huge_award_id_in_a_registration_is_refused_not_a_500(app):
    from app.models import Role
    from tests import factories
    from tests.movement_data import flag_awards, make_launch, registration_form, this_year

    launch = make_launch()
    officer = factories.make_user(Role.OFFICER)
    client = factories.signed_in_client(app, officer)
    data = registration_form(launch, officer.unit, flag_awards(), award_id=["9" * 5000])
    app.config["PROPAGATE_EXCEPTIONS"], before = False, app.config.get("PROPAGATE_EXCEPTIONS")
    try:
        response = client.post(f"/movements/launch/{launch.id}/register/{this_year()}", data=data)
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = before
    assert response.status_code == 422
