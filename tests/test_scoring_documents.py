"""The cluster meeting minutes DOCX (app/scoring/minutes.py), read back with python-docx."""
import io
import zipfile
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from app.extensions import db
from app.models import ScoringStatus
from app.scoring.minutes import render_minutes
from app.scoring.operations import compute_ranking
from app.scoring.proposals import unit_names

FONT = "Times New Roman"


@pytest.fixture
def locked(make, app):
    """A locked 2025 round: Sở A first, Sở B and Sở Tài chính next, Sở Xây dựng excluded; votes recorded."""
    people = make.make_scoring_people()
    flag = make.make_award("co_thi_dua_tinh", "Cờ thi đua của UBND tỉnh", for_individual=False)
    merit = make.make_award("bang_khen_tinh", "Bằng khen của Chủ tịch UBND tỉnh")
    scoring = make.make_scoring(people.cluster, 2025, status=ScoringStatus.LOCKED, flag_award=flag,
                                merit_award=merit, locked_at=datetime(2025, 12, 19, 3, 0, tzinfo=UTC))
    make.set_scores(scoring, people.a, {"1.1": 28, "1.2": 27.5, "2.1": 38, "T1": 10})
    make.set_scores(scoring, people.b, {"1.1": 30, "1.2": 30, "2.1": 35, "D1": 2})
    make.set_scores(scoring, people.lead, {"1.1": 20, "1.2": 20, "2.1": 20})
    make.set_scores(scoring, people.deputy, {"1.1": 30, "1.2": 30, "2.1": 40, "L1": 1})
    make.record_vote(scoring, people.a, 3, 0, 1)
    make.record_vote(scoring, people.b, 2, 1, 1)
    make.record_meeting(scoring, absent=[people.deputy])
    db.session.commit()
    people.scoring = scoring
    people.client = lambda user: make.signed_in_client(app, user)
    return people


def minutes_of(locked) -> bytes:
    response = locked.client(locked.lead_user).get(f"/scoring/{locked.scoring.id}/minutes.docx")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert "bien-ban-hop-cum-2025.docx" in response.headers["Content-Disposition"]
    return response.data


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_minutes_carry_the_title_the_cluster_and_the_date(locked):
    doc = Document(io.BytesIO(minutes_of(locked)))
    text = all_text(doc)
    assert "BIÊN BẢN" in [p.text for p in doc.paragraphs]
    assert "Họp bình xét, suy tôn thi đua năm 2025" in text
    assert "CỤM THI ĐUA SỐ 1" in text and "Cụm thi đua số 1" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "ngày 19 tháng 12 năm 2025" in text  # the day of the meeting
    assert doc.tables[0].rows[1].cells[0].text == "Số: 01/BB-CTĐ1"


def test_the_minutes_state_time_place_chair_secretary_and_attendance(locked):
    text = all_text(Document(io.BytesIO(minutes_of(locked))))
    assert ("Vào lúc 08 giờ 00 phút ngày 19 tháng 12 năm 2025, tại Hội trường Sở Tài chính, Cụm thi đua số 1 "
            "tổ chức cuộc họp bình xét, suy tôn thi đua năm 2025.") in text
    assert "Chủ trì: Trần Quốc Hưng, Giám đốc Sở Tài chính, Trưởng Cụm thi đua số 1." in text
    assert "Thư ký: Lê Thị Mai, Chuyên viên Văn phòng Sở Tài chính." in text
    assert "Thành phần: có mặt 3/4 đơn vị thành viên: " in text
    assert "Vắng mặt: Sở Xây dựng." in text
    assert "Cuộc họp kết thúc vào lúc 11 giờ 00 phút cùng ngày." in text


def test_people_sign_the_minutes_not_units(locked):
    doc = Document(io.BytesIO(minutes_of(locked)))
    secretary, chair = (cell.text.split("\n") for cell in doc.tables[-1].rows[0].cells)
    assert secretary[0] == "THƯ KÝ" and secretary[-1] == "Lê Thị Mai"
    assert chair[:2] == ["TM. CỤM THI ĐUA SỐ 1", "TRƯỞNG CỤM"] and chair[-1] == "Trần Quốc Hưng"
    assert "CỤM TRƯỞNG" not in all_text(doc)


def test_a_blocs_head_signs_as_truong_khoi(locked):
    from app.models import ClusterKind

    locked.scoring.cluster.kind = ClusterKind.BLOC
    db.session.commit()
    chair = Document(io.BytesIO(minutes_of(locked))).tables[-1].rows[0].cells[1].text.split("\n")
    assert chair[1] == "TRƯỞNG KHỐI"


def test_each_ranked_unit_has_its_total_and_vote_counts(locked):
    doc = Document(io.BytesIO(minutes_of(locked)))
    results = next(t for t in doc.tables if t.rows[0].cells[0].text == "Hạng")
    rows = [tuple(cell.text for cell in row.cells) for row in results.rows]
    assert rows == [
        ("Hạng", "Đơn vị", "Tổng điểm", "Phiếu tán thành", "Không tán thành / không biểu quyết"),
        ("1", "Sở A", "103,5", "3", "0 / 1"),
        ("2", "Sở B", "93", "2", "1 / 1"),
        ("3", "Sở Tài chính", "60", "—", "—"),
    ]
    text = all_text(doc)
    assert "Không xếp hạng do vi phạm nội dung bị loại: Sở Xây dựng." in text


def test_the_minutes_state_the_proposals(locked):
    text = all_text(Document(io.BytesIO(minutes_of(locked))))
    assert "Đề nghị tặng Cờ thi đua của UBND tỉnh: Sở A." in text
    assert "Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh: Sở B, Sở Tài chính." in text


def test_without_awards_set_the_minutes_propose_nobody(locked):
    locked.scoring.flag_award = locked.scoring.merit_award = None
    db.session.flush()
    scoring = locked.scoring
    text = all_text(Document(io.BytesIO(render_minutes(scoring, compute_ranking(scoring), unit_names(scoring)))))
    assert "Không có đơn vị được đề nghị." in text and "Đề nghị tặng" not in text


def test_a4_portrait_and_times_new_roman_in_every_style(locked):
    content = minutes_of(locked)
    doc = Document(io.BytesIO(content))
    section = doc.sections[0]
    # Stored in twentieths of a point: compare in whole millimetres.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
        document = etree.fromstring(archive.read("word/document.xml"))
    fonts = list(styles.iter(qn("w:rFonts")))
    assert fonts
    for element in fonts:
        assert {element.get(qn(slot)) for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {FONT}
    for element in document.iter(qn("w:rFonts")):
        assert set(element.attrib.values()) == {FONT}
    used = {p.style.name for p in doc.paragraphs}
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                used |= {p.style.name for p in cell.paragraphs}
    for name in used:
        rfonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:ascii")) == FONT and rfonts.get(qn("w:eastAsia")) == FONT, name


def test_the_minutes_exist_only_once_locked(locked):
    locked.scoring.status = ScoringStatus.OPEN
    db.session.commit()
    assert locked.client(locked.lead_user).get(f"/scoring/{locked.scoring.id}/minutes.docx").status_code == 404
