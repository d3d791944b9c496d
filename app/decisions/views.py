"""Decision screens: the register, drafting from approved dossiers, the decision's page with its life (send
with the Tờ trình, record the signature, issue; corrections and cancellations), and the documents.

Every step checks ``access.can_act_on_decision`` (the page shows the same buttons) and refuses with the
reason, answering 422 with nothing changed; the operations are in life.py and amendments.py.
"""
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app import access
from app.decisions import amendments, bp, life, operations, proposal_snv, register, unit_views
from app.decisions.forms import AmendmentForm, DraftForm, ReturnForm, SignatureForm
from app.decisions.signed_copy import SignedCopyRejected, read_signed_pdf
from app.downloads import PDF_MIME, send_document
from app.extensions import db
from app.models import (
    Award,
    AwardDecision,
    AwardLevel,
    DecisionItem,
    DecisionKind,
    DecisionStatus,
    Dossier,
    Signer,
    State,
)
from app.web import reads_only


def _attempt(run):
    """Run an operation of life.py or amendments.py and commit: (its result, None), or (None, the refusal's
    message) with everything rolled back."""
    try:
        result = run()
        db.session.commit()
    except operations.DecisionRefused as refused:
        db.session.rollback()
        return None, str(refused)
    return result, None


@bp.route("/")
@login_required
@reads_only
def index():
    if not access.can_view_decision_register(current_user):
        abort(403)
    decisions = db.session.scalars(register.decisions_query()).all()
    in_progress = db.session.scalars(
        select(AwardDecision)
        .where(AwardDecision.status != DecisionStatus.ISSUED, AwardDecision.issuer_unit_id.is_(None))
        .options(joinedload(AwardDecision.award)).order_by(AwardDecision.id.desc())).all()
    waiting = db.session.execute(
        select(Award, func.count(Dossier.id)).join(Dossier, Dossier.award_id == Award.id)
        .where(Dossier.state == State.APPROVED, Dossier.id.not_in(life.open_dossier_ids()),
               Award.level != AwardLevel.UNIT)
        .group_by(Award.id).order_by(Award.sort_order)
    ).all()
    return render_template("decisions/index.html", decisions=decisions, waiting=waiting, in_progress=in_progress)


@bp.route("/export.xlsx")
@login_required
def export_xlsx():
    """The register as XLSX, for the same people as the page."""
    if not access.can_view_decision_register(current_user):
        abort(403)
    return register.response()


def _candidates(award: Award, decision: AwardDecision | None = None) -> list[Dossier]:
    """Approved dossiers of the award not in another open decision (those of ``decision`` included)."""
    others = life.open_dossier_ids()
    if decision is not None:
        others = others.where(AwardDecision.id != decision.id)
    return list(db.session.scalars(
        select(Dossier).where(Dossier.award_id == award.id, Dossier.state == State.APPROVED,
                              Dossier.submitted_at.is_not(None), Dossier.id.not_in(others))
        .options(joinedload(Dossier.unit), joinedload(Dossier.nominee_unit), joinedload(Dossier.campaign))
        .order_by(Dossier.nominee_kind, Dossier.nominee_name)
    ))


def _signers(form) -> list[Signer]:
    signers = list(db.session.scalars(select(Signer).where(Signer.active).order_by(Signer.mode, Signer.name)))
    form.signer_id.choices = [(s.id, f"{s.name} ({s.mode.label})") for s in signers]
    return signers


@bp.route("/new/<id:award_id>", methods=["GET", "POST"])
@login_required
def new(award_id: int):
    """Draft a decision (dự thảo) from approved dossiers: no number, no date; nobody is awarded yet."""
    if not access.can_draft_decisions(current_user):
        abort(403)
    award = db.session.get(Award, award_id) or abort(404)
    if award.level is AwardLevel.UNIT:
        abort(404)  # the unit's head decides it (/decisions/unit/): its dossiers are the unit's own
    candidates = _candidates(award)
    form = DraftForm()
    signers = _signers(form)
    form.dossier_ids.choices = [(d.id, d.nominee_name) for d in candidates]
    if request.method == "GET":
        form.dossier_ids.data = [d.id for d in candidates]
        return render_template("decisions/new.html", award=award, form=form, candidates=candidates, decision=None)
    error = None
    if form.validate_on_submit():
        chosen = [d for d in candidates if d.id in set(form.dossier_ids.data)]
        signer = next(s for s in signers if s.id == form.signer_id.data)
        decision, error = _attempt(lambda: life.create_draft(current_user, award, chosen, signer,
                                                             form.proposal_reference.data or ""))
        if decision is not None:
            flash(_("Draft saved: %(n)s honourees. Download it with the Tờ trình, then send it for signature.",
                    n=len(chosen)), "success")
            return redirect(url_for(".show", decision_id=decision.id), code=303)
    return render_template("decisions/new.html", award=award, form=form, candidates=candidates, decision=None,
                           error=error), 422


