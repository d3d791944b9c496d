"""The cluster's meeting behind the minutes (app/scoring/meeting.py): the lead records it, the minutes and
the proposals wait for it, bad input is refused with a message and changes nothing."""
import html
import io
import re
from datetime import date, time

import pytest
from docx import Document
from flask_babel import gettext
from sqlalchemy import func, select

from app.extensions import db
from app.models import ClusterMeeting, ClusterMeetingAttendance, Dossier, ScoringStatus
from app.scoring import proposals
from app.scoring.operations import ScoringError
from tests.test_scoring_guard import c  # noqa: F401  (fixture: a locked ranking with its meeting)


def form(c, **changes):  # noqa: F811
    data = {"number": "02/BB-CTĐ1", "held_on": "18/12/2025", "starts_at": "8h30", "ends_at": "11:15",
            "place": "Hội trường Sở Tài chính", "chair_name": "Trần Quốc Hưng", "chair_position": "Giám đốc Sở",
            "secretary_name": "Lê Thị Mai", "secretary_position": "Chuyên viên"}
    for unit in (c.a, c.b, c.lead):
        data[f"present-{unit.id}"] = "y"
    data[f"representative-{c.a.id}"] = "Nguyễn Văn An, Phó Giám đốc"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def drop_meeting(c):  # noqa: F811
    db.session.delete(db.session.scalar(select(ClusterMeeting)))
    db.session.commit()


def test_the_lead_records_the_meeting_and_the_minutes_print_it(c):  # noqa: F811
    client = c.client(c.lead_user)
    response = client.post(f"/scoring/{c.scoring.id}/meeting", data=form(c))
    assert response.status_code == 303
    db.session.expire_all()
    meeting = db.session.scalar(select(ClusterMeeting))
    assert (meeting.number, meeting.held_on, meeting.starts_at, meeting.ends_at) == (
        "02/BB-CTĐ1", date(2025, 12, 18), time(8, 30), time(11, 15))
    present = {row.unit_id: (row.present, row.representative) for row in meeting.attendance}
    assert present == {c.a.id: (True, "Nguyễn Văn An, Phó Giám đốc"), c.b.id: (True, ""), c.lead.id: (True, ""),
                       c.deputy.id: (False, "")}
    page = client.get(f"/scoring/{c.scoring.id}").get_data(as_text=True)
    assert "02/BB-CTĐ1" in page and "18/12/2025" in page
    doc = Document(io.BytesIO(client.get(f"/scoring/{c.scoring.id}/minutes.docx").data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Vào lúc 08 giờ 30 phút ngày 18 tháng 12 năm 2025" in text
    assert "Sở A (Nguyễn Văn An, Phó Giám đốc)" in text and "Vắng mặt: Sở Xây dựng." in text


def test_without_the_meeting_the_minutes_and_proposals_wait(c):  # noqa: F811
    drop_meeting(c)
    client = c.client(c.lead_user)
    response = client.get(f"/scoring/{c.scoring.id}/minutes.docx")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/scoring/{c.scoring.id}/meeting")
    page = client.get(f"/scoring/{c.scoring.id}").get_data(as_text=True)
    assert 'id="minutes-refusal"' in page and "minutes.docx" not in page
    # A member sees no minutes yet and is sent back to the round, not to a form it may not fill.
    member = c.client(c.officer_a).get(f"/scoring/{c.scoring.id}/minutes.docx")
    assert member.headers["Location"].endswith(f"/scoring/{c.scoring.id}")
    before = db.session.scalar(select(func.count(Dossier.id)))
    with pytest.raises(ScoringError, match="^" + re.escape(gettext(
            "Record the meeting (number, time, place, chair, secretary, attendance) before printing the minutes."))):
        proposals.propose(c.lead_user, c.scoring, c.campaign)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Dossier.id))) == before


PLACEHOLDER = "Write the real text, not “…”, “[ ]” or underscores to fill in later."


@pytest.mark.parametrize("changes, message", [
    ({"number": "…/BB-CTĐ1"}, PLACEHOLDER),
    ({"place": "[địa điểm]"}, PLACEHOLDER),
    ({"chair_name": ""}, "Give the chair's full name."),
    ({"starts_at": "25:00"}, "Enter a time as hours:minutes, for example 08:00 or 14:30."),
    ({"ends_at": "07:00"}, "The meeting ends after it begins."),
])
def test_bad_meeting_input_is_refused_and_changes_nothing(c, changes, message):  # noqa: F811
    before = db.session.scalar(select(ClusterMeeting)).number
    response = c.client(c.lead_user).post(f"/scoring/{c.scoring.id}/meeting", data=form(c, **changes))
    assert response.status_code == 422
    assert gettext(message) in html.unescape(response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.scalar(select(ClusterMeeting)).number == before


@pytest.mark.parametrize("attendance, message", [
    ({"present-{a}": None, "present-{b}": None, "present-{lead}": None, "representative-{a}": ""},
     "Tick the member units that attended the meeting."),
    ({"representative-{deputy}": "Ông Vắng"}, "An absent unit has no representative at the meeting."),
])
def test_attendance_must_make_sense(c, attendance, message):  # noqa: F811
    ids = {"a": c.a.id, "b": c.b.id, "lead": c.lead.id, "deputy": c.deputy.id}
    changes = {key.format(**ids): value for key, value in attendance.items()}
    response = c.client(c.lead_user).post(f"/scoring/{c.scoring.id}/meeting", data=form(c, **changes))
    assert response.status_code == 422 and gettext(message) in html.unescape(response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.scalar(select(func.count(ClusterMeetingAttendance.id))) == 4
    assert db.session.scalar(select(ClusterMeeting)).number == "01/BB-CTĐ1"


def test_only_the_lead_records_the_meeting(c):  # noqa: F811
    url = f"/scoring/{c.scoring.id}/meeting"
    assert c.client(c.officer_a).get(url).status_code == 200  # members read it once the round is locked
    assert c.client(c.officer_a).post(url, data=form(c)).status_code == 403
    assert c.client(c.appraiser).post(url, data=form(c)).status_code == 403
    stranger = c.make.make_actor(c.lead_user.role, c.make.make_unit("Sở ngoài cụm"))
    assert c.client(stranger).get(url).status_code == 404
    db.session.expire_all()
    assert db.session.scalar(select(ClusterMeeting)).number == "01/BB-CTĐ1"


def test_the_meeting_cannot_be_recorded_before_the_round_opens(c):  # noqa: F811
    scoring = c.make.make_scoring(c.cluster, 2026)
    db.session.commit()
    assert scoring.status is ScoringStatus.PREPARING
    response = c.client(c.deputy_user).post(f"/scoring/{scoring.id}/meeting", data=form(c))
    assert response.status_code == 403
