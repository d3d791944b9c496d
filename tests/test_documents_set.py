"""The process documents of a campaign (app/paperwork): the public notice and the report on its comments, the
Sở Nội vụ's letters to a unit, the unit's Tờ trình and the báo cáo thành tích forms — each read back with
python-docx and as PDF text per page, and who may download each."""
from datetime import UTC, date, datetime

import pytest

from app.extensions import db
from app.models import (
    AwardLevel,
    AwardType,
    Gender,
    Initiative,
    NomineeKind,
    PerformanceRating,
    PublicComment,
    Rating,
    Role,
    Scope,
    State,
    UnitKind,
)
from app.workflow import engine
from tests.documents_readback import assert_no_placeholder, document_text, needs_pdf, page_has, pdf_pages

# 05/01/2027 is a Tuesday: a 10-working-day notice from then ends on 19/01/2027.
FORWARDED_AT = datetime(2027, 1, 5, 2, 0, tzinfo=UTC)
ASKED_AT = datetime(2026, 12, 10, 3, 0, tzinfo=UTC)  # a Thursday


@pytest.fixture
def world(make):
    province = make.make_unit("UBND tỉnh", kind=UnitKind.DEPARTMENT)
    health = make.make_unit("Sở Y tế", code="SYT")
    finance = make.make_unit("Sở Tài chính", code="STC")
    campaign = make.make_campaign(2026, name="Năm 2026")
    central = make.make_award(name="Bằng khen của Thủ tướng Chính phủ", level=AwardLevel.CENTRAL,
                              public_notice_days=10)
    title = make.make_award(name="Chiến sĩ thi đua cấp tỉnh", award_type=AwardType.TITLE)
    appraiser = make.make_actor(Role.APPRAISER, full_name="Đặng Thu Thảo")
    people = {
        "appraiser": appraiser, "secretary": make.make_actor(Role.SECRETARY),
        "health_officer": make.make_actor(Role.OFFICER, unit=health),
        "health_head": make.make_actor(Role.UNIT_HEAD, unit=health, full_name="Phạm Quốc Hùng"),
        "finance_officer": make.make_actor(Role.OFFICER, unit=finance),
    }
    noticed = make.make_complete_dossier(health, award=central, campaign=campaign, name="Nguyễn Văn An",
                                         state=State.APPRAISAL, nominee_position="Trưởng phòng Tổ chức cán bộ")
    engine.apply(appraiser, noticed, "forward", comment="Đủ điều kiện, tiêu chuẩn theo quy định", at=FORWARDED_AT)
    quiet = make.make_complete_dossier(finance, award=central, campaign=campaign, name="Rơ Châm H'Luyn",
                                       state=State.APPRAISAL, nominee_position="Kế toán")
    engine.apply(appraiser, quiet, "forward", comment="Đủ điều kiện", at=FORWARDED_AT)
    returned = make.make_complete_dossier(health, award=title, campaign=campaign, name="Lê Thị Mai",
                                          state=State.APPRAISAL, nominee_position="Bác sĩ")
    engine.apply(appraiser, returned, "request_supplement", comment="Thiếu xác nhận sáng kiến năm 2025",
                 payload={"deadline_days": 10}, at=ASKED_AT)
    refused = make.make_dossier(health, award=title, campaign=campaign, name="Phòng Kế hoạch - Tài chính",
                                kind=NomineeKind.COLLECTIVE, state=State.NOT_APPROVED, nominee_position="")
    db.session.add_all([
        PublicComment(dossier=noticed, name="Lê Văn Bình", contact="", text="Đề nghị làm rõ sáng kiến năm 2025.",
                      created_at=datetime(2027, 1, 8, 3, 0, tzinfo=UTC)),
        PublicComment(dossier=noticed, name="", contact="", text="Ông An làm việc rất tận tụy.",
                      created_at=datetime(2027, 1, 9, 3, 0, tzinfo=UTC)),
    ])
    db.session.commit()
    return {"campaign": campaign, "health": health, "finance": finance, "noticed": noticed, "quiet": quiet,
            "returned": returned, "refused": refused, "people": people, "province": province}


def client_of(app, make, world, who):
    return make.signed_in_client(app, world["people"][who])


# --- public notice and the report on comments ------------------------------------------------------------

