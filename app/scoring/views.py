"""Scoring rounds: the list, creating a round, building the criteria table, opening, votes, lock, proposals."""
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app import access
from app.extensions import db
from app.models import Campaign, ClusterScoring, ItemKind, ScoringStatus, TieBreak
from app.numbers import to_id, whole_number
from app.scoring import bp, proposals, spreadsheet
from app.scoring import operations as ops
from app.scoring.forms import (
    GroupForm,
    ImportForm,
    ItemForm,
    OpenForm,
    ProposeForm,
    ReasonForm,
    RoundForm,
    SettingsForm,
)
from app.spreadsheets import DEFAULT_LIMITS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def round_or_404(scoring_id: int) -> ClusterScoring:
    scoring = db.session.scalar(access.visible_rounds(current_user).where(ClusterScoring.id == scoring_id))
    if scoring is None:
        abort(404)
    return scoring


def manager_round_or_404(scoring_id: int) -> ClusterScoring:
    scoring = round_or_404(scoring_id)
    if not access.can_manage_round(current_user, scoring):
        abort(403)
    return scoring


def refused(error: ops.ScoringError, scoring_id: int, anchor: str = ""):
    db.session.rollback()
    if error.status == 403:
        abort(403)
    flash(error.message, "danger")
    return redirect(url_for(".round_page", scoring_id=scoring_id) + anchor, code=303)


def done(message: str, scoring_id: int, anchor: str = ""):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".round_page", scoring_id=scoring_id) + anchor, code=303)


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    rounds = db.session.scalars(access.visible_rounds(current_user).order_by(ClusterScoring.year.desc())).all()
    form = RoundForm()
    clusters = access.clusters_to_score(current_user) if access.can_create_round(current_user) else []
    form.cluster_id.choices = [(c.id, c.name) for c in clusters]
    if clusters and form.validate_on_submit():
        try:
            scoring = ops.create_round(current_user, form.cluster_id.data, form.year.data)
        except ops.ScoringError as error:
            db.session.rollback()
            form.year.errors.append(error.message)
        else:
            return done(_("Scoring round created. Build its criteria table."), scoring.id)
    status = 422 if request.method == "POST" else 200
    return render_template("scoring/index.html", rounds=rounds, form=form, clusters=clusters), status


@bp.route("/<id:scoring_id>")
@login_required
def round_page(scoring_id: int):
    from app.scoring.meeting import meeting_of, minutes_refusal  # it imports this module's helpers

    scoring = round_or_404(scoring_id)
    manager = access.can_manage_round(current_user, scoring)
    sheet = access.own_score_sheet(current_user, scoring)
    if not manager and sheet is not None and scoring.status is not ScoringStatus.LOCKED:
        return redirect(url_for("scoring.sheet", scoring_id=scoring.id, sheet_id=sheet.id))
    settings = SettingsForm(obj=scoring)
    settings.tie_break.data = scoring.tie_break.value
    item_form = ItemForm()
    item_form.group_id.choices = [("", "—")] + [(g.id, g.name) for g in scoring.groups]
    # Only the rounds this user may open: another cluster's criteria are not this lead's to copy.
    other_rounds = db.session.scalars(access.visible_rounds(current_user).where(ClusterScoring.id != scoring.id)
                                      .order_by(ClusterScoring.year.desc())).all() if manager else []
    campaigns = db.session.scalars(select(Campaign).where(Campaign.year == scoring.year)).all()
    propose_form = ProposeForm()
    propose_form.campaign_id.choices = [(c.id, c.name) for c in campaigns]
    return render_template(
        "scoring/round.html", scoring=scoring, own_sheet=sheet, settings=settings,
        group_form=GroupForm(), item_form=item_form, open_form=OpenForm(), import_form=ImportForm(),
        reason_form=ReasonForm(), propose_form=propose_form, other_rounds=other_rounds,
        criteria_total=sum(i.max_score for i in scoring.items if i.kind is ItemKind.CRITERION),
        names=proposals.unit_names(scoring),
        lock_refusal=ops.lock_refusal(scoring) if access.can_run_round(current_user, scoring) else None,
        meeting=meeting_of(scoring), minutes_refusal=minutes_refusal(scoring),
    )


