"""The dashboard page (filters in the URL, htmx refreshes the results region) and its XLSX exports."""
from io import BytesIO

from flask import abort, request, send_file
from flask_babel import gettext as _
from flask_login import current_user, login_required
from openpyxl.styles import Font

from app.access import can_see_dashboard
from app.dashboard import bp, stats
from app.spreadsheets import SheetWriter
from app.web import campaign_label, render_region_or_page


def _filters_and_choices() -> tuple[stats.Filters, dict]:
    """The URL's filters, a unit or cluster the user has no dossiers of dropped (as if not given)."""
    if not can_see_dashboard(current_user):
        abort(403)
    filters = stats.Filters.from_args(request.args)
    choices = stats.choices(current_user)
    if filters.unit is not None and filters.unit not in {u.id for u in choices["units"]}:
        filters.unit = None
    if filters.cluster is not None and filters.cluster not in {c.id for c in choices["clusters"]}:
        filters.cluster = None
    return filters, choices


@bp.route("/")
@login_required
def index():
    filters, choices = _filters_and_choices()
    tables = stats.compute(current_user, filters)
    return render_region_or_page("dashboard-results", "dashboard/_results.html", "dashboard/index.html",
                                 filters=filters, choices=choices, tables=tables, campaign_label=campaign_label)


@bp.route("/export/<key>.xlsx")
@login_required
def export(key: str):
    """One table of the dashboard, with the current filters, as a spreadsheet."""
    if key not in stats.TABLES:
        abort(404)
    filters, _choices = _filters_and_choices()
    table = stats.compute(current_user, filters, only=key)[key]
    writer = SheetWriter(key[:31])
    writer.append([table.title])
    writer.sheet["A1"].font = Font(bold=True, size=13)
    writer.append([_("Filters") + ": " + (", ".join(f"{k}={v}" for k, v in filters.as_args().items()) or _("none"))])
    writer.append([])
    writer.append(table.headers)
    for cell in writer.sheet[4]:
        cell.font = Font(bold=True)
    for row in table.rows:
        writer.append(row)
    if table.note:
        writer.append([])
        writer.append([table.note])
    writer.sheet.column_dimensions["A"].width = 40
    return send_file(BytesIO(writer.to_bytes()), as_attachment=True, download_name=f"thong-ke-{key}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