def test_the_public_notice_lists_the_nominees_with_their_notice_period(app, make, world):
    client = client_of(app, make, world, "appraiser")
    response = client.get(f"/paperwork/campaigns/{world['campaign'].id}/public-notice.docx")
    assert response.status_code == 200
    paragraphs, rows = document_text(response.data)
    assert_no_placeholder(paragraphs, rows)
    assert "THÔNG BÁO" in paragraphs
    assert "Thời gian công khai: từ ngày 05/01/2027 đến ngày 19/01/2027." in paragraphs
    listed = [row for row in rows if row[0] in ("1", "2")]
    assert [row[1] for row in listed] == ["Nguyễn Văn An", "Rơ Châm H'Luyn"]
    assert listed[0][2:] == ["Trưởng phòng Tổ chức cán bộ, Sở Y tế", "Bằng khen của Thủ tướng Chính phủ",
                             "05/01/2027 - 19/01/2027"]
    header = " ".join(cell for row in rows[:2] for cell in row)
    assert "SỞ NỘI VỤ" in header and "/TB-SNV" in header and "ngày\u00a0" in header  # number and day blank
    assert any("Ý kiến góp ý gửi về Sở Nội vụ" in p for p in paragraphs)


def test_the_report_gives_each_comment_and_how_it_was_handled(app, make, world):
    appraiser = client_of(app, make, world, "appraiser")
    first = db.session.query(PublicComment).filter_by(name="Lê Văn Bình").one()
    page = appraiser.get(f"/dossiers/{world['noticed'].id}").get_data(as_text=True)
    assert f"/paperwork/comments/{first.id}/handling" in page
    saved = appraiser.post(f"/paperwork/comments/{first.id}/handling",
                           data={"handling": "Đã đề nghị Sở Y tế báo cáo; sáng kiến đã được công nhận."})
    assert saved.status_code == 303
    assert appraiser.post(f"/paperwork/comments/{first.id}/handling", data={"handling": " "}).status_code == 303
    db.session.expire_all()
    assert db.session.get(PublicComment, first.id).handling.startswith("Đã đề nghị Sở Y tế")

    response = appraiser.get(f"/paperwork/campaigns/{world['campaign'].id}/public-notice-report.docx")
    paragraphs, rows = document_text(response.data)
    assert_no_placeholder(paragraphs, rows)
    assert "BÁO CÁO" in paragraphs
    assert any("từ ngày 05/01/2027 đến ngày 19/01/2027" in p and "nhận được 02 ý kiến, đã xử lý 01 ý kiến" in p
               for p in paragraphs)
    table = {row[0]: row[1:] for row in rows if row[0] in ("1", "2", "3")}
    assert table["1"] == ["Nguyễn Văn An (Bằng khen của Thủ tướng Chính phủ)",
                          "Ngày 08/01/2027, Lê Văn Bình: Đề nghị làm rõ sáng kiến năm 2025.",
                          "Đã đề nghị Sở Y tế báo cáo; sáng kiến đã được công nhận."]
    assert table["2"][1:] == ["Ngày 09/01/2027, người gửi không ghi tên: Ông An làm việc rất tận tụy.", "Chưa xử lý."]
    assert table["3"] == ["Rơ Châm H'Luyn (Bằng khen của Thủ tướng Chính phủ)", "Không có ý kiến.", ""]


@pytest.mark.parametrize("who", ["health_officer", "health_head", "finance_officer"])
def test_units_neither_download_the_public_notice_papers_nor_handle_comments(app, make, world, who):
    client = client_of(app, make, world, who)
    campaign = world["campaign"].id
    assert client.get(f"/paperwork/campaigns/{campaign}/public-notice.docx").status_code == 403
    assert client.get(f"/paperwork/campaigns/{campaign}/public-notice-report.docx").status_code == 403
    comment = db.session.query(PublicComment).first()
    assert client.post(f"/paperwork/comments/{comment.id}/handling", data={"handling": "x"}).status_code == 403


def test_the_secretary_reads_the_report_but_only_appraisers_record_handling(app, make, world):
    client = client_of(app, make, world, "secretary")
    assert client.get(f"/paperwork/campaigns/{world['campaign'].id}/public-notice-report.docx").status_code == 200
    comment = db.session.query(PublicComment).first()
    assert client.post(f"/paperwork/comments/{comment.id}/handling", data={"handling": "x"}).status_code == 403


def test_a_campaign_without_notice_says_so_instead_of_printing_an_empty_list(app, make, world):
    empty = make.make_campaign(2026, name="Đột xuất 2026")
    client = client_of(app, make, world, "appraiser")
    response = client.get(f"/paperwork/campaigns/{empty.id}/public-notice.docx")
    assert response.status_code == 303
    assert "No dossier of this campaign is under public notice now." in client.get("/paperwork/").get_data(True)


# --- letters to a unit -----------------------------------------------------------------------------------

