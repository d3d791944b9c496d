"""Scoring rounds: the list, creating a round, building the criteria table, opening, votes, lock, proposals."""
from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from io import BytesIO
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    Campaign, Cluster, ClusterLeadership, ClusterScoring, ItemKind, Role, ScoreSheet, ScoringGroup, ScoringItem,
    ScoringStatus, TieBreak,
)
from app.scoring import bp, operations as ops, proposals, spreadsheet
from app.scoring.forms import (
    GroupForm, ImportForm, ItemForm, OpenForm, ProposeForm, ReasonForm, RoundForm, SettingsForm,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def led_cluster_ids(user) -> set[int]:
    if user.role is not Role.CLUSTER_LEAD or user.unit_id is None:
        return set()
    return set(db.session.scalars(select(ClusterLeadership.cluster_id).where(
        or_(ClusterLeadership.lead_unit_id == user.unit_id, ClusterLeadership.deputy_unit_id == user.unit_id))))


def visible_rounds(user):
    query = select(ClusterScoring).options(selectinload(ClusterScoring.cluster))
    if user.role in (Role.ADMIN, Role.APPRAISER, Role.SECRETARY):
        return query
    member = select(ScoreSheet.scoring_id).where(ScoreSheet.unit_id == (user.unit_id or -1))
    conditions = [ClusterScoring.id.in_(member)]
    if user.role is Role.CLUSTER_LEAD and user.unit_id is not None:
        led = select(ClusterLeadership.cluster_id, ClusterLeadership.year).where(
            or_(ClusterLeadership.lead_unit_id == user.unit_id, ClusterLeadership.deputy_unit_id == user.unit_id))
        pairs = db.session.execute(led).all()
        conditions.extend((ClusterScoring.cluster_id == c) & (ClusterScoring.year == y) for c, y in pairs)
    return query.where(or_(*conditions))


def round_or_404(scoring_id: int) -> ClusterScoring:
    scoring = db.session.scalar(visible_rounds(current_user).where(ClusterScoring.id == scoring_id))
    if scoring is None:
        abort(404)
    return scoring


def manager_round_or_404(scoring_id: int) -> ClusterScoring:
    scoring = round_or_404(scoring_id)
    if not ops.can_manage(current_user, scoring):
        abort(403)
    return scoring


def refused(error: ops.ScoringError, scoring_id: int):
    db.session.rollback()
    if error.status == 403:
        abort(403)
    flash(error.message, "danger")
    return redirect(url_for(".round_page", scoring_id=scoring_id), code=303)


def done(message: str, scoring_id: int, anchor: str = ""):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".round_page", scoring_id=scoring_id) + anchor, code=303)


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    rounds = db.session.scalars(visible_rounds(current_user).order_by(ClusterScoring.year.desc())).all()
    form = RoundForm()
    clusters = db.session.scalars(select(Cluster).order_by(Cluster.name)).all()
    if current_user.role is not Role.ADMIN:
        led = led_cluster_ids(current_user)
        clusters = [c for c in clusters if c.id in led]
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
    return render_template("scoring/index.html", rounds=rounds, form=form, can_create=bool(clusters)), status


@bp.route("/<int:scoring_id>")
@login_required
def round_page(scoring_id: int):
    scoring = round_or_404(scoring_id)
    manager = ops.can_manage(current_user, scoring)
    sheet = ops.own_sheet(current_user, scoring)
    if not manager and sheet is not None and scoring.status is not ScoringStatus.LOCKED:
        return redirect(url_for("scoring.sheet", scoring_id=scoring.id, sheet_id=sheet.id))
    settings = SettingsForm(obj=scoring)
    settings.tie_break.data = scoring.tie_break.value
    item_form = ItemForm()
    item_form.group_id.choices = [("", "—")] + [(g.id, g.name) for g in scoring.groups]
    other_rounds = db.session.scalars(select(ClusterScoring).where(ClusterScoring.id != scoring.id)
                                      .order_by(ClusterScoring.year.desc())).all() if manager else []
    campaigns = db.session.scalars(select(Campaign).where(Campaign.year == scoring.year)).all()
    propose_form = ProposeForm()
    propose_form.campaign_id.choices = [(c.id, c.name) for c in campaigns]
    return render_template(
        "scoring/round.html", scoring=scoring, manager=manager, own_sheet=sheet, settings=settings,
        group_form=GroupForm(), item_form=item_form, open_form=OpenForm(), import_form=ImportForm(),
        reason_form=ReasonForm(), propose_form=propose_form, other_rounds=other_rounds,
        criteria_total=sum(i.max_score for i in scoring.items if i.kind is ItemKind.CRITERION),
        names=proposals.unit_names(scoring),
    )


