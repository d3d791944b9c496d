"""The Sở Nội vụ's Tờ trình (TTr-SNV, app/documents/proposal_snv.py): the sample and a decision's own, read back
with python-docx and as PDF text (app/documents/pdf.py)."""
import io

import docx
from docx.oxml.ns import qn

from app.documents import kinds, pdf, proposal_snv
from app.documents.decision import render_template
from tests.test_documents_pdf import pages_of, pytestmark  # noqa: F401 (same skip rule: LibreOffice needed)


def lines(data: bytes) -> list[str]:
    body = docx.Document(io.BytesIO(data)).element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def test_the_sample_reads_back_with_appraisal_vote_list_and_recipients(app):
    kind = kinds.get("proposal_snv")
    assert kind is not None and kind.sample_name == "proposal-snv"
    content = render_template(kind.name, kind.sample_context(), kind.builtin_bytes())
    text = lines(content)
    joined = "\n".join(text)
    assert "TỜ TRÌNH" in text and "SỞ NỘI VỤ" in text and "DỰ THẢO" in text
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Gia Lai" in text
    assert "Sở Nội vụ đã tiếp nhận 15 hồ sơ" in joined and "14 hồ sơ đã được thẩm định" in joined
    assert "12 hồ sơ đủ điều kiện" in joined
    assert "Ngày 28/12/2026, Hội đồng Thi đua – Khen thưởng tỉnh họp xét, có 10/11 thành viên dự" in joined
    assert "Nơi nhận:" in text and "- Lưu: VT, TĐKT." in text
    assert "GIÁM ĐỐC" in text and "Nguyễn Thị Thu Hà" in text
    assert not any("{{" in line or "{%" in line or "…" in line for line in text)
    pages = pages_of(pdf.docx_to_pdf(content))
    assert "TỜ TRÌNH" in pages[0] and any("DANH SÁCH" in page for page in pages)
    assert any("Nguyễn Thị Thu Hà" in page for page in pages)


def test_a_numbered_proposal_prints_its_number_and_no_draft_mark(app):
    from datetime import date

    document = proposal_snv.sample()
    document.number, document.signed_on = 45, date(2027, 1, 2)
    text = lines(proposal_snv.render(document))
    assert "Số: 45/TTr-SNV" in text and "DỰ THẢO" not in text
    assert "Gia Lai, ngày 02 tháng 01 năm 2027" in text
