"""The nominee picker's search (htmx, from the dossier form): the people, or the collectives and units, the
user may propose, matching what was typed without accents. The form reaches it by URL only; choosing,
checking and saving are the form's (``app/nominations/picking.py``)."""
from flask import abort, render_template, request
from flask_login import current_user, login_required

from app.access import can_create_dossier
from app.nominations import picking
from app.registry import bp


@bp.route("/picker")
@login_required
def picker():
    if not can_create_dossier(current_user):
        abort(403)
    query = (request.args.get("picker_q") or "").strip()[:200]
    kind = picking.nominee_kind_of(request.args.get("nominee_kind"))
    results = picking.choices_for(current_user, query, kind) if query else None
    response = render_template("registry/_picker_results.html", results=results)
    return response, 200, {"Vary": "HX-Request"}