def _preparing(scoring: ClusterScoring):
    if scoring.status is not ScoringStatus.PREPARING:
        flash(_("The criteria table can only change before scoring opens."), "danger")
        return redirect(url_for(".round_page", scoring_id=scoring.id), code=303)
    return None


@bp.route("/<int:scoring_id>/settings", methods=["POST"])
@login_required
def settings(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    if (blocked := _preparing(scoring)) is not None:
        return blocked
    form = SettingsForm()
    if not form.validate_on_submit():
        flash(_("Check the settings: %(errors)s", errors="; ".join(e for es in form.errors.values() for e in es)),
              "danger")
        return redirect(url_for(".round_page", scoring_id=scoring.id), code=303)
    scoring.decimals, scoring.flag_quota, scoring.merit_quota = form.decimals.data, form.flag_quota.data, form.merit_quota.data
    scoring.tie_break = TieBreak(form.tie_break.data)
    return done(_("Settings saved."), scoring.id)


@bp.route("/<int:scoring_id>/groups", methods=["POST"])
@login_required
def add_group(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    if (blocked := _preparing(scoring)) is not None:
        return blocked
    form = GroupForm()
    if not form.validate_on_submit():
        flash(_("Give the group a name."), "danger")
        return redirect(url_for(".round_page", scoring_id=scoring.id), code=303)
    db.session.add(ScoringGroup(scoring=scoring, name=form.name.data.strip(), sort_order=len(scoring.groups) + 1))
    return done(_("Group added."), scoring.id, "#criteria")


@bp.route("/<int:scoring_id>/items", methods=["POST"])
@login_required
def add_item(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    if (blocked := _preparing(scoring)) is not None:
        return blocked
    form = ItemForm()
    form.group_id.choices = [("", "—")] + [(g.id, g.name) for g in scoring.groups]
    valid = form.validate_on_submit()
    if valid and any(i.code == form.code.data.strip() for i in scoring.items):
        form.code.errors.append(_("This code is already used in the table."))
        valid = False
    if not valid:
        flash(_("The item was not added: %(errors)s", errors="; ".join(
            f"{getattr(form, name).label.text}: {' '.join(map(str, errs))}" for name, errs in form.errors.items())),
            "danger")
        return redirect(url_for(".round_page", scoring_id=scoring.id) + "#criteria", code=303)
    kind = ItemKind(form.kind.data)
    db.session.add(ScoringItem(
        scoring=scoring, kind=kind, group_id=form.group_id.data if kind is ItemKind.CRITERION else None,
        code=form.code.data.strip(), name=form.name.data.strip(), guidance=(form.guidance.data or "").strip(),
        max_score=form.max_score.data, excludes_from_ranking=form.excludes_from_ranking.data,
        sort_order=len(scoring.items) + 1))
    return done(_("Item added."), scoring.id, "#criteria")


@bp.route("/<int:scoring_id>/items/<int:item_id>/delete", methods=["POST"])
@login_required
def delete_item(scoring_id: int, item_id: int):
    scoring = manager_round_or_404(scoring_id)
    if (blocked := _preparing(scoring)) is not None:
        return blocked
    item = next((i for i in scoring.items if i.id == item_id), None) or abort(404)
    db.session.delete(item)
    return done(_("Item removed."), scoring.id, "#criteria")


@bp.route("/<int:scoring_id>/groups/<int:group_id>/delete", methods=["POST"])
@login_required
def delete_group(scoring_id: int, group_id: int):
    scoring = manager_round_or_404(scoring_id)
    if (blocked := _preparing(scoring)) is not None:
        return blocked
    group = next((g for g in scoring.groups if g.id == group_id), None) or abort(404)
    if any(i.group_id == group.id for i in scoring.items):
        flash(_("Remove the group's criteria first."), "danger")
        return redirect(url_for(".round_page", scoring_id=scoring.id) + "#criteria", code=303)
    db.session.delete(group)
    return done(_("Group removed."), scoring.id, "#criteria")


@bp.route("/<int:scoring_id>/copy", methods=["POST"])
@login_required
def copy(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    source = db.session.get(ClusterScoring, request.form.get("source_id", type=int) or 0) or abort(404)
    try:
        ops.copy_table(current_user, source, scoring)
    except ops.ScoringError as error:
        return refused(error, scoring.id)
    return done(_("Criteria copied."), scoring.id, "#criteria")


@bp.route("/<int:scoring_id>/criteria.xlsx")
@login_required
def export_criteria(scoring_id: int):
    scoring = round_or_404(scoring_id)
    return send_file(BytesIO(spreadsheet.export_criteria(scoring)), mimetype=XLSX, as_attachment=True,
                     download_name=f"tieu-chi-{scoring.year}.xlsx")


@bp.route("/<int:scoring_id>/criteria/import", methods=["POST"])
@login_required
def import_criteria(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    if (blocked := _preparing(scoring)) is not None:
        return blocked
    form = ImportForm()
    if not form.validate_on_submit():
        flash(_("Choose an .xlsx file."), "danger")
        return redirect(url_for(".round_page", scoring_id=scoring.id) + "#criteria", code=303)
    if scoring.items:
        flash(_("The criteria table is not empty; remove its items first."), "danger")
        return redirect(url_for(".round_page", scoring_id=scoring.id) + "#criteria", code=303)
    try:
        parsed = spreadsheet.parse_criteria(form.file.data.read(5 * 1024 * 1024))
    except spreadsheet.ImportErrors as errors:
        return render_template("scoring/import_errors.html", scoring=scoring, errors=errors.errors), 422
    groups: dict[str, ScoringGroup] = {}
    for order, item in enumerate(parsed, start=1):
        group = None
        if item.group:
            group = groups.get(item.group)
            if group is None:
                group = groups[item.group] = ScoringGroup(scoring=scoring, name=item.group, sort_order=len(groups) + 1)
                db.session.add(group)
        db.session.add(ScoringItem(scoring=scoring, group=group, kind=item.kind, code=item.code, name=item.name,
                                   guidance=item.guidance, max_score=item.max_score,
                                   excludes_from_ranking=item.excludes, sort_order=order))
    return done(_("%(n)s items imported.", n=len(parsed)), scoring.id, "#criteria")


@bp.route("/<int:scoring_id>/open", methods=["POST"])
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


@bp.route("/<int:scoring_id>/votes", methods=["POST"])
@login_required
def votes(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    counts = {}
    try:
        for sheet in scoring.sheets:
            raw = [request.form.get(f"{k}-{sheet.unit_id}", "").strip() for k in ("for", "against", "abstain")]
            if all(r == "" for r in raw):
                continue
            # isascii: str.isdigit() also accepts "²" (int() then fails) and other scripts' digits.
            if not all(r.isascii() and r.isdigit() and len(r) < 5 for r in raw):
                raise ops.ScoringError(_("Vote counts are whole numbers from 0; enter all three per unit."))
            counts[sheet.unit_id] = tuple(int(r) for r in raw)
        ops.record_votes(current_user, scoring, counts)
    except ops.ScoringError as error:
        return refused(error, scoring.id)
    return done(_("Acclamation votes recorded."), scoring.id, "#votes")


@bp.route("/<int:scoring_id>/lock", methods=["POST"])
@login_required
def lock(scoring_id: int):
    scoring = manager_round_or_404(scoring_id)
    try:
        ops.lock(current_user, scoring)
    except ops.ScoringError as error:
        return refused(error, scoring.id)
    return done(_("Scoring locked and results published to the members."), scoring.id)


@bp.route("/<int:scoring_id>/unlock", methods=["POST"])
@login_required
def unlock(scoring_id: int):
    scoring = round_or_404(scoring_id)
    if current_user.role is not Role.ADMIN:  # before the form: a missing reason is not what stops them
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


@bp.route("/<int:scoring_id>/propose", methods=["POST"])
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
        dossiers = proposals.propose(current_user, scoring, db.session.get(Campaign, form.campaign_id.data))
    except ops.ScoringError as error:
        return refused(error, scoring.id)
    return done(_("Proposals ready: %(list)s. Each unit's officer completes and submits its dossier.",
                  list=", ".join(f"{d.nominee_name} ({d.award.name})" for d in dossiers)), scoring.id)
