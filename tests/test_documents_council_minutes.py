"""The provincial council's minutes (biên bản họp Hội đồng Thi đua - Khen thưởng tỉnh): the secretary fills in
time, place, chair, secretary and attendance (validated), then downloads DOCX and PDF, read back here."""
from datetime import date, time

import pytest

from app.council import operations
from app.extensions import db
from app.models import AwardType, CouncilSession, NomineeKind, Role, State
from tests.documents_readback import assert_no_placeholder, document_text, needs_pdf, page_has, pdf_pages, skeleton

PRESENT = ("Trần Văn Minh, Chủ tịch UBND tỉnh\nLê Thị Thu Hà, Phó Giám đốc Sở Nội vụ\n"
           "Ksor Blik, Giám đốc Sở Tài chính\nNguyễn Thị Lan, Giám đốc Sở Y tế")
DETAILS = {"minutes_number": "5", "starts_at": "08:30", "place": "Phòng họp số 1, Ủy ban nhân dân tỉnh",
           "chair_name": "Trần Văn Minh", "chair_title": "Chủ tịch Ủy ban nhân dân tỉnh, Chủ tịch Hội đồng",
           "secretary_name": "Lê Thị Thu Hà", "present_names": PRESENT,
           "absent_names": "Phạm Quốc Hùng, Giám đốc Sở Xây dựng (đi công tác)", "conclusion": ""}


@pytest.fixture
def session_with_votes(make):
    secretary = make.make_actor(Role.SECRETARY)
    unit = make.make_unit("Sở Y tế")
    title = make.make_award(name="Chiến sĩ thi đua cấp tỉnh", award_type=AwardType.TITLE)
    bang_khen = make.make_award(name="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh")
    first = make.make_dossier(unit, award=title, name="Nguyễn Văn An", state=State.COUNCIL_REVIEW,
                              nominee_position="Trưởng phòng Tổ chức cán bộ")
    second = make.make_dossier(unit, award=bang_khen, name="Phòng Kế hoạch - Tài chính",
                               kind=NomineeKind.COLLECTIVE, state=State.COUNCIL_REVIEW, nominee_position="")
    session = make.make_council_session(members_total=5, members_present=4, held_on=date(2027, 1, 8),
                                        name="Phiên họp tháng 01/2027")
    items = operations.add_to_agenda(secretary, session, [first.id, second.id])
    operations.record_vote(secretary, items[0], 4, 0, 0)
    operations.record_vote(secretary, items[1], 1, 2, 1)
    db.session.commit()
    return secretary, session


