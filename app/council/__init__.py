"""Council sessions: the agenda of dossiers and the votes the secretary records for each."""
from flask import Blueprint

bp = Blueprint("council", __name__, url_prefix="/council")

from app.council import views  # noqa: E402,F401
