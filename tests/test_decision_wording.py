"""The decision and the Tờ trình as a provincial clerk reads them (DOMAIN.md §10, §10a): titles keep
"danh hiệu", one spelling of "Cờ thi đua", the annex's position column built from the unit tree, households
by address, the annex title in capitals, decrees cited with their date, the Tờ trình's Nơi nhận and verbs."""
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from app.decisions import operations
from app.extensions import db
from app.models import AwardDecision, AwardLevel, AwardType, NomineeKind, UnitKind
from tests.test_decisions import Office, docx_paragraphs


def issued_text(office, award, dossiers, signed_on="2026-01-05", signer=None) -> list[str]:
    response = office.post(award, dossiers, signed_on=signed_on, signer=signer)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    decision = db.session.scalar(select(AwardDecision).order_by(AwardDecision.id.desc()))
    return docx_paragraphs(db.session.scalar(select(AwardDecision.docx).where(AwardDecision.id == decision.id)))


def test_an_emulation_title_is_awarded_as_danh_hieu(make, app):
    office = Office(make, app)
    title = make.make_award(name="Chiến sĩ thi đua cấp tỉnh", award_type=AwardType.TITLE, for_collective=False,
                            coefficient_individual=Decimal("3.0"), coefficient_collective=None)
    text = issued_text(office, title, [office.approved("Nguyễn Văn An", award=title)])
    assert any(p.startswith("Điều 1. Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh cho 1 cá nhân") for p in text), text
    assert "Về việc tặng danh hiệu Chiến sĩ thi đua cấp tỉnh" in text
    assert "CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU CHIẾN SĨ THI ĐUA CẤP TỈNH" in text


def test_a_form_of_commendation_is_awarded_without_danh_hieu(make, app):
    office = Office(make, app)
    text = issued_text(office, office.award, [office.approved("Nguyễn Văn An")])
    assert any(p.startswith("Điều 1. Tặng Bằng khen của Chủ tịch UBND tỉnh cho 1 cá nhân") for p in text), text
    assert not any("danh hiệu" in p for p in text)


def test_the_annex_title_is_upper_case(make, app):
    office = Office(make, app)
    text = issued_text(office, office.award, [office.approved("Nguyễn Văn An")])
    start = text.index("DANH SÁCH")
    assert text[start + 1] == "CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH"


def test_the_position_column_names_the_sub_unit_once_and_its_parent(make, app):
    office = Office(make, app)
    department = make.make_unit("Sở Khoa học và Công nghệ")
    division = make.make_unit("Phòng Chuyển đổi số", kind=UnitKind.SUB_UNIT, parent=department)
    deputy = office.approved("Trần Thị Bình", unit=department, nominee_unit=division,
                             nominee_position="Phó Trưởng phòng Chuyển đổi số")
    clerk = office.approved("Lê Văn Cường", unit=department, nominee_unit=division, nominee_position="Chuyên viên")
    text = issued_text(office, office.award, [deputy, clerk])
    assert "Phó Trưởng phòng Chuyển đổi số, Sở Khoa học và Công nghệ" in text
    assert "Chuyên viên, Phòng Chuyển đổi số, Sở Khoa học và Công nghệ" in text
    assert not any("Chuyển đổi số, Phòng Chuyển đổi số" in p for p in text)


def test_households_are_listed_by_address(make, app):
    office = Office(make, app)
    household = office.approved("Hộ ông Rơ Châm Ngơl", kind=NomineeKind.HOUSEHOLD,
                                nominee_position="Làng Kép 1, xã Ia Mơ Nông, tỉnh Gia Lai")
    text = issued_text(office, office.award, [household])
    assert "Địa chỉ" in text and "Chức vụ, đơn vị công tác" not in text
    assert "Làng Kép 1, xã Ia Mơ Nông, tỉnh Gia Lai" in text


def test_one_spelling_of_co_thi_dua_in_the_catalogue_and_the_decision(make, app):
    from app.demo.catalogue import AWARDS

    assert not [row["name"] for row in AWARDS if "Cờ Thi đua" in row["name"] or "Cờ Thi đua" in row["decision_subject"]]
    office = Office(make, app)
    flag_row = next(row for row in AWARDS if row["code"] == "co_thi_dua_tinh")
    flag = make.make_award(name=flag_row["name"], decision_subject=flag_row["decision_subject"],
                           award_type=flag_row["award_type"], for_individual=False, coefficient_individual=None)
    text = issued_text(office, flag, [office.approved("Sở Y tế", kind=NomineeKind.COLLECTIVE, award=flag)])
    assert not any("Cờ Thi đua" in p for p in text)
    assert any("Cờ thi đua của Ủy ban nhân dân tỉnh" in p for p in text)


