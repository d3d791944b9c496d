"""``flask documents samples --out DIR`` (app/documents/samples.py): every kind as DOCX and PDF, read back."""
import docx

from tests.documents_readback import assert_no_placeholder, document_text, page_has
from tests.test_documents_pdf import pages_of, pytestmark  # noqa: F401 (same skip rule: LibreOffice needed)


def test_the_samples_command_writes_each_kind_as_docx_and_pdf_without_the_database(app, tmp_path, count_queries):
    out = tmp_path / "samples"
    with count_queries() as queries:
        result = app.test_cli_runner().invoke(args=["documents", "samples", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert queries.count == 0
    expected = {"decision", "proposal-central", "cluster-minutes"}
    # The process documents (app/documents/process_kinds.py) and the title each opens with.
    process = {"council-minutes": "BIÊN BẢN", "public-notice": "THÔNG BÁO", "public-notice-report": "BÁO CÁO",
               "notice-supplement": "Kính gửi: Sở Y tế.", "notice-appraisal-result": "Kính gửi: Sở Y tế.",
               "notice-not-approved": "Kính gửi: Sở Y tế.", "unit-proposal": "TỜ TRÌNH",
               "achievement-report-individual": "BÁO CÁO THÀNH TÍCH",
               "achievement-report-collective": "BÁO CÁO THÀNH TÍCH"}
    expected = expected | set(process)
    assert expected <= {path.stem for path in out.glob("*.docx")}
    assert {path.stem for path in out.glob("*.docx")} == {path.stem for path in out.glob("*.pdf")}
    decision = docx.Document(str(out / "decision.docx"))
    assert "QUYẾT ĐỊNH" in [p.text for p in decision.paragraphs]
    assert not any("{{" in p.text or "{%" in p.text for p in decision.paragraphs)
    decision_pages = pages_of((out / "decision.pdf").read_bytes())
    assert "QUYẾT ĐỊNH" in decision_pages[0] and any("DANH SÁCH" in lines for lines in decision_pages)
    proposal_pages = pages_of((out / "proposal-central.pdf").read_bytes())
    assert "TỜ TRÌNH" in proposal_pages[0]
    minutes_pages = pages_of((out / "cluster-minutes.pdf").read_bytes())
    assert "BIÊN BẢN" in minutes_pages[0] and any("Trần Quốc Hưng" in line for line in minutes_pages[-1])
    for stem, title in process.items():
        paragraphs, rows = document_text((out / f"{stem}.docx").read_bytes())
        assert title in paragraphs, stem
        assert_no_placeholder(paragraphs, rows)
        assert page_has(pages_of((out / f"{stem}.pdf").read_bytes())[0], title), stem