def _form_errors(form) -> str:
    return "; ".join(f"{getattr(form, name).label.text}: {' '.join(map(str, errs))}"
                     for name, errs in form.errors.items())


@bp.route("/<id:scoring_id>/settings", methods=["POST"])
@login_required
def settings(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    form = SettingsForm()
    if not form.validate_on_submit():
        return refused(ops.ScoringError(_("Check the settings: %(errors)s", errors=_form_errors(form))), scoring.id)
    try:
        ops.update_settings(current_user, scoring, decimals=form.decimals.data, flag_quota=form.flag_quota.data,
                            merit_quota=form.merit_quota.data, tie_break=TieBreak(form.tie_break.data),
                            bonus_cap=form.bonus_cap.data)
    except ops.ScoringError as error:
        return refused(error, scoring.id)
    return done(_("Settings saved."), scoring.id)


@bp.route("/<id:scoring_id>/groups", methods=["POST"])
@login_required
def add_group(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    form = GroupForm()
    try:
        if not form.validate_on_submit():
            raise ops.ScoringError(_("Give the group a name."))
        ops.add_group(current_user, scoring, form.name.data)
    except ops.ScoringError as error:
        return refused(error, scoring.id, "#criteria")
    return done(_("Group added."), scoring.id, "#criteria")


@bp.route("/<id:scoring_id>/items", methods=["POST"])
@login_required
def add_item(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    form = ItemForm()
    form.group_id.choices = [("", "—")] + [(g.id, g.name) for g in scoring.groups]
    try:
        if not form.validate_on_submit():
            raise ops.ScoringError(_("The item was not added: %(errors)s", errors=_form_errors(form)))
        ops.add_item(current_user, scoring, kind=ItemKind(form.kind.data), group_id=form.group_id.data,
                     code=form.code.data, name=form.name.data, guidance=form.guidance.data or "",
                     max_score=form.max_score.data, excludes_from_ranking=form.excludes_from_ranking.data)
    except ops.ScoringError as error:
        if error.field:
            error.message = _("The item was not added: %(errors)s",
                              errors=f"{form[error.field].label.text}: {error.message}")
        return refused(error, scoring.id, "#criteria")
    return done(_("Item added."), scoring.id, "#criteria")


@bp.route("/<id:scoring_id>/items/<id:item_id>/delete", methods=["POST"])
@login_required
def delete_item(scoring_id: int, item_id: int):
    scoring = manager_round_or_404(scoring_id)
    item = next((i for i in scoring.items if i.id == item_id), None) or abort(404)
    try:
        ops.remove_item(current_user, scoring, item)
    except ops.ScoringError as error:
        return refused(error, scoring.id, "#criteria")
    return done(_("Item removed."), scoring.id, "#criteria")


@bp.route("/<id:scoring_id>/groups/<id:group_id>/delete", methods=["POST"])
@login_required
def delete_group(scoring_id: int, group_id: int):
    scoring = manager_round_or_404(scoring_id)
    group = next((g for g in scoring.groups if g.id == group_id), None) or abort(404)
    try:
        ops.remove_group(current_user, scoring, group)
    except ops.ScoringError as error:
        return refused(error, scoring.id, "#criteria")
    return done(_("Group removed."), scoring.id, "#criteria")


@bp.route("/<id:scoring_id>/copy", methods=["POST"])
@login_required
def copy(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    source = round_or_404(request.form.get("source_id", type=to_id) or 0)  # one the user may open, as the picker
    try:
        ops.copy_table(current_user, source, scoring)
    except ops.ScoringError as error:
        return refused(error, scoring.id)
    return done(_("Criteria copied."), scoring.id, "#criteria")


@bp.route("/<id:scoring_id>/criteria.xlsx")
@login_required
def export_criteria(scoring_id: int):
    scoring = round_or_404(scoring_id)
    return send_file(BytesIO(spreadsheet.export_criteria(scoring)), mimetype=XLSX, as_attachment=True,
                     download_name=f"tieu-chi-{scoring.year}.xlsx")


@bp.route("/<id:scoring_id>/criteria/import", methods=["POST"])
@login_required
def import_criteria(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    form = ImportForm()
    try:
        if scoring.status is not ScoringStatus.PREPARING:
            raise ops.ScoringError(_("The criteria table can only change before scoring opens."), 409)
        if not form.validate_on_submit():
            raise ops.ScoringError(_("Choose an .xlsx file."))
        if scoring.items:
            raise ops.ScoringError(_("The criteria table is not empty; remove its items first."), 409)
        try:
            # One byte past the limit is enough to tell a file too large (and say so) from one that fits.
            parsed = spreadsheet.parse_criteria(form.file.data.read(DEFAULT_LIMITS.max_file_bytes + 1))
        except spreadsheet.ImportErrors as errors:
            return render_template("scoring/import_errors.html", scoring=scoring, errors=errors.errors), 422
        count = ops.import_criteria(current_user, scoring, parsed)
    except ops.ScoringError as error:
        return refused(error, scoring.id, "#criteria")
    return done(_("%(n)s items imported.", n=count), scoring.id, "#criteria")


@bp.route("/<id:scoring_id>/open", methods=["POST"])
@login_required
def open_round(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    form = OpenForm()
    if not form.validate_on_submit():
        flash(_("Enter a valid deadline."), "danger")
        return redirect(url_for(".round_page", scoring_id=scoring.id), code=303)
    try:
        ops.open_round(current_user, scoring, form.deadline.data)
    except ops.ScoringError as error:
        return refused(error, scoring.id)
    return done(_("Scoring is open: members can now score themselves."), scoring.id)


@bp.route("/<id:scoring_id>/votes", methods=["POST"])
@login_required
def votes(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    counts: dict[int, tuple[int, int, int]] = {}
    try:
        for sheet in scoring.sheets:
            raw = [request.form.get(f"{k}-{sheet.unit_id}", "").strip() for k in ("for", "against", "abstain")]
            if all(r == "" for r in raw):
                continue
            try:
                votes_for, against, abstain = (whole_number(r, 0, 9999) for r in raw)
            except ValueError:
                raise ops.ScoringError(_("Vote counts are whole numbers from 0; enter all three per unit.")) from None
            counts[sheet.unit_id] = (votes_for, against, abstain)
        ops.record_votes(current_user, scoring, counts)
    except ops.ScoringError as error:
        return refused(error, scoring.id)
    return done(_("Acclamation votes recorded."), scoring.id, "#votes")


@bp.route("/<id:scoring_id>/lock", methods=["POST"])
@login_required
def lock(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    try:
        ops.lock(current_user, scoring)
    except ops.ScoringError as error:
        return refused(error, scoring.id)
    return done(_("Scoring locked and results published to the members."), scoring.id)


@bp.route("/<id:scoring_id>/unlock", methods=["POST"])
@login_required
def unlock(scoring_id: int):
    scoring = round_or_404(scoring_id)
    if not access.can_unlock_round(current_user, scoring):  # before the form: a missing reason is not what stops them
        abort(403)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for unlocking."), "danger")
        return redirect(url_for(".round_page", scoring_id=scoring.id), code=303)
    try:
        ops.unlock(current_user, scoring, form.reason.data)
    except ops.ScoringError as error:
        return refused(error, scoring.id)
    return done(_("Scoring unlocked."), scoring.id)


@bp.route("/<id:scoring_id>/propose", methods=["POST"])
@login_required
def propose(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    form = ProposeForm()
    form.campaign_id.choices = [(c.id, c.name) for c in db.session.scalars(
        select(Campaign).where(Campaign.year == scoring.year))]
    if not form.validate_on_submit():
        flash(_("Choose a campaign of %(year)s.", year=scoring.year), "danger")
        return redirect(url_for(".round_page", scoring_id=scoring.id), code=303)
    try:
        dossiers = proposals.propose(current_user, scoring, db.get_or_404(Campaign, form.campaign_id.data))
    except ops.ScoringError as error:
        return refused(error, scoring.id)
    return done(_("Proposals ready: %(list)s. Each unit's officer completes and submits its dossier.",
                  list=", ".join(f"{d.nominee_name} ({d.award.name})" for d in dossiers)), scoring.id)