def test_the_supplement_request_names_what_is_missing_the_note_and_the_deadline(app, make, world):
    client = client_of(app, make, world, "health_officer")
    url = f"/paperwork/units/{world['health'].id}/campaigns/{world['campaign'].id}/bo-sung-ho-so.docx"
    paragraphs, rows = document_text(client.get(url).data)
    assert_no_placeholder(paragraphs, rows)
    header = " ".join(cell for row in rows[:2] for cell in row)
    assert "V/v bổ sung hồ sơ đề nghị khen thưởng" in header and "/SNV-TĐKT" in header
    assert "Kính gửi: Sở Y tế." in paragraphs
    listed = [row for row in rows if row[0] == "1"]
    assert len(listed) == 1 and listed[0][1:3] == ["Lê Thị Mai", "Danh hiệu Chiến sĩ thi đua cấp tỉnh"]
    assert "Ý kiến thẩm định: Thiếu xác nhận sáng kiến năm 2025." in listed[0][3]
    # 10 working days from Thursday 10/12/2026.
    assert any("trước ngày 24/12/2026 (10 ngày làm việc kể từ ngày 10/12/2026)" in p for p in paragraphs)


def test_the_appraisal_result_and_the_not_approved_notice(app, make, world):
    client = client_of(app, make, world, "appraiser")
    health, campaign = world["health"].id, world["campaign"].id
    paragraphs, rows = document_text(client.get(
        f"/paperwork/units/{health}/campaigns/{campaign}/ket-qua-tham-dinh.docx").data)
    assert_no_placeholder(paragraphs, rows)
    result = [row for row in rows if row[0] == "1"][0]
    assert result[1] == "Nguyễn Văn An"
    assert result[3] == ("Đủ điều kiện, tiêu chuẩn. Đủ điều kiện, tiêu chuẩn theo quy định. Công khai từ ngày "
                         "05/01/2027 đến ngày 19/01/2027, sau đó trình Hội đồng Thi đua - Khen thưởng tỉnh xem xét.")
    paragraphs, rows = document_text(client.get(
        f"/paperwork/units/{health}/campaigns/{campaign}/khong-chap-thuan.docx").data)
    assert_no_placeholder(paragraphs, rows)
    refused = [row for row in rows if row[0] == "1"][0]
    assert refused[1:3] == ["Phòng Kế hoạch - Tài chính", "Danh hiệu Chiến sĩ thi đua cấp tỉnh"]
    assert "V/v hồ sơ đề nghị khen thưởng không được chấp thuận" in " ".join(c for row in rows[:2] for c in row)


def test_the_council_vote_is_the_reason_of_a_not_approved_notice(app, make, world):
    from app.council import operations

    secretary = world["people"]["secretary"]
    dossier = make.make_dossier(world["health"], award=world["refused"].award, campaign=world["campaign"],
                                name="Trần Văn Tuấn", state=State.COUNCIL_REVIEW)
    session = make.make_council_session(members_total=12, members_present=11, held_on=date(2027, 1, 8))
    item = operations.add_to_agenda(secretary, session, [dossier.id])[0]
    dossier.award.approval_threshold = 0.9
    operations.record_vote(secretary, item, 7, 3, 1)
    db.session.commit()
    client = client_of(app, make, world, "health_head")
    paragraphs, rows = document_text(client.get(f"/paperwork/dossiers/{dossier.id}/khong-chap-thuan.docx").data)
    assert [row for row in rows if row[0] == "1"][0][3] == (
        "Hội đồng Thi đua - Khen thưởng tỉnh họp ngày 08/01/2027 biểu quyết 7/12 phiếu tán thành, chưa đạt tỷ lệ "
        "90% tổng số thành viên Hội đồng (cần 11 phiếu).")


def test_a_unit_never_downloads_another_units_letters(app, make, world):
    client = client_of(app, make, world, "finance_officer")
    health, campaign = world["health"].id, world["campaign"].id
    for slug in ("bo-sung-ho-so", "ket-qua-tham-dinh", "khong-chap-thuan", "proposal"):
        assert client.get(f"/paperwork/units/{health}/campaigns/{campaign}/{slug}.docx").status_code == 403
    assert client.get(f"/paperwork/dossiers/{world['returned'].id}/bo-sung-ho-so.docx").status_code == 404
    assert client.get(f"/paperwork/dossiers/{world['noticed'].id}/achievement-report.docx").status_code == 404
    own = client.get(f"/paperwork/units/{world['finance'].id}/campaigns/{campaign}/ket-qua-tham-dinh.docx")
    assert own.status_code == 200


