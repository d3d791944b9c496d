"""Decision screens: approved dossiers by award, preview, issue, and the document download."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app import access
from app.decisions import bp, operations, register
from app.decisions.forms import IssueForm
from app.downloads import send_document
from app.extensions import db
from app.models import Award, AwardDecision, Dossier, Signer, State


@bp.route("/")
@login_required
def index():
    if not access.can_view_decision_register(current_user):
        abort(403)
    decisions = db.session.scalars(register.decisions_query()).all()
    waiting = db.session.execute(
        select(Award, func.count(Dossier.id)).join(Dossier, Dossier.award_id == Award.id)
        .where(Dossier.state == State.APPROVED).group_by(Award.id).order_by(Award.sort_order)
    ).all()
    return render_template("decisions/index.html", decisions=decisions, waiting=waiting)


@bp.route("/export.xlsx")
@login_required
def export_xlsx():
    """The register as XLSX, for the same people as the page."""
    if not access.can_view_decision_register(current_user):
        abort(403)
    return register.response()


def _approved_of(award: Award) -> list[Dossier]:
    return list(db.session.scalars(
        select(Dossier).where(Dossier.award_id == award.id, Dossier.state == State.APPROVED)
        .options(joinedload(Dossier.unit), joinedload(Dossier.nominee_unit), joinedload(Dossier.campaign))
        .order_by(Dossier.nominee_kind, Dossier.nominee_name)
    ))


@bp.route("/new/<id:award_id>", methods=["GET", "POST"])
@login_required
def new(award_id: int):
    if not access.can_issue_decisions(current_user):
        abort(403)
    award = db.session.get(Award, award_id) or abort(404)
    candidates = _approved_of(award)
    form = IssueForm()
    signers = db.session.scalars(select(Signer).where(Signer.active).order_by(Signer.mode, Signer.name)).all()
    form.signer_id.choices = [(s.id, f"{s.name} ({s.mode.label})") for s in signers]
    form.dossier_ids.choices = [(d.id, d.nominee_name) for d in candidates]
    if request.method == "GET":
        form.dossier_ids.data = [d.id for d in candidates]
        return render_template("decisions/new.html", award=award, form=form, candidates=candidates, draft=None)
    draft, error = None, None
    if form.validate_on_submit():
        chosen = [d for d in candidates if d.id in set(form.dossier_ids.data)]
        try:
            draft = operations.prepare(award, chosen, form.signed_on.data)
            signer = next(s for s in signers if s.id == form.signer_id.data)
            operations.check_signer(signer, form.signed_on.data)  # already at the preview, not only on issuing
            if request.form.get("draft") == "1":  # before "confirm": the preview's form carries both
                return send_document(operations.render_draft(draft, signer, form.signed_on.data,
                                                              form.proposal_reference.data), "QD-du-thao")
            if request.form.get("confirm") == "1":
                decision = operations.issue(current_user, draft, signer, form.signed_on.data,
                                            form.proposal_reference.data)
                db.session.commit()
                flash(_("Decision %(ref)s issued for %(n)s honourees.", ref=decision.reference, n=len(chosen)),
                      "success")
                return redirect(url_for(".show", decision_id=decision.id), code=303)
        except operations.DecisionRefused as refused:
            db.session.rollback()
            error = str(refused)
    status = 422 if (error or form.errors) else 200
    return render_template("decisions/new.html", award=award, form=form, candidates=candidates, draft=draft,
                           error=error), status


def _decision_or_404(decision_id: int) -> AwardDecision:
    decision = db.session.get(AwardDecision, decision_id)
    if decision is None or not access.can_read_decision(current_user, decision):
        abort(404)
    return decision


def _visible_honourees(decision: AwardDecision) -> list[Dossier]:
    """The decision's honourees this user may see: all of them for the province, a unit its own."""
    return list(db.session.scalars(
        select(Dossier).where(Dossier.decision_id == decision.id, access.dossier_scope(current_user))
        .options(joinedload(Dossier.unit)).order_by(Dossier.nominee_kind, Dossier.nominee_name)
    ))


@bp.route("/<id:decision_id>")
@login_required
def show(decision_id: int):
    decision = _decision_or_404(decision_id)
    return render_template("decisions/show.html", decision=decision, honourees=_visible_honourees(decision))


@bp.route("/<id:decision_id>/download")
@login_required
def download(decision_id: int):
    """The issued document for the province; for a unit, an extract listing only its own honourees
    (the whole annex would hand it every other honouree's name and bonus). DOCX, or PDF with ?format=pdf."""
    decision = _decision_or_404(decision_id)
    name = f"{'QD' if decision.kind.value == 'decision' else 'TTr'}-{decision.number}-{decision.year}"
    if access.can_read_whole_decision(current_user, decision):
        content = db.session.scalar(select(AwardDecision.docx).where(AwardDecision.id == decision.id))
        if not content:
            abort(404)
    else:
        content = operations.render_extract(decision, {d.id for d in _visible_honourees(decision)})
        name += "-trich"
    return send_document(content, name)
