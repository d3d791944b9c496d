"""The PDFs (app/documents/pdf.py, LibreOffice headless) read back page by page with pypdf.

What a clerk checks on paper: a signature block never stands alone on a page, the annex's column
heads repeat on each of its pages, and pages are numbered from page 2 (not on the first page).
LibreOffice takes about a second per conversion, so each document is converted once per module.
"""
import io
import os
import re
from dataclasses import replace

import pypdf
import pytest
from sqlalchemy import select

from app import downloads
from app.documents import pdf
from app.documents.decision import render_decision
from app.documents.sample import sample_document
from app.extensions import db
from app.models import AwardDecision, Role
from tests.test_decisions import docx_paragraphs, office  # noqa: F401 (the decisions' fixture)
from tests.test_scoring_documents import locked  # noqa: F401 (the locked round's fixture)

# As the browser tests: skipped on a machine without LibreOffice, a failure in CI.
pytestmark = pytest.mark.skipif(not pdf.available() and os.environ.get("CI") != "true",
                                reason="LibreOffice (soffice) is not installed: make pdf")

PAGE_NUMBER = re.compile(r"^\d{1,3}$")
EXTRA_BASES = [f"Căn cứ Nghị quyết số {number:02d}/2026/NQ-HĐND của Hội đồng nhân dân tỉnh quy định mức chi khen "
               "thưởng;" for number in range(1, 6)]


def pages_of(content: bytes) -> list[list[str]]:
    """Each page's non-empty lines of text."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [[line.strip() for line in page.extract_text().splitlines() if line.strip()] for page in reader.pages]


def only_signature(lines: list[str], signature: set[str], signer: str) -> bool:
    """True when a page holds the signer's name and nothing but the signature block (and its number)."""
    body = [line for line in lines if not PAGE_NUMBER.match(line)]
    return signer in body and all(line in signature or line.startswith("- ") for line in body)


@pytest.fixture(scope="module")
def long_decision():
    """120 honourees and five more legal bases: without keep-with-next, the signature block went to page 2 alone."""
    document = sample_document(120)
    document = replace(document, legal_bases=document.legal_bases + EXTRA_BASES)
    return document, pages_of(pdf.docx_to_pdf(render_decision(document)))


