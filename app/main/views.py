"""Home: dossier counts by state within the user's scope, linking to the filtered list."""
from flask import render_template
from flask_login import current_user, login_required
from sqlalchemy import func, select, text

from app.access import has_inbox
from app.extensions import db
from app.main import bp
from app.models import Dossier, State
from app.nominations import listing
from app.workflow.inbox import inbox_condition


@bp.route("/")
@login_required
def home():
    counts = listing.count_by_state(current_user)
    waiting = (db.session.scalar(select(func.count(Dossier.id)).where(inbox_condition(current_user)))
               if has_inbox(current_user) else 0)
    return render_template(
        "main/home.html",
        waiting=waiting,
        counts=[(state, counts.get(state, 0)) for state in State],
        total=sum(counts.values()),
    )


@bp.route("/healthz")
def healthz():
    """Load balancer probe: the app answers and reaches its database."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
