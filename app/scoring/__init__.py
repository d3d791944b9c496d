"""Cluster scoring: criteria tables, self-scores, the lead's review, ranking, minutes and proposals."""
from flask import Blueprint, Flask

bp = Blueprint("scoring", __name__, url_prefix="/scoring")


def register(app: Flask) -> None:
    """Register the screens and hook the ranking into the workflow's cluster stage."""
    from app.scoring import results, sheets, views  # noqa: F401  (routes)
    from app.scoring.operations import endorse_guard
    from app.workflow.transitions import ENDORSE_GUARDS

    app.register_blueprint(bp)
    if endorse_guard not in ENDORSE_GUARDS:
        ENDORSE_GUARDS.append(endorse_guard)
