"""The sổ khen thưởng as XLSX: the entries of the current search, in the book's layout (title rows, then
STT, họ tên / tên tập thể, năm sinh, đơn vị, chức vụ, danh hiệu / hình thức, năm, loại phong trào, cơ
quan quyết định, số / ngày quyết định, nguồn).

Bounded: above ``MAX_ROWS`` entries the export is refused with a message to narrow the filters (the whole
province's history is a million rows; a workbook is built in memory). Never a personal ID number (CCCD).
"""
from io import BytesIO

from flask import current_app, flash, redirect, send_file, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from openpyxl.styles import Alignment, Font

from app.extensions import db
from app.models import User
from app.models.base import local_today
from app.registry.search import SearchParams, count_at_most, entries_query
from app.spreadsheets import SheetWriter

MAX_ROWS = 50_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers() -> list[str]:
    return ["STT", "Họ tên / Tên tập thể", "Năm sinh", "Đơn vị", "Chức vụ", "Danh hiệu / Hình thức khen thưởng",
            "Năm", "Loại phong trào", "Cơ quan quyết định", "Số quyết định", "Ngày quyết định", "Nguồn"]


def build(user: User, params: SearchParams) -> bytes:
    province = current_app.config.get("PROVINCE_NAME", "")
    writer = SheetWriter("So khen thuong")
    writer.append([f"SỔ KHEN THƯỞNG — TỈNH {province.upper()}".strip(" —")])
    writer.append([_("Exported on %(day)s", day=format_date(local_today(), "dd/MM/yyyy"))])
    writer.append([])
    writer.append(headers())
    sheet = writer.sheet
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for column, width in zip("ABCDEFGHIJKL", (6, 32, 9, 36, 22, 36, 7, 16, 28, 16, 14, 18), strict=True):
        sheet.column_dimensions[column].width = width
    query = entries_query(user, params)
    number = 0
    for entry in db.session.scalars(query.execution_options(yield_per=2000)):
        number += 1
        nominee = entry.person or entry.collective
        unit = nominee.unit.name if nominee is not None and nominee.unit is not None else ""
        writer.append([
            number,
            entry.person.full_name if entry.person else entry.collective.name if entry.collective else "",
            entry.person.birth_year if entry.person else None,
            unit,
            entry.person.position if entry.person else "",
            entry.award.name,
            entry.year,
            str(entry.campaign_kind.label),
            entry.authority,
            entry.decision_number,
            entry.decision_date.strftime("%d/%m/%Y") if entry.decision_date else "",
            str(entry.source.label),
        ])
    return writer.to_bytes()


def response(user: User, params: SearchParams):
    if count_at_most(user, params, MAX_ROWS + 1) > MAX_ROWS:
        flash(_("More than %(max)s entries match: narrow the filters (a unit, a year, an award) to export them.",
                max=f"{MAX_ROWS:,}".replace(",", ".")), "warning")
        return redirect(url_for("registry.index", **params.as_args(page=None)), code=303)
    content = build(user, params)
    name = f"so-khen-thuong-{local_today():%Y%m%d}.xlsx"
    return send_file(BytesIO(content), mimetype=XLSX, as_attachment=True, download_name=name)