def test_a_cluster_lead_sees_member_dossiers_but_not_their_letters(app, make, world):
    lead_unit = make.make_unit("Sở Xây dựng")
    make.make_cluster(members=[world["health"], lead_unit], year=2026, lead=lead_unit)
    lead = make.make_actor(Role.CLUSTER_LEAD, unit=lead_unit)
    client = make.signed_in_client(app, lead)
    assert client.get(f"/paperwork/dossiers/{world['returned'].id}/bo-sung-ho-so.docx").status_code in (403, 404)


def test_a_letter_that_does_not_apply_is_refused_with_a_message(app, make, world):
    client = client_of(app, make, world, "health_officer")
    response = client.get(f"/paperwork/dossiers/{world['noticed'].id}/bo-sung-ho-so.docx")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/dossiers/{world['noticed'].id}")
    assert client.get(f"/paperwork/dossiers/{world['noticed'].id}/no-such-letter.docx").status_code == 404


# --- the unit's Tờ trình and the báo cáo thành tích ------------------------------------------------------------

def test_the_units_proposal_lists_its_nominees_and_leaves_number_and_date_to_the_clerk(app, make, world):
    unit_award = make.make_award(name="Giấy khen của Giám đốc Sở", level=AwardLevel.UNIT)
    make.make_dossier(world["health"], award=unit_award, campaign=world["campaign"], name="Đinh Văn Nam")
    client = client_of(app, make, world, "health_head")
    response = client.get(f"/paperwork/units/{world['health'].id}/campaigns/{world['campaign'].id}/proposal.docx")
    paragraphs, rows = document_text(response.data)
    assert_no_placeholder(paragraphs, rows)
    assert "TỜ TRÌNH" in paragraphs
    header = " ".join(cell for row in rows[:2] for cell in row)
    assert "SỞ Y TẾ" in header and "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/TTr-SYT" in header
    assert "ngày\u00a0\u00a0\u00a0\u00a0\u00a0tháng\u00a0\u00a0\u00a0\u00a0\u00a0năm 2026" in header
    names = [row[1] for row in rows if row[0].isdigit()]
    assert names == ["Phòng Kế hoạch - Tài chính", "Nguyễn Văn An", "Lê Thị Mai"]  # a unit award stays home
    assert any("01 tập thể và 02 cá nhân" in p for p in paragraphs)
    assert rows[-1][1].endswith("Phạm Quốc Hùng") and "GIÁM ĐỐC" in rows[-1][1]


def test_the_achievement_report_is_prefilled_from_the_dossier_and_the_registry(app, make, world):
    person = make.make_person("Nguyễn Văn An", unit=world["health"], birth_year=1980)
    dossier = world["noticed"]
    dossier.nominee_person, dossier.nominee_gender = person, Gender.MALE
    dossier.achievement_summary = "Hoàn thành xuất sắc nhiệm vụ năm 2026.\nChủ trì số hóa hồ sơ cán bộ."
    base = make.make_award(name="Chiến sĩ thi đua cơ sở", award_type=AwardType.TITLE)
    make.make_registry_entry(base, 2024, person=person, decision_number="112/QĐ-SYT",
                             decision_date=date(2024, 12, 20), authority="Giám đốc Sở Y tế")
    make.make_registry_entry(make.make_award(name="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"), 2023,
                             person=person, decision_number="58/QĐ-UBND", decision_date=date(2024, 1, 15),
                             authority="Chủ tịch UBND tỉnh")
    db.session.add_all([PerformanceRating(person=person, year=2025, rating=Rating.HTXS),
                        Initiative(person=person, title="Số hóa hồ sơ cán bộ", year=2025, scope=Scope.PROVINCE)])
    db.session.commit()
    client = client_of(app, make, world, "health_officer")
    page = client.get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert f"/paperwork/dossiers/{dossier.id}/achievement-report.docx" in page
    paragraphs, rows = document_text(client.get(f"/paperwork/dossiers/{dossier.id}/achievement-report.docx").data)
    assert_no_placeholder(paragraphs, rows)
    assert "BÁO CÁO THÀNH TÍCH" in paragraphs
    assert "Đề nghị tặng Bằng khen của Thủ tướng Chính phủ (Năm 2026)" in paragraphs
    for line in ("I. SƠ LƯỢC LÝ LỊCH", "Họ và tên: Nguyễn Văn An", "Giới tính: Nam", "Năm sinh: 1980",
                 "Đơn vị công tác: Sở Y tế", "Chức vụ (Đảng, chính quyền, đoàn thể): Trưởng phòng Tổ chức cán bộ",
                 "Quê quán:", "II. THÀNH TÍCH ĐẠT ĐƯỢC", "Chủ trì số hóa hồ sơ cán bộ.",
                 "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN", "Năm 2025: Hoàn thành xuất sắc nhiệm vụ.",
                 "Sáng kiến: Số hóa hồ sơ cán bộ (năm 2025)."):
        assert line in [p.strip() for p in paragraphs], line
    assert ["2024", "Chiến sĩ thi đua cơ sở", "Quyết định số 112/QĐ-SYT ngày 20/12/2024 của Giám đốc Sở Y tế"] in rows
    assert ["2023", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "Quyết định số 58/QĐ-UBND ngày 15/01/2024 của Chủ tịch UBND tỉnh"] in rows
    assert rows[-1][1].split("\n")[0] == "NGƯỜI BÁO CÁO THÀNH TÍCH" and rows[-1][1].endswith("Nguyễn Văn An")


