"""A member's score sheet: self-scores with notes and evidence, live totals, submission, the lead's adjustments."""
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import access, filestore
from app.extensions import db
from app.models import ItemKind, ScoreEntry
from app.nominations import storage
from app.scoring import bp
from app.scoring import operations as ops
from app.scoring.ranking import capped_bonus
from app.scoring.views import round_or_404
from app.web import is_htmx


def sheet_or_404(scoring_id: int, sheet_id: int):
    """Members see their own sheet (all sheets once locked); the lead, deputy and province roles see all."""
    scoring = round_or_404(scoring_id)
    sheet = next((s for s in scoring.sheets if s.id == sheet_id), None)
    if sheet is None or not access.can_open_sheet(current_user, sheet):
        abort(404)
    return scoring, sheet


def totals(scoring, values: dict[int, Decimal | None]) -> dict:
    """Criteria, bonus, penalty and total from item id → score (capped at each maximum, the bonus sum at
    the round's cap as the ranking counts it; ``bonus_earned`` is the sum before the cap)."""
    sums = {ItemKind.CRITERION: Decimal(0), ItemKind.BONUS: Decimal(0), ItemKind.PENALTY: Decimal(0)}
    for item in scoring.items:
        value = values.get(item.id)
        if value is not None:
            sums[item.kind] += min(value, item.max_score)
    bonus = capped_bonus(sums[ItemKind.BONUS], scoring.bonus_cap)
    return {"criteria": sums[ItemKind.CRITERION], "bonus": bonus, "penalty": sums[ItemKind.PENALTY],
            "bonus_earned": sums[ItemKind.BONUS], "bonus_capped": sums[ItemKind.BONUS] > bonus,
            "bonus_cap": scoring.bonus_cap, "total": sums[ItemKind.CRITERION] + bonus - sums[ItemKind.PENALTY]}


def _render(scoring, sheet, errors=None, status=200):
    entries = {e.item_id: e for e in sheet.entries}
    return render_template(
        "scoring/sheet.html", scoring=scoring, sheet=sheet, entries=entries, errors=errors or {},
        sums=totals(scoring, {i: e.final_score for i, e in entries.items()}),
        self_sums=totals(scoring, {i: e.self_score for i, e in entries.items()}),
        form_values=request.form if request.method == "POST" else None,
    ), status


@bp.route("/<id:scoring_id>/sheets/<id:sheet_id>", methods=["GET", "POST"])
@login_required
def sheet(scoring_id: int, sheet_id: int):
    scoring, sheet = sheet_or_404(scoring_id, sheet_id)
    if request.method == "GET":
        return _render(scoring, sheet)
    values = {item.id: (request.form.get(f"score-{item.id}", ""), request.form.get(f"note-{item.id}", ""))
              for item in scoring.items}
    try:
        errors = ops.save_self_scores(current_user, sheet, values)
    except ops.ScoringError as error:
        db.session.rollback()
        if error.status == 403:
            abort(403)
        flash(error.message, "danger")
        return redirect(url_for(".sheet", scoring_id=scoring.id, sheet_id=sheet.id), code=303)
    if errors:
        db.session.rollback()
        flash(_("Nothing was saved: correct the marked scores."), "danger")
        return _render(scoring, sheet, errors, 422)
    db.session.commit()
    flash(_("Scores saved as a draft."), "success")
    return redirect(url_for(".sheet", scoring_id=scoring.id, sheet_id=sheet.id), code=303)


@bp.route("/<id:scoring_id>/sheets/<id:sheet_id>/total", methods=["POST"])
@login_required
def live_total(scoring_id: int, sheet_id: int):
    """htmx: totals as the member types; a value out of range is named, nothing is saved."""
    scoring, sheet = sheet_or_404(scoring_id, sheet_id)
    values, errors = {}, {}
    for item in scoring.items:
        try:
            values[item.id] = ops.parse_score(request.form.get(f"score-{item.id}", ""), item, scoring.decimals)
        except ops.ScoringError as error:
            errors[item.id] = error.message
    return render_template("scoring/_totals.html", sums=totals(scoring, values), errors=errors,
                           items={i.id: i for i in scoring.items})


def _apply_to_sheet(scoring, sheet, change, success: str):
    """Run one sheet-level operation: commit and confirm, or roll back and say why; back to the sheet."""
    try:
        change()
    except ops.ScoringError as error:
        db.session.rollback()
        if error.status == 403:
            abort(403)
        flash(error.message, "danger")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(url_for(".sheet", scoring_id=scoring.id, sheet_id=sheet.id), code=303)


