"""The aggregated report as a document: the DOCX (and its PDF) through the "report-aggregate" template in
force (app/documents/report_aggregate.py; an administrator may replace it), and the XLSX workbook.

Every string is prepared here, in Vietnamese whatever the reader's interface (the document goes to the
Chairman); the template only prints them.
"""
from datetime import date

from flask import current_app

from app.doctemplates import store as template_store
from app.documents import kinds
from app.documents.dates import vn_place_date
from app.documents.decision import render_template
from app.documents.report_aggregate import NAME, SummaryRow, UnitGroup, UnitValueRow
from app.list_exports import FONT
from app.models.base import local_today
from app.models.reports import FigureType
from app.models.target_groups import TargetGroup
from app.reports.aggregation import REPORTING_GROUPS, Aggregate, format_figure
from app.spreadsheets import SheetWriter

GROUP_NAMES = {  # as the document prints them
    TargetGroup.AGENCIES_AND_LOCALITIES: "Cơ quan, địa phương",
    TargetGroup.FRONT_AND_MASS_ORGANISATIONS: "MTTQ, đoàn thể",
    TargetGroup.ENTERPRISES: "Doanh nghiệp",
    TargetGroup.INDIVIDUALS: "Cá nhân",
}
NOTE = ("Ghi chú: số liệu được cộng theo nhóm đối tượng và toàn tỉnh; tỷ lệ (%) là bình quân của các đơn vị "
        "có báo cáo (mỗi đơn vị một trọng số như nhau); nội dung bằng lời được liệt kê ở phần III. Chỉ tổng hợp "
        "các báo cáo đã gửi hoặc đã được tiếp nhận.")


def docx_context(result: Aggregate, on: date | None = None) -> dict:
    province = current_app.config["PROVINCE_NAME"]
    report_round = result.round
    figures = result.figures
    summary = []
    for no, figure in enumerate([f for f in figures if f.value_type is not FigureType.TEXT], start=1):
        agencies, organisations, enterprises = (format_figure(figure, result.value(figure, group))
                                                for group in REPORTING_GROUPS)
        summary.append(SummaryRow(str(no), figure.label, figure.unit_of_measure or "", agencies, organisations,
                                  enterprises, format_figure(figure, result.value(figure, None))))
    groups = []
    for line in result.units:
        rows: list[UnitValueRow] = []
        for figure in figures:
            if figure.value_type is FigureType.TEXT or figure.id not in line.numbers:
                continue
            rows.append(UnitValueRow(str(len(rows) + 1), figure.label, figure.unit_of_measure or "",
                                     format_figure(figure, line.numbers[figure.id])))
        groups.append(UnitGroup(f"{line.unit_name} ({GROUP_NAMES[line.target_group]})", rows))
    opinions = []
    for line in result.units:
        for figure in figures:
            if line.texts.get(figure.id):
                opinions.append(f"{line.unit_name} – {figure.label}: {line.texts[figure.id]}".replace("\n", " "))
        for paragraph in filter(None, line.narrative.split("\n")):
            opinions.append(f"{line.unit_name}: {paragraph}")
    if not opinions:
        opinions = ["Không có nội dung, kiến nghị."]
    counts = "; ".join(f"{GROUP_NAMES[g]} {counted}/{requested}" for g, (counted, requested) in result.reports.items()
                       if requested)
    movement = report_round.movement.name
    return {
        "org_parent": f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}",
        "org_name": "SỞ NỘI VỤ",
        "number_line": "Số:      /BC-SNV",
        "place_date": vn_place_date(province, on or local_today()),
        "subject": f"Tổng hợp kết quả thực hiện phong trào thi đua “{movement}” – {report_round.title}",
        "addressee": "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh",
        "intro": [f"Thực hiện kế hoạch tổ chức phong trào thi đua “{movement}”, Sở Nội vụ tổng hợp báo cáo "
                  f"của các đơn vị ({report_round.title.lower()}, hạn gửi {report_round.due_on:%d/%m/%Y}) như sau.",
                  f"Số đơn vị đã báo cáo: {result.counted}/{result.requested}" + (f" ({counts})." if counts else ".")],
        "summary_rows": summary,
        "aggregation_note": NOTE,
        "unit_groups": groups,
        "opinions": opinions,
        "closing": f"Sở Nội vụ kính báo cáo Chủ tịch Ủy ban nhân dân tỉnh {province} xem xét, chỉ đạo./.",
        "recipients": ["- Như trên;", "- Lưu: VT, NV."],
        "signer_lines": ["GIÁM ĐỐC"],
        "signer_name": "",
    }


def render_docx(result: Aggregate, on: date | None = None) -> bytes:
    context = docx_context(result, on)
    kind = kinds.get(NAME)
    assert kind is not None
    builtin = kind.builtin_bytes()
    return template_store.render(NAME, lambda template: render_template(NAME, context, template or builtin))


def render_xlsx(result: Aggregate) -> bytes:
    """Two sheets: the figures per target group and in total, then one row per unit with every figure."""
    figures = result.figures
    numeric = [f for f in figures if f.value_type is not FigureType.TEXT]
    writer = SheetWriter("Tổng hợp", font=FONT)
    writer.append([f"Tổng hợp – {result.round.title}"], bold=True)
    writer.append([result.round.movement.name])
    writer.append([])
    writer.append(["Mã", "Chỉ tiêu", "Đơn vị tính", "Cách tổng hợp"] + [GROUP_NAMES[g] for g in REPORTING_GROUPS]
                  + ["Toàn tỉnh", "Số đơn vị có số liệu"], bold=True)
    for figure in numeric:
        how = "bình quân" if figure.value_type is FigureType.PERCENT else "cộng"
        writer.append([figure.code, figure.label, figure.unit_of_measure, how]
                      + [_number(result.value(figure, g)) for g in REPORTING_GROUPS]
                      + [_number(result.value(figure, None)), result.cell(figure, None).count])
    writer.print_layout(header_row=4, widths=[10, 45, 14, 14, 16, 16, 16, 16, 12])
    writer.sheet = writer.book.create_sheet("Theo đơn vị")
    writer.append([f"Số liệu của từng đơn vị – {result.round.title}"], bold=True)
    writer.append([])
    writer.append([])
    writer.append(["Đơn vị", "Nhóm đối tượng"] + [f"{f.code} – {f.label}" for f in figures], bold=True)
    for line in result.units:
        writer.append([line.unit_name, GROUP_NAMES[line.target_group]]
                      + [line.texts.get(f.id, "") if f.value_type is FigureType.TEXT
                         else _number(line.numbers.get(f.id)) for f in figures])
    writer.print_layout(header_row=4, widths=[40, 20] + [16] * len(figures))
    return writer.to_bytes()


def _number(value):
    """Numbers stay numbers in the workbook (a float is what Excel holds)."""
    return float(value) if value is not None else None