def test_a_collectives_report_uses_the_collective_form(app, make, world):
    client = client_of(app, make, world, "health_officer")
    paragraphs, rows = document_text(
        client.get(f"/paperwork/dossiers/{world['refused'].id}/achievement-report.docx").data)
    assert "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" in paragraphs and "1. Tên tập thể: Phòng Kế hoạch - Tài chính" in paragraphs
    assert rows[-1][1].split("\n")[0] == "THỦ TRƯỞNG ĐƠN VỊ" and rows[-1][1].endswith("Phạm Quốc Hùng")


# --- PDF -------------------------------------------------------------------------------------------------

@needs_pdf
def test_the_documents_read_back_as_pdf(app, make, world):
    client = client_of(app, make, world, "appraiser")
    campaign, health = world["campaign"].id, world["health"].id
    notice = pdf_pages(client.get(f"/paperwork/campaigns/{campaign}/public-notice.docx?format=pdf").data)
    assert page_has(notice[0], "THÔNG BÁO") and page_has(notice[0], "từ ngày 05/01/2027 đến ngày 19/01/2027")
    assert any(page_has(page, "Nguyễn Văn An") for page in notice)
    letter = pdf_pages(client.get(f"/paperwork/units/{health}/campaigns/{campaign}/bo-sung-ho-so.docx?format=pdf").data)
    assert page_has(letter[0], "Kính gửi: Sở Y tế.") and page_has(letter[-1], "PHÓ GIÁM ĐỐC")
    officer = client_of(app, make, world, "health_officer")
    url = f"/paperwork/dossiers/{world['noticed'].id}/achievement-report.docx?format=pdf"
    report = pdf_pages(officer.get(url).data)
    assert page_has(report[0], "BÁO CÁO THÀNH TÍCH") and page_has(report[-1], "NGƯỜI BÁO CÁO THÀNH TÍCH")
    assert page_has(report[-1], "Nguyễn Văn An")


def test_the_documents_page_offers_each_role_its_own_downloads(app, make, world):
    campaign, health = world["campaign"].id, world["health"].id
    province = client_of(app, make, world, "appraiser").get(f"/paperwork/?unit={health}").get_data(as_text=True)
    assert f"/paperwork/campaigns/{campaign}/public-notice.docx" in province
    assert f"/paperwork/units/{health}/campaigns/{campaign}/bo-sung-ho-so.docx" in province
    officer = client_of(app, make, world, "finance_officer").get(f"/paperwork/?unit={health}").get_data(as_text=True)
    assert "public-notice.docx" not in officer and 'id="unit-picker"' not in officer
    assert f"/paperwork/units/{world['finance'].id}/campaigns/{campaign}/proposal.docx" in officer
    assert f"/paperwork/units/{health}/" not in officer


def test_the_administrator_changes_the_fixed_texts_on_the_document_texts_screen(app, make, world):
    admin = make.signed_in_client(app, make.make_actor(Role.ADMIN))
    page = admin.get("/admin/document-texts").get_data(as_text=True)
    assert "documents.snv.recipients" in page and "documents.council.closing" in page
    saved = admin.post("/admin/document-texts", data={
        "key": "documents.snv.recipients", "value": "Như trên;\nGiám đốc Sở (để b/c);\nLưu: VT, TĐKT."})
    assert saved.status_code in (200, 303)
    saved = admin.post("/admin/document-texts", data={"key": "documents.snv.signer_name", "value": "Nguyễn Văn Hòa"})
    assert saved.status_code in (200, 303)
    client = client_of(app, make, world, "health_officer")
    _paragraphs, rows = document_text(client.get(
        f"/paperwork/units/{world['health'].id}/campaigns/{world['campaign'].id}/bo-sung-ho-so.docx").data)
    signature = rows[-1]
    assert "- Giám đốc Sở (để b/c);" in signature[0] and signature[1].endswith("Nguyễn Văn Hòa")
