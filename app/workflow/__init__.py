"""The dossier workflow: the transition table, the engine, the action screens and the inbox."""
from flask import Blueprint

bp = Blueprint("workflow", __name__)

from app.workflow import eligibility_panel, inbox, review_views, views  # noqa: E402,F401