def _decision_or_404(decision_id: int) -> AwardDecision:
    decision = db.session.get(AwardDecision, decision_id)
    if decision is None or not access.can_read_decision(current_user, decision):
        abort(404)
    return decision


def _acting(decision_id: int, action: str) -> AwardDecision:
    decision = _decision_or_404(decision_id)
    if not access.can_act_on_decision(current_user, decision, action):
        abort(403)
    return decision


@bp.route("/<id:decision_id>/edit", methods=["GET", "POST"])
@login_required
def edit(decision_id: int):
    """Change a draft's honourees, signer or proposal reference."""
    decision = _acting(decision_id, "edit")
    if decision.kind not in life.AWARDING:  # its honourees and changes are redrafted: delete it, draft again
        abort(404)
    candidates = _candidates(decision.award, decision)
    form = DraftForm()
    signers = _signers(form)
    form.dossier_ids.choices = [(d.id, d.nominee_name) for d in candidates]
    if request.method == "GET":
        form.dossier_ids.data = [item.dossier_id for item in decision.items]
        form.signer_id.data = decision.signer_id
        form.proposal_reference.data = decision.proposal_reference
        return render_template("decisions/new.html", award=decision.award, form=form, candidates=candidates,
                               decision=decision)
    error = None
    if form.validate_on_submit():
        chosen = [d for d in candidates if d.id in set(form.dossier_ids.data)]
        signer = next(s for s in signers if s.id == form.signer_id.data)
        _done, error = _attempt(lambda: life.edit_draft(current_user, decision, chosen, signer,
                                                    form.proposal_reference.data or ""))
        if error is None:
            flash(_("Draft saved."), "success")
            return redirect(url_for(".show", decision_id=decision.id), code=303)
    return render_template("decisions/new.html", award=decision.award, form=form, candidates=candidates,
                           decision=decision, error=error), 422


def _visible_items(decision: AwardDecision) -> list[DecisionItem]:
    """The decision's honourees this user may see: all of them for the province, a unit its own."""
    return list(db.session.scalars(
        select(DecisionItem).join(Dossier, Dossier.id == DecisionItem.dossier_id)
        .where(DecisionItem.decision_id == decision.id, access.dossier_scope(current_user))
        .options(joinedload(DecisionItem.dossier).joinedload(Dossier.unit))
        .order_by(Dossier.nominee_kind, Dossier.nominee_name)
    ))


def _show(decision: AwardDecision, error: str | None = None, signature_form: SignatureForm | None = None,
          return_form: ReturnForm | None = None):
    amendments_of = db.session.scalars(select(AwardDecision).where(AwardDecision.original_id == decision.id)
                                       .order_by(AwardDecision.id)).all()
    page = render_template(
        "decisions/show.html", decision=decision, items=_visible_items(decision), error=error,
        signature_form=signature_form or SignatureForm(), return_form=return_form or ReturnForm(),
        app_numbering=life.app_numbering(), has_signed_copy=life.has_signed_copy(decision),
        amendments=amendments_of, event_labels=life.EVENT_LABELS)
    return (page, 422) if error else page


@bp.route("/<id:decision_id>")
@login_required
def show(decision_id: int):
    decision = _decision_or_404(decision_id)
    if decision.is_unit_decision:
        return unit_views.show_unit_decision(decision)
    return _show(decision)


def _step(decision: AwardDecision, run, done: str):
    _done, error = _attempt(run)
    if error is not None:
        again = db.session.get(AwardDecision, decision.id) or abort(404)
        return unit_views.show_unit_decision(again, error=error) if again.is_unit_decision \
            else _show(again, error=error)
    flash(done, "success")
    return redirect(url_for(".show", decision_id=decision.id), code=303)


@bp.route("/<id:decision_id>/send", methods=["POST"])
@login_required
def send(decision_id: int):
    decision = _acting(decision_id, "send")
    return _step(decision, lambda: life.send(current_user, decision),
                 _("The draft was sent for signature with the Tờ trình."))


@bp.route("/<id:decision_id>/return", methods=["POST"])
@login_required
def return_to_draft(decision_id: int):
    decision = _acting(decision_id, "return")
    form = ReturnForm()
    if not form.validate_on_submit():
        if decision.is_unit_decision:
            return unit_views.show_unit_decision(decision, error=_("Say why the draft comes back."), return_form=form)
        return _show(decision, error=_("Say why the draft comes back."), return_form=form)
    return _step(decision, lambda: life.return_to_draft(current_user, decision, form.reason.data),
                 _("The draft is back for changes."))


@bp.route("/<id:decision_id>/discard", methods=["POST"])
@login_required
def discard(decision_id: int):
    decision = _acting(decision_id, "discard")
    back = url_for(".unit_index") if decision.is_unit_decision else url_for(".index")
    life.discard_draft(current_user, decision)
    db.session.commit()
    flash(_("The draft was deleted."), "success")
    return redirect(back, code=303)


