"""Dossier actions (one form per transition), and the inbox of work waiting for the user."""
from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app import access
from app.extensions import db
from app.models import AttachmentType
from app.nominations.operations import ACTION_LABELS
from app.numbers import whole_number
from app.web import is_htmx, redirect_after_post
from app.workflow import bp, engine
from app.workflow.eligibility_review import EVENT_LABELS as REVIEW_LABELS
from app.workflow.forms import SupplementForm, form_for
from app.workflow.transitions import ACTION_NAMES, EVENT_LABELS, find_transition


def _prepare(form, dossier) -> None:
    if isinstance(form, SupplementForm):
        types = db.session.scalars(select(AttachmentType).order_by(AttachmentType.sort_order)).all()
        form.missing_types.choices = [(t.id, t.name) for t in types]


def _render_action(dossier, transition, form, status=200, error=None):
    template = "workflow/_action_form.html" if is_htmx() else "workflow/action_page.html"
    return render_template(template, dossier=dossier, transition=transition, form=form, error=error), status


@bp.route("/dossiers/<id:dossier_id>/act/<action>", methods=["GET", "POST"])
@login_required
def act(dossier_id: int, action: str):
    if action not in ACTION_NAMES:
        abort(404)
    dossier = access.get_visible_dossier_or_404(current_user, dossier_id)
    transition = find_transition(action, dossier.state)
    form = form_for(action)
    _prepare(form, dossier)
    if request.method == "GET":
        if transition is None:
            abort(404)
        if not access.can_take(current_user, dossier, transition):
            abort(403)  # the same refusal the POST would meet: do not offer a form that cannot be sent
        form.version.data = str(dossier.version)
        return _render_action(dossier, transition, form)
    if not form.validate_on_submit():
        if transition is None:
            return _render_action(dossier, find_transition(action, dossier.state), form, 409,
                                  _("This dossier has changed in the meantime. "
                                    "Reload the page to see its current state."))
        return _render_action(dossier, transition, form, 422)
    try:
        expected_version = whole_number(form.version.data)
    except ValueError:
        abort(400)  # the page always sends the version it showed: this request was not made by it
    comment = form.comment.data or ""
    if isinstance(form, SupplementForm) and form.missing_types.data:
        names = [name for value, name in form.missing_types.choices if value in form.missing_types.data]
        comment = _("Missing: %(items)s.", items=", ".join(names)) + (" " + comment if comment else "")
    try:
        engine.apply(current_user, dossier, action, comment=comment, payload=form.payload(),
                     expected_version=expected_version)
    except engine.WorkflowError as error:
        db.session.rollback()
        if error.status == 403:
            abort(403)
        return _render_action(dossier, transition, form, error.status, error.message)
    db.session.commit()
    label = transition.label if transition else action  # apply() refuses when no row leaves the state
    flash(_("%(action)s: done. The dossier is now “%(state)s”.", action=label, state=dossier.state.label), "success")
    return redirect_after_post(url_for("nominations.detail", dossier_id=dossier.id))


@bp.app_template_global()
def workflow_actions(dossier):
    """Buttons for the dossier page, from the same table the engine enforces."""
    return engine.available_actions(current_user, dossier)


@bp.app_template_global()
def event_label(event) -> str:
    """Human label of a history row's action: a drafting step or a workflow transition."""
    label = ACTION_LABELS.get(event.action) or EVENT_LABELS.get(event.action) or REVIEW_LABELS.get(event.action)
    return str(label) if label is not None else event.action
