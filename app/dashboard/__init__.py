"""Dashboard and statistics (issue 12): counts, stage durations, overdue and the statutory shares,
as tables with server-drawn SVG charts and XLSX exports, within what the user may see."""
from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

from app.dashboard import views  # noqa: E402,F401