def test_the_pdf_is_laid_out_in_a_metric_compatible_serif(long_decision):
    document, _ = long_decision
    reader = pypdf.PdfReader(io.BytesIO(pdf.docx_to_pdf(render_decision(sample_document(3)))))
    fonts = {str(font.get_object()["/BaseFont"]).split("+")[-1]
             for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts and all(name.startswith(("LiberationSerif", "TimesNewRoman", "Tinos")) for name in fonts), fonts


def test_no_page_holds_only_the_signature_block(long_decision):
    document, pages = long_decision
    signature = {"Nơi nhận:", "CHỦ TỊCH", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", document.signer_name}
    annex_start = next(index for index, lines in enumerate(pages) if "DANH SÁCH" in lines)
    assert annex_start >= 1
    for lines in pages[:annex_start]:
        assert not only_signature(lines, signature, document.signer_name), lines
    last_body_page = pages[annex_start - 1]
    assert document.signer_name in last_body_page
    assert any(line.startswith("Điều 3.") or "Quyết định" in line for line in last_body_page)


def test_the_annex_heads_repeat_and_its_pages_are_numbered_from_two(long_decision):
    _, pages = long_decision
    annex_start = next(index for index, lines in enumerate(pages) if "DANH SÁCH" in lines)
    annex = pages[annex_start:]
    assert len(annex) >= 3
    assert not PAGE_NUMBER.match(pages[0][0])  # no number on the first page
    assert not PAGE_NUMBER.match(annex[0][0])  # the annex restarts its numbering, its first page unnumbered
    for number, lines in enumerate(annex[1:], start=2):
        assert lines[0] == str(number), lines[:3]
        assert lines[1].startswith("STT Tên tập thể, họ và tên"), lines[:3]
    for lines in annex:
        assert any(line.startswith("STT") for line in lines)


def test_a_missing_libreoffice_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("KT_SOFFICE", "")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(pdf.PdfConversionError, match="not installed"):
        pdf.docx_to_pdf(b"PK")


def fake_soffice(tmp_path, monkeypatch, script: str) -> None:
    program = tmp_path / "fake-soffice"
    program.write_text("#!/bin/sh\n" + script + "\n")
    program.chmod(0o755)
    monkeypatch.setenv("KT_SOFFICE", str(program))


def test_a_failed_conversion_is_an_error_and_leaves_no_files(tmp_path, monkeypatch):
    fake_soffice(tmp_path, monkeypatch, "echo 'Error: source file could not be loaded' >&2; exit 1")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr(pdf.tempfile, "tempdir", str(work))
    with pytest.raises(pdf.PdfConversionError, match="could not convert.*source file could not be loaded"):
        pdf.docx_to_pdf(b"PK")
    assert list(work.iterdir()) == []


def test_a_conversion_past_its_timeout_is_stopped(tmp_path, monkeypatch):
    fake_soffice(tmp_path, monkeypatch, "sleep 30")
    with pytest.raises(pdf.PdfConversionError, match="within 0.5 s"):
        pdf.docx_to_pdf(b"PK", timeout=0.5)


# --- the downloads ------------------------------------------------------------------------------

@pytest.fixture
def docx_inside_pdf(monkeypatch):
    """A stand-in converter whose "PDF" carries the DOCX it was given, to check scope without LibreOffice."""
    monkeypatch.setattr(downloads.pdf, "docx_to_pdf", lambda docx: b"%PDF-" + docx)


@pytest.mark.parametrize("who, status, sees_other_unit", [
    ("secretary", 200, True), ("officer_here", 200, False), ("officer_of_a_unit_not_honoured", 404, None)])
def test_the_decision_pdf_is_scoped_like_the_docx(office, make, docx_inside_pdf, who, status,  # noqa: F811
                                                  sees_other_unit):
    office.post(office.award, [office.approved("Người Của Sở Giáo Dục"),
                               office.approved("Người Của Sở Y Tế", unit=office.other_unit)])
    decision = db.session.scalar(select(AwardDecision))
    user = {"secretary": lambda: office.secretary,
            "officer_here": lambda: make.make_actor(Role.OFFICER, office.unit),
            "officer_of_a_unit_not_honoured": lambda: make.make_actor(Role.OFFICER, make.make_unit("Sở Tư pháp")),
            }[who]()
    client = office.client(user)
    response = client.get(f"/decisions/{decision.id}/download?format=pdf")
    assert response.status_code == status
    assert client.get(f"/decisions/{decision.id}/download").status_code == status
    if status != 200:
        return
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].endswith(".pdf")
    text = "\n".join(docx_paragraphs(response.data[len(b"%PDF-"):]))
    assert "Người Của Sở Giáo Dục" in text
    assert ("Người Của Sở Y Tế" in text) is sees_other_unit
    assert client.get(f"/decisions/{decision.id}/download?format=exe").status_code == 404


def test_the_decision_pdf_is_a_real_pdf_and_a_failure_says_why(office, monkeypatch):  # noqa: F811
    office.post(office.award, [office.approved("Nguyễn Thị Hồng")])
    decision = db.session.scalar(select(AwardDecision))
    response = office.client().get(f"/decisions/{decision.id}/download?format=pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert "Nguyễn Thị Hồng" in "\n".join("\n".join(lines) for lines in pages_of(response.data))

    def broken(docx):
        raise pdf.PdfConversionError("LibreOffice did not finish the PDF within 120 s")
    monkeypatch.setattr(downloads.pdf, "docx_to_pdf", broken)
    response = office.client().get(f"/decisions/{decision.id}/download?format=pdf")
    assert response.status_code == 503
    assert "within 120 s" in response.get_data(as_text=True)


def test_the_minutes_pdf_follows_the_minutes_permission(locked, docx_inside_pdf):  # noqa: F811
    url = f"/scoring/{locked.scoring.id}/minutes.docx?format=pdf"
    response = locked.client(locked.lead_user).get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "bien-ban-hop-cum-2025.pdf" in response.headers["Content-Disposition"]
    assert locked.client(locked.appraiser).get(url).status_code \
        == locked.client(locked.appraiser).get(url.replace("?format=pdf", "")).status_code

