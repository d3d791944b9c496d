"""Award decisions: numbering, bonus money, the DOCX, and moving the honoured dossiers to awarded."""
from flask import Blueprint

bp = Blueprint("decisions", __name__, url_prefix="/decisions")

from app.decisions import unit_views, views  # noqa: E402,F401