def test_the_demo_cites_each_decree_with_its_date():
    import re

    from app.demo.settings import LEGAL_BASES

    for text, *_ in LEGAL_BASES:
        cited = re.findall(r"(?:Nghị định|Quyết định) số [^ ]+(?: ngày \d{1,2} tháng \d{1,2} năm \d{4})?", text)
        for citation in cited:
            assert " ngày " in citation, text


def test_the_central_proposal_has_no_articles_in_its_recipients_and_informs_home_affairs(make, app):
    office = Office(make, app)
    text = issued_text(office, office.central, [office.approved("Nguyễn Văn An", award=office.central)])
    recipients = text[text.index("Nơi nhận:") + 1:]
    assert not any("Như Điều 3" in p for p in text)
    assert any(p == "- Bộ Nội vụ;" for p in recipients), recipients[:8]


def test_an_order_is_proposed_to_the_prime_minister_for_the_president_to_decide(make, app):
    office = Office(make, app)
    order = make.make_award(name="Huân chương Lao động hạng Ba", level=AwardLevel.CENTRAL,
                            coefficient_individual=Decimal("4.5"), coefficient_collective=Decimal("9.0"))
    dossier = office.approved("Nguyễn Văn An", award=order, achievement_summary="Chủ trì 3 đề tài cấp tỉnh.")
    text = issued_text(office, order, [dossier])
    body = " ".join(text)
    assert "kính đề nghị Thủ tướng Chính phủ xem xét, trình Chủ tịch nước tặng thưởng Huân chương" in body
    assert "trình Chủ tịch nước xem xét, quyết định" in body
    assert "Thủ tướng Chính phủ xem xét, quyết định" not in body
    assert "Nguyễn Văn An: Chủ trì 3 đề tài cấp tỉnh." in body


def test_issuing_passes_the_award_type_to_the_document(make, app):
    office = Office(make, app)
    title = make.make_award(name="Chiến sĩ thi đua cấp tỉnh", award_type=AwardType.TITLE)
    dossier = office.approved("Nguyễn Văn An", award=title)
    draft = operations.prepare(title, [dossier], date(2026, 1, 5))
    decision = AwardDecision(kind=draft.kind, symbol="QĐ-UBND", year=2026, number=1, signed_on=date(2026, 1, 5),
                             award=title, signer_mode=office.chairman.mode, signer_name=office.chairman.name,
                             base_salary=draft.base_salary, proposal_reference="Theo đề nghị …")
    assert operations.build_document(decision, draft).award_is_title


# --- the draft (dự thảo) ------------------------------------------------------------------------

def _text(data: bytes) -> list[str]:
    return [p.replace("\u00a0", " ") for p in docx_paragraphs(data)]


def test_a_draft_leaves_number_and_date_blank_and_says_du_thao():
    from dataclasses import replace

    from app.documents.decision import render_decision
    from app.documents.sample import sample_document

    signed = _text(render_decision(sample_document(3)))
    draft = _text(render_decision(replace(sample_document(3), draft=True, number=0)))
    assert "DỰ THẢO" in draft and "DỰ THẢO" not in signed
    assert "Số:      /QĐ-UBND" in draft
    assert "Gia Lai, ngày     tháng     năm 2027" in draft
    assert any("Kèm theo Quyết định số      /QĐ-UBND ngày     tháng     năm 2027" in p for p in draft)
    assert not any("125/QĐ-UBND" in p for p in draft)
    assert "Số: 125/QĐ-UBND" in signed


def test_the_samples_include_the_decision_draft(tmp_path):
    from app.documents.samples import write_samples

    written = {w.path.name for w in write_samples(tmp_path, with_pdf=False)}
    assert "decision-draft.docx" in written
    text = _text((tmp_path / "decision-draft.docx").read_bytes())
    assert "DỰ THẢO" in text and "Số:      /QĐ-UBND" in text


def test_the_draft_downloads_without_numbering_or_issuing(make, app):
    from app.models import DecisionCounter, Dossier, State

    office = Office(make, app)
    dossier = office.approved("Nguyễn Văn An")
    response = office.post(office.award, [dossier], confirm=False)
    assert response.status_code == 303
    response = office.client().get(response.headers["Location"] + "/download")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    text = _text(response.data)
    year = db.session.scalar(select(AwardDecision.year))
    assert "DỰ THẢO" in text and "Số:      /QĐ-UBND" in text and f"Gia Lai, ngày     tháng     năm {year}" in text
    assert db.session.scalar(select(AwardDecision.number)) is None
    assert db.session.scalar(select(DecisionCounter.last_number)) is None
    db.session.expire_all()
    assert db.session.get(Dossier, dossier.id).state is State.APPROVED
