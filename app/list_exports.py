"""A list page as a printable XLSX: the rows of the page's own query (its filters and the user's scope),
all of them, not only the page shown, under a header row in the user's language.

Bounded: the workbook is built in memory, so above ``MAX_ROWS`` matching rows the export is refused with a
message asking to narrow the filters (the registry's export does the same at its own bound).
"""
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from io import BytesIO

from flask import flash, redirect, send_file
from flask_babel import format_date
from flask_babel import gettext as _
from openpyxl.styles import Font

from app.models.base import LOCAL_TZ, local_today
from app.spreadsheets import SheetWriter

MAX_ROWS = 10_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "Times New Roman"  # the font of the province's documents (Nghị định 30/2020)
HEADER_ROW = 4  # title, export date, a blank row, then the header


def local_time(value: datetime | None) -> datetime | None:
    """A stored UTC moment as Vietnam's wall-clock time without a zone: Excel has no time zones."""
    return value.astimezone(LOCAL_TZ).replace(tzinfo=None) if value is not None else None


def build(title: str, sheet_name: str, headers: Sequence[str], widths: Sequence[float],
          rows: Iterable[Sequence[object]]) -> bytes:
    """The workbook: ``title`` on top, the export date, the header row (repeated on each printed page), rows."""
    writer = SheetWriter(sheet_name, font=FONT)
    writer.append([title], bold=True)
    writer.sheet["A1"].font = Font(name=FONT, bold=True, size=14)
    writer.append([_("Exported on %(day)s", day=format_date(local_today(), "dd/MM/yyyy"))])
    writer.append([])
    writer.append(headers, bold=True)
    for row in rows:
        writer.append(row)
    writer.print_layout(header_row=HEADER_ROW, widths=widths)
    return writer.to_bytes()


def too_many(count: int) -> bool:
    return count > MAX_ROWS


def refuse(back_to: str):
    """Back to the list, with the reason: the export would be too large."""
    flash(_("More than %(max)s rows match: narrow the filters to export them.",
            max=f"{MAX_ROWS:,}".replace(",", ".")), "warning")
    return redirect(back_to, code=303)


def send(content: bytes, stem: str):
    return send_file(BytesIO(content), mimetype=XLSX, as_attachment=True,
                     download_name=f"{stem}-{local_today():%Y%m%d}.xlsx")


def respond(*, count: int, back_to: str, stem: str, make: Callable[[], bytes]):
    """The file, or (above the bound) a redirect back to the list with the reason."""
    if too_many(count):
        return refuse(back_to)
    return send(make(), stem)
