"""``flask documents samples --out DIR`` (app/documents/samples.py): every kind as DOCX and PDF, read back."""
import docx

from tests.test_documents_pdf import pages_of, pytestmark  # noqa: F401 (same skip rule: LibreOffice needed)


def test_the_samples_command_writes_each_kind_as_docx_and_pdf_without_the_database(app, tmp_path, count_queries):
    out = tmp_path / "samples"
    with count_queries() as queries:
        result = app.test_cli_runner().invoke(args=["documents", "samples", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert queries.count == 0
    expected = {"decision", "proposal-central", "cluster-minutes"}
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
