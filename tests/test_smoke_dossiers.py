"""Drafting a dossier end to end through the views (the basic path an officer takes)."""
import io

from app.extensions import db
from app.models import Dossier, Role


def test_officer_creates_dossier_and_finds_it_without_diacritics(make, login):
    officer = make.make_user(Role.OFFICER)
    award = make.make_award()
    campaign = make.make_campaign()
    client = login(officer)
    response = client.post("/dossiers/new", data={
        "campaign_id": campaign.id, "award_id": award.id, "nominee_kind": "individual",
        "nominee_name": "Nguyễn Thị Hồng", "nominee_gender": "female", "nominee_birth_year": "1980",
        "nominee_position": "Trưởng phòng", "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ",
    })
    assert response.status_code == 303
    dossier = db.session.scalar(db.select(Dossier))
    assert dossier.nominee_name == "Nguyễn Thị Hồng"
    page = client.get("/dossiers/?q=nguyen+thi+hong").get_data(as_text=True)
    assert "Nguyễn Thị Hồng" in page
    upload = client.post(f"/dossiers/{dossier.id}/attachments", data={
        "type_id": make.make_attachment_type().id, "file": (io.BytesIO(b"%PDF-1.4 test"), "bao-cao.pdf"),
    }, headers={"HX-Request": "true"})
    db.session.commit()
    assert upload.status_code == 200
    assert "bao-cao.pdf" in upload.get_data(as_text=True)
