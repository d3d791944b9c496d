"""The aggregated report of a round (issue 11): sums per target group and unit, percentages averaged,
texts listed, drafts and returned reports left out, a constant number of statements; the page, the DOCX
(read back with python-docx, and as PDF text), the XLSX and the sample of ``flask documents samples``."""
import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from app.documents import pdf
from app.documents.samples import all_samples
from app.extensions import db
from app.models import UnitKind
from app.models.target_groups import TargetGroup
from app.reports import operations
from app.reports.aggregation import aggregate
from app.reports.export import render_docx
from tests import factories
from tests.test_reports import DUE, World


@pytest.fixture
def world():
    return World()


def _fill(world, report_round):
    """Finance and the commune (agencies), the Front and the enterprise submit; a second enterprise keeps a
    draft; a third is returned for correction: neither counts."""
    world.submit(report_round, world.finance, {world.initiatives: "3", world.online: "80", world.notes: "Tốt"}, on=DUE,
                 narrative="Đề nghị bổ sung kinh phí.")
    world.submit(report_round, world.commune, {world.initiatives: "5", world.online: "61,5"}, on=DUE)
    world.submit(report_round, world.front, {world.initiatives: "2", world.online: "40"}, on=DUE)
    world.submit(report_round, world.coffee, {world.initiatives: "7", world.online: "90", world.budget: "1250,75"},
                 on=DUE)


def _with_extra_enterprises(world, report_round):
    drafty = factories.make_unit("Công ty Nháp", UnitKind.ENTERPRISE)
    returned = factories.make_unit("Công ty Trả lại", UnitKind.ENTERPRISE)
    for unit in (drafty, returned):
        world.officers[unit.id] = factories.make_user(factories.Role.OFFICER, unit)
    # Units created after the round opened are added to it the way opening does.
    from app.models.reports import UnitReport

    for unit in (drafty, returned):
        db.session.add(UnitReport(round_id=report_round.id, unit_id=unit.id, target_group=TargetGroup.ENTERPRISES))
    db.session.commit()
    operations.save_report(world.officers[drafty.id], world.report(report_round, drafty),
                           {f"fig_{world.initiatives.id}": "1000"}, submit=False)
    world.submit(report_round, returned, {world.initiatives: "500", world.online: "10", world.budget: "9"}, on=DUE)
    operations.return_report(world.appraiser, world.report(report_round, returned), "Sai số liệu")
    db.session.commit()


def test_figures_are_summed_per_target_group_and_percentages_averaged(world):
    report_round = world.open()
    _fill(world, report_round)
    _with_extra_enterprises(world, report_round)
    result = aggregate(report_round)
    agencies, front, enterprises = (TargetGroup.AGENCIES_AND_LOCALITIES, TargetGroup.FRONT_AND_MASS_ORGANISATIONS,
                                    TargetGroup.ENTERPRISES)
    assert result.value(world.initiatives, agencies) == 8
    assert result.value(world.initiatives, front) == 2
    assert result.value(world.initiatives, enterprises) == 7      # not the draft's 1000 nor the returned 500
    assert result.value(world.initiatives, None) == 17
    assert result.value(world.online, agencies) == Decimal("70.75")  # (80 + 61.5) / 2
    assert result.value(world.online, None) == Decimal("67.875")     # (80 + 61.5 + 40 + 90) / 4, not per group
    assert result.value(world.budget, enterprises) == Decimal("1250.75")
    assert result.value(world.budget, agencies) is None
    assert result.texts(world.notes) == [("Sở Tài chính", "Tốt")]
    assert result.reports[enterprises] == (1, 3) and (result.counted, result.requested) == (4, 6)
    per_unit = {line.unit_name: line.numbers for line in result.units}
    assert per_unit["Xã Ia Grai"][world.initiatives.id] == 5 and "Công ty Nháp" not in per_unit


