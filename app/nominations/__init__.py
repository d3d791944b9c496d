"""Nomination dossiers: list and search, drafting, attachments."""
from flask import Blueprint

bp = Blueprint("nominations", __name__, url_prefix="/dossiers")

from app.nominations import views  # noqa: E402,F401
