"""Saved filters: each user names the filters of a list (dossiers, inbox, registry search) and applies
them again later."""
from flask import Blueprint

bp = Blueprint("saved_filters", __name__, url_prefix="/saved-filters")

from app.saved_filters import views  # noqa: E402,F401