@bp.route("/<id:decision_id>/sign", methods=["POST"])
@login_required
def sign(decision_id: int):
    """Record the number and date the clerk gave, with the signed copy (PDF)."""
    decision = _acting(decision_id, "sign")
    form = SignatureForm()
    if not form.validate_on_submit():
        messages = [str(m) for errors in form.errors.values() for m in errors]
        return _show(decision, error=" ".join(messages), signature_form=form)
    upload = form.signed_copy.data
    try:
        content, details = read_signed_pdf(upload.stream, upload.filename or "")
    except SignedCopyRejected as rejected:
        return _show(decision, error=str(rejected), signature_form=form)
    finally:
        upload.close()  # a large upload is a temporary file: closed now, not whenever it is collected
    return _step(decision, lambda: life.record_signature(current_user, decision, form.signed_on.data,
                                                         form.number.data, content, upload.filename or "", details),
                 _("Number and date recorded with the signed copy. Check them, then issue the decision."))


@bp.route("/<id:decision_id>/issue", methods=["POST"])
@login_required
def issue(decision_id: int):
    decision = _acting(decision_id, "issue")
    return _step(decision, lambda: life.issue(current_user, decision),
                 _("Decision %(ref)s issued.", ref=decision.reference))


@bp.route("/<id:original_id>/amend/<any(correction,cancellation):kind>", methods=["GET", "POST"])
@login_required
def amend(original_id: int, kind: str):
    """Draft a correction or a cancellation of an issued decision (a new decision naming it)."""
    original = _acting(original_id, "correct" if kind == "correction" else "cancel")
    amendment_kind = DecisionKind(kind)
    items = list(original.items)
    form = AmendmentForm()
    signers = _signers(form)
    form.dossier_ids.choices = [(i.dossier_id, i.dossier.nominee_name) for i in items]
    error = None
    if request.method == "POST" and form.validate_on_submit():
        chosen = [i for i in items if i.dossier_id in set(form.dossier_ids.data)]
        changes = {i.dossier_id: (request.form.get(f"name-{i.dossier_id}", ""),
                                  request.form.get(f"position-{i.dossier_id}", "")) for i in chosen}
        signer = next(s for s in signers if s.id == form.signer_id.data)
        decision, error = _attempt(lambda: amendments.create(
            current_user, original, amendment_kind, chosen, changes, signer, form.proposal_reference.data or "",
            form.reason.data))
        if decision is not None:
            flash(_("Draft saved."), "success")
            return redirect(url_for(".show", decision_id=decision.id), code=303)
    page = render_template("decisions/amend.html", original=original, kind=amendment_kind, form=form, items=items,
                           error=error)
    return (page, 422) if request.method == "POST" else page


@bp.route("/<id:decision_id>/download")
@login_required
def download(decision_id: int):
    """The generated document for the province (the draft with its blanks until numbered); for a unit, an
    extract listing only its own honourees (the whole annex would hand it every other honouree's name and
    bonus). DOCX, or PDF with ?format=pdf."""
    decision = _decision_or_404(decision_id)
    kind = "TTr" if decision.kind is DecisionKind.PROPOSAL else "QD"
    if access.can_read_whole_decision(current_user, decision):
        if decision.is_issued and decision.kind in life.AWARDING:
            content = db.session.scalar(select(AwardDecision.docx).where(AwardDecision.id == decision.id))
        else:
            content = amendments.render(decision) if decision.kind not in life.AWARDING \
                else operations.render_current(decision)
        if not content:
            abort(404)
        name = f"{kind}-{decision.number}-{decision.year}" if decision.number else f"{kind}-du-thao-{decision.id}"
    else:
        content = operations.render_extract(decision, {i.dossier_id for i in _visible_items(decision)})
        name = f"{kind}-{decision.number}-{decision.year}-trich"
    return send_document(content, name)


@bp.route("/<id:decision_id>/signed.pdf")
@login_required
def signed_copy(decision_id: int):
    """The signed copy as the clerk released it: the whole decision, hence for the province only."""
    decision = _decision_or_404(decision_id)
    if not access.can_read_whole_decision(current_user, decision):
        abort(404)
    content = db.session.scalar(select(AwardDecision.signed_pdf).where(AwardDecision.id == decision.id))
    if not content:
        abort(404)
    return send_file(BytesIO(content), mimetype=PDF_MIME, as_attachment=True,
                     download_name=f"QD-{decision.number}-{decision.year}-ban-ky.pdf")


@bp.route("/<id:decision_id>/proposal-snv")
@login_required
def proposal(decision_id: int):
    """The Sở Nội vụ's Tờ trình (TTr-SNV) that proposes the decision, DOCX or PDF."""
    decision = _decision_or_404(decision_id)
    if (not access.can_read_whole_decision(current_user, decision) or decision.kind is not DecisionKind.DECISION
            or decision.is_unit_decision):  # a unit's decision goes up without Home Affairs
        abort(404)
    return send_document(proposal_snv.render_for(decision), f"TTr-SNV-{decision.id}")