@needs_pdf
def test_the_minutes_wait_for_their_details_then_print_people_votes_and_signatures(app, make, session_with_votes):
    secretary, session = session_with_votes
    client = make.signed_in_client(app, secretary)
    url = f"/council/{session.id}/minutes.docx"
    refused = client.get(url)
    assert refused.status_code == 303 and refused.headers["Location"].endswith(f"/council/{session.id}")
    page = client.get(f"/council/{session.id}").get_data(as_text=True)
    assert "Fill in the minutes details" in page

    wrong = client.post(f"/council/{session.id}/minutes", data={**DETAILS, "present_names": "Trần Văn Minh"})
    assert wrong.status_code == 422 and "1 names for 4 members present." in wrong.get_data(as_text=True)
    example = client.post(f"/council/{session.id}/minutes", data={**DETAILS, "place": "Phòng họp …"})
    assert example.status_code == 422
    db.session.expire_all()
    assert db.session.get(CouncilSession, session.id).chair_name == ""

    assert client.post(f"/council/{session.id}/minutes", data=DETAILS).status_code == 303
    response = client.get(url)
    assert response.status_code == 200
    paragraphs, rows = document_text(response.data)
    assert_no_placeholder(paragraphs, rows)
    assert "BIÊN BẢN" in paragraphs
    header = [cell for row in rows[:2] for cell in row]
    assert any("Số: 05/BB-HĐTĐKT" in cell for cell in header)
    assert any("ngày 08 tháng 01 năm 2027" in cell for cell in header)
    body = "\n".join(paragraphs)
    assert "Vào lúc 08 giờ 30 phút, ngày 08 tháng 01 năm 2027, tại Phòng họp số 1, Ủy ban nhân dân tỉnh" in body
    assert "Chủ trì: Trần Văn Minh, Chủ tịch Ủy ban nhân dân tỉnh, Chủ tịch Hội đồng." in body
    assert "Thư ký: Lê Thị Thu Hà." in body
    assert "Thành viên Hội đồng có mặt: 04/05 thành viên, gồm:" in body
    assert "- Ksor Blik, Giám đốc Sở Tài chính;" in paragraphs and "- Nguyễn Thị Lan, Giám đốc Sở Y tế." in paragraphs
    assert "- Phạm Quốc Hùng, Giám đốc Sở Xây dựng (đi công tác)." in paragraphs
    assert "Kết quả: 01 hồ sơ đạt, 01 hồ sơ không đạt tỷ lệ phiếu tán thành theo quy định." in body
    votes = [row for row in rows if row[0] in ("1", "2")]
    assert votes[0][1] == "Nguyễn Văn An, Trưởng phòng Tổ chức cán bộ, Sở Y tế"
    assert votes[0][2:] == ["Danh hiệu Chiến sĩ thi đua cấp tỉnh", "4", "0", "0", "Đạt"]
    assert votes[1][2:] == ["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "1", "2", "1", "Không đạt"]
    signatures = rows[-1]
    assert signatures[0].split("\n")[0] == "THƯ KÝ" and signatures[0].endswith("Lê Thị Thu Hà")
    assert signatures[1].split("\n")[0] == "CHỦ TRÌ" and signatures[1].endswith("Trần Văn Minh")

    pages = pdf_pages(client.get(url + "?format=pdf").data)
    assert page_has(pages[0], "BIÊN BẢN") and page_has(pages[0], "Số: 05/BB-HĐTĐKT")
    assert any(page_has(page, "Ksor Blik, Giám đốc Sở Tài chính") for page in pages)
    last = pages[-1]
    assert page_has(last, "Lê Thị Thu Hà") and page_has(last, "Trần Văn Minh")
    # The signatures take body text with them onto their page.
    names = {skeleton(text) for text in ("THƯ KÝ", "CHỦ TRÌ", "Lê Thị Thu Hà", "Trần Văn Minh", "2")}
    assert len([line for line in last if skeleton(line) not in names]) > 1


def test_the_form_keeps_what_was_saved_and_checks_the_absent_count(app, make, session_with_votes):
    secretary, session = session_with_votes
    client = make.signed_in_client(app, secretary)
    two_absent = client.post(f"/council/{session.id}/minutes",
                             data={**DETAILS, "absent_names": "Phạm Quốc Hùng\nĐinh Văn Nam"})
    assert two_absent.status_code == 422 and "2 names for 1 members absent." in two_absent.get_data(as_text=True)
    client.post(f"/council/{session.id}/minutes", data={**DETAILS, "starts_at": "14:05"})
    db.session.expire_all()
    saved = db.session.get(CouncilSession, session.id)
    assert (saved.starts_at, saved.minutes_number, saved.secretary_name) == (time(14, 5), 5, "Lê Thị Thu Hà")
    assert "Ksor Blik" in client.get(f"/council/{session.id}/minutes").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.UNIT_HEAD, Role.CLUSTER_LEAD, Role.APPRAISER])
def test_only_the_council_staff_downloads_or_fills_in_the_minutes(app, make, session_with_votes, role):
    _secretary, session = session_with_votes
    client = make.signed_in_client(app, make.make_actor(role))
    # A unit's officer and head have their unit's own council: the provincial council's sessions do not exist
    # for them; the others have no council at all.
    unit_role = role in (Role.OFFICER, Role.UNIT_HEAD)
    assert client.get(f"/council/{session.id}/minutes.docx").status_code == (404 if unit_role else 403)
    # An officer (its own council's secretary) is told the session does not exist; the others may not post.
    assert client.post(f"/council/{session.id}/minutes", data=DETAILS).status_code == (
        404 if role is Role.OFFICER else 403)


def test_the_administrator_reads_the_form_but_cannot_change_it(app, make, session_with_votes):
    _secretary, session = session_with_votes
    client = make.signed_in_client(app, make.make_actor(Role.ADMIN))
    assert "disabled" in client.get(f"/council/{session.id}/minutes").get_data(as_text=True)
    assert client.post(f"/council/{session.id}/minutes", data=DETAILS).status_code == 403
