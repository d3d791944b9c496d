"""Screens of a unit's own decisions (app/decisions/unit_life.py): the unit's list with the awards waiting for
a decision, drafting, the decision's page, and the head's signature that issues it. Sending, sending back,
discarding and the documents are the province's routes (app/decisions/views.py), which ask the same
predicate (``access.decision_actions``)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import access
from app.decisions import bp, life, unit_life
from app.decisions.forms import ReturnForm, UnitDraftForm
from app.decisions.operations import DecisionRefused
from app.extensions import db
from app.models import Award, AwardDecision, Unit


@bp.route("/unit/")
@login_required
def unit_index():
    """The unit's decisions (a province's user: every unit's issued ones) and, for the unit's officer, the
    unit-level awards its council approved that wait for the head's decision."""
    if not access.can_see_unit_decisions(current_user):
        abort(403)
    decisions = db.session.scalars(
        select(AwardDecision).where(access.unit_decision_scope(current_user))
        .options(joinedload(AwardDecision.award), joinedload(AwardDecision.issuer_unit))
        .order_by(AwardDecision.year.desc(), AwardDecision.number.desc().nulls_first(), AwardDecision.id.desc())
        .limit(500)).all()
    unit_id = access.council_unit_id(current_user)
    unit = db.session.get(Unit, unit_id) if unit_id is not None else None
    waiting = unit_life.waiting_awards(unit_id) if unit_id is not None and access.can_draft_unit_decisions(
        current_user) else []
    return render_template("decisions/unit_index.html", decisions=decisions, waiting=waiting, unit=unit)


@bp.route("/unit/new/<id:award_id>", methods=["GET", "POST"])
@login_required
def unit_new(award_id: int):
    """Draft the head's decision from the dossiers the unit's council approved."""
    if not access.can_draft_unit_decisions(current_user):
        abort(403)
    award = db.session.get(Award, award_id) or abort(404)
    unit = db.session.get(Unit, access.council_unit_id(current_user)) or abort(404)
    candidates = unit_life.candidates(unit.id, award)
    form = UnitDraftForm()
    form.dossier_ids.choices = [(d.id, d.nominee_name) for d in candidates]
    error = None
    if request.method == "GET":
        form.dossier_ids.data = [d.id for d in candidates]
        form.proposal_reference.data = unit_life.default_reference(unit)
    elif form.validate_on_submit():
        chosen = [d for d in candidates if d.id in set(form.dossier_ids.data)]
        try:
            decision = unit_life.create_draft(current_user, award, chosen, form.proposal_reference.data or "")
            db.session.commit()
        except DecisionRefused as refused:
            db.session.rollback()
            error = str(refused)
        else:
            flash(_("Draft saved: %(n)s honourees. Send it to the head for signature.", n=len(chosen)), "success")
            return redirect(url_for(".show", decision_id=decision.id), code=303)
    page = render_template("decisions/unit_new.html", award=award, unit=unit, form=form, candidates=candidates,
                           error=error)
    return (page, 422) if request.method == "POST" else page


def show_unit_decision(decision: AwardDecision, error: str | None = None, return_form: ReturnForm | None = None):
    """The page of a unit's decision (``views.show`` hands unit decisions here)."""
    page = render_template("decisions/unit_show.html", decision=decision, items=list(decision.items), error=error,
                           return_form=return_form or ReturnForm(), event_labels=life.EVENT_LABELS,
                           acting=access.acting_for(current_user))
    return (page, 422) if error else page


@bp.route("/<id:decision_id>/sign-unit", methods=["POST"])
@login_required
def sign_unit(decision_id: int):
    """The head signs (or a deputy under a signing delegation): numbered in the unit's register and issued."""
    decision = db.session.get(AwardDecision, decision_id)
    if decision is None or not access.can_read_decision(current_user, decision) or not decision.is_unit_decision:
        abort(404)
    if not access.can_act_on_decision(current_user, decision, "sign"):
        abort(403)
    try:
        unit_life.sign_and_issue(current_user, decision)
        db.session.commit()
    except DecisionRefused as refused:
        db.session.rollback()
        return show_unit_decision(db.session.get(AwardDecision, decision_id) or abort(404), error=str(refused))
    flash(_("Decision %(ref)s signed and issued.", ref=decision.reference), "success")
    return redirect(url_for(".show", decision_id=decision_id), code=303)