@bp.route("/<id:scoring_id>/sheets/<id:sheet_id>/submit", methods=["POST"])
@login_required
def submit(scoring_id: int, sheet_id: int):
    scoring, sheet = sheet_or_404(scoring_id, sheet_id)
    return _apply_to_sheet(scoring, sheet, lambda: ops.submit_sheet(current_user, sheet),
                           _("Sheet submitted to the cluster lead."))


@bp.route("/<id:scoring_id>/sheets/<id:sheet_id>/reopen", methods=["POST"])
@login_required
def reopen(scoring_id: int, sheet_id: int):
    scoring, sheet = sheet_or_404(scoring_id, sheet_id)
    reason = request.form.get("reason", "")
    return _apply_to_sheet(scoring, sheet, lambda: ops.reopen_sheet(current_user, sheet, reason),
                           _("Sheet reopened for the unit."))


@bp.route("/<id:scoring_id>/sheets/<id:sheet_id>/items/<id:item_id>/adjust", methods=["POST"])
@login_required
def adjust(scoring_id: int, sheet_id: int, item_id: int):
    scoring, sheet = sheet_or_404(scoring_id, sheet_id)
    if not any(i.id == item_id for i in scoring.items):
        abort(404)
    entry = next((e for e in sheet.entries if e.item_id == item_id), None)
    if entry is None:
        entry = ScoreEntry(sheet=sheet, item_id=item_id)
        db.session.add(entry)
        db.session.flush()
    error_message = None
    try:
        ops.adjust(current_user, entry, request.form.get(f"adjusted-{item_id}", ""),
                   request.form.get(f"reason-{item_id}", ""))
    except ops.ScoringError as error:
        db.session.rollback()
        if error.status == 403:
            abort(403)
        error_message = error.message
    else:
        db.session.commit()
    if is_htmx():
        scoring, sheet = sheet_or_404(scoring_id, sheet_id)
        entry = next((e for e in sheet.entries if e.item_id == item_id), None)
        item = next(i for i in scoring.items if i.id == item_id)
        return render_template("scoring/_adjust_cell.html", scoring=scoring, sheet=sheet, item=item, entry=entry,
                               error=error_message), 422 if error_message else 200
    flash(error_message or _("Adjustment saved."), "danger" if error_message else "success")
    return redirect(url_for(".sheet", scoring_id=scoring.id, sheet_id=sheet.id), code=303)


@bp.route("/<id:scoring_id>/sheets/<id:sheet_id>/items/<id:item_id>/evidence", methods=["POST"])
@login_required
def upload_evidence(scoring_id: int, sheet_id: int, item_id: int):
    scoring, sheet = sheet_or_404(scoring_id, sheet_id)
    if not access.can_score_sheet(current_user, sheet) or not any(i.id == item_id for i in scoring.items):
        abort(403)
    upload = request.files.get("evidence")
    if upload is None or not upload.filename:
        flash(_("Choose a file."), "danger")
        return redirect(url_for(".sheet", scoring_id=scoring.id, sheet_id=sheet.id), code=303)
    try:
        stored = storage.save_upload(upload.stream, upload.filename)
    except storage.UploadRejected as error:
        flash(str(error), "danger")
        return redirect(url_for(".sheet", scoring_id=scoring.id, sheet_id=sheet.id), code=303)
    entry = next((e for e in sheet.entries if e.item_id == item_id), None)
    if entry is None:
        entry = ScoreEntry(sheet=sheet, item_id=item_id)
        db.session.add(entry)
    old = entry.evidence_stored
    entry.evidence_name, entry.evidence_stored = upload.filename[:255], stored.stored_name
    db.session.commit()
    if old:
        storage.delete_file(old)
        db.session.commit()  # in database storage the old file's rows go in a transaction of their own
    flash(_("Evidence attached."), "success")
    return redirect(url_for(".sheet", scoring_id=scoring.id, sheet_id=sheet.id) + f"#item-{item_id}", code=303)


@bp.route("/<id:scoring_id>/sheets/<id:sheet_id>/items/<id:item_id>/evidence")
@login_required
def download_evidence(scoring_id: int, sheet_id: int, item_id: int):
    scoring, sheet = sheet_or_404(scoring_id, sheet_id)
    entry = next((e for e in sheet.entries if e.item_id == item_id and e.evidence_stored), None)
    if entry is None:
        abort(404)
    return filestore.send(entry.evidence_stored, mimetype=None, download_name=entry.evidence_name)
