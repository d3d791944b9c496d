"""Downloads are asked again each time: a generated document changes under the same URL (the decision's draft,
then the issued one) and holds personal data, so it is sent ``private, no-cache`` (no shared cache keeps it, the
browser does not hand back its old copy). Only static files keep Flask's hour (SEND_FILE_MAX_AGE_DEFAULT).
The browser side: tests/browser/test_download_freshness.py."""
import pytest

from app.decisions import life
from app.extensions import db
from tests.test_decisions import Office

REFERENCE = "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 20/11/2026."


@pytest.mark.parametrize("what", ["download", "proposal-snv"])
def test_a_decision_document_is_never_served_from_a_cache(make, app, what):
    office = Office(make, app)
    decision = life.create_draft(office.secretary, office.award, [office.approved("Nguyễn Thị Hồng")],
                                 office.chairman, REFERENCE)
    db.session.commit()
    response = office.client().get(f"/decisions/{decision.id}/{what}")
    assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "Expires" not in response.headers


def test_static_files_keep_their_hour(client):
    with client.get("/static/css/app.css") as response:  # streamed: close it
        assert response.status_code == 200
        assert response.cache_control.public and response.cache_control.max_age == 3600
