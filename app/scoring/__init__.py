"""Cluster scoring: criteria tables, self-scores, the lead's review, ranking, minutes and proposals."""
from flask import Blueprint

bp = Blueprint("scoring", __name__, url_prefix="/scoring")

from app.scoring import meeting, results, sheets, views  # noqa: E402,F401