def test_aggregation_takes_the_same_number_of_statements_for_more_units(world, count_queries):
    report_round = world.open()
    _fill(world, report_round)
    db.session.expire_all()
    with count_queries() as few:
        aggregate(report_round)
    for n in range(12):
        unit = factories.make_unit(f"Xã {n}", UnitKind.COMMUNE)
        world.officers[unit.id] = factories.make_user(factories.Role.OFFICER, unit)
        from app.models.reports import UnitReport

        db.session.add(UnitReport(round_id=report_round.id, unit_id=unit.id,
                                  target_group=TargetGroup.AGENCIES_AND_LOCALITIES))
        db.session.flush()
        world.submit(report_round, unit, {world.initiatives: str(n), world.online: "50"}, on=DUE)
    db.session.expire_all()
    with count_queries() as many:
        result = aggregate(report_round)
    assert len(result.units) == 16
    assert few.count == many.count <= 6


def test_the_aggregate_page_and_its_downloads(app, world):
    report_round = world.open()
    _fill(world, report_round)
    client = factories.signed_in_client(app, world.appraiser)
    page = client.get(f"/reports/round/{report_round.id}/aggregate").get_data(as_text=True)
    assert "4/4" in page and "67,88 %" in page and "1.250,75" in page
    docx = client.get(f"/reports/round/{report_round.id}/aggregate.docx")
    assert docx.status_code == 200 and docx.mimetype.endswith("wordprocessingml.document")
    xlsx = client.get(f"/reports/round/{report_round.id}/aggregate.xlsx")
    book = load_workbook(io.BytesIO(xlsx.data))
    summary = book["Tổng hợp"]
    rows = {row[0]: row for row in summary.iter_rows(min_row=5, values_only=True)}
    assert rows["F1"][4:8] == (8, 2, 7, 17) and rows["F2"][3] == "bình quân"
    units = {row[0]: row for row in book["Theo đơn vị"].iter_rows(min_row=5, values_only=True)}
    assert units["Sở Tài chính"][2] == 3 and units["Sở Tài chính"][5] == "Tốt"


def _docx_text(content: bytes) -> tuple[list[str], list[list[str]]]:
    document = Document(io.BytesIO(content))
    paragraphs = [p.text for p in document.paragraphs]
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return paragraphs, rows


def test_the_aggregated_docx_reads_back(world, app):
    report_round = world.open()
    _fill(world, report_round)
    content = render_docx(aggregate(report_round), on=date(2026, 7, 20))
    paragraphs, rows = _docx_text(content)
    assert "BÁO CÁO" in paragraphs and "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh" in paragraphs
    assert any("Báo cáo 6 tháng đầu năm 2026" in p for p in paragraphs)
    assert any(p.startswith("Số đơn vị đã báo cáo: 4/4") for p in paragraphs)
    assert ["1", "Chỉ tiêu F1", "sáng kiến", "8", "2", "7", "17"] in rows
    assert ["2", "Chỉ tiêu F2", "", "70,75 %", "40 %", "90 %", "67,88 %"] in rows
    assert any(row[0] == "Xã Ia Grai (Cơ quan, địa phương)" for row in rows)
    assert ["3", "Chỉ tiêu F3", "", "1.250,75"] in rows  # the enterprise's own figure, under its name
    assert "Sở Tài chính – Chỉ tiêu F4: Tốt" in paragraphs
    assert "Sở Tài chính: Đề nghị bổ sung kinh phí." in paragraphs
    header = rows[0] + rows[1]
    assert "ỦY BAN NHÂN DÂN TỈNH GIA LAI\nSỞ NỘI VỤ" in header[0] and "Gia Lai, ngày 20 tháng 7 năm 2026" in header
    if not pdf.available():
        pytest.skip("LibreOffice is not installed")
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.docx_to_pdf(content))).pages)
    assert "BÁO CÁO" in text and "67,88 %" in text and "Xã Ia Grai" in text


def test_the_sample_is_among_flask_documents_samples():
    sample = next(s for s in all_samples() if s.name == "report-aggregate")
    paragraphs, rows = _docx_text(sample.render())
    assert "BÁO CÁO" in paragraphs and ["1", "Số sáng kiến được công nhận", "sáng kiến", "12", "3", "5", "20"] in rows


def test_an_empty_round_aggregates_to_dashes(world):
    report_round = world.open()
    result = aggregate(report_round)
    assert result.counted == 0 and result.units == []
    paragraphs, rows = _docx_text(render_docx(result))
    assert ["1", "Chỉ tiêu F1", "sáng kiến", "—", "—", "—", "—"] in rows
    assert "Không có nội dung, kiến nghị." in paragraphs
