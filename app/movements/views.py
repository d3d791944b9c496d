"""The movement's screens: the list, Sở Nội vụ's launch editor and publishing, the launch page every unit
reads (plan document, phases, content groups, deadlines, its own plan and registrations), the unit's plan
upload, the registration form, and the lists of plans and registrations (with XLSX)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app import access, filestore, list_exports
from app.extensions import db
from app.models import Cluster, Movement, Unit
from app.models.base import local_today
from app.models.movement_plans import (
    ContentGroup,
    MovementLaunch,
    MovementPhase,
    Registration,
    RegistrationReopening,
    TargetKind,
    UnitPlan,
)
from app.models.target_groups import TargetGroup, target_group_of
from app.movements import bp, lists, operations
from app.movements.forms import (
    ConfirmForm,
    ContentGroupForm,
    LaunchForm,
    PhaseForm,
    PlanUploadForm,
    RegistrationYearForm,
    ReopenForm,
)
from app.movements.operations import MovementRefused
from app.nominations import storage
from app.numbers import id_list, optional_id, page_number, whole_number
from app.web import render_region_or_page


def _manager() -> None:
    if not access.can_manage_movements(current_user):
        abort(403)


def _launch_or_404(launch_id: int) -> MovementLaunch:
    # Every page names the movement and reads the registration years: one statement for all three.
    launch = db.session.get(MovementLaunch, launch_id, options=[joinedload(MovementLaunch.movement),
                                                                selectinload(MovementLaunch.registration_years)])
    if launch is None or not access.can_see_launch(current_user, launch):
        abort(404)
    return launch


def _send_stored(row) -> object:
    """The file on disk or in the database (FILE_STORAGE); a row that outlived its file is a 404."""
    if not row.stored_name:
        abort(404)
    return filestore.send(row.stored_name, mimetype=row.content_type, download_name=row.original_name)


def _delete_after_commit(stored_name: str | None) -> None:
    if stored_name:
        storage.delete_file(stored_name)


# --- list and launch editor -------------------------------------------------------------------------------

@bp.route("/")
@login_required
def index():
    launches = db.session.scalars(select(MovementLaunch).where(access.launch_scope(current_user))
                                  .order_by(MovementLaunch.id.desc())).all()
    unlaunched = []
    if access.can_manage_movements(current_user):
        launched = {launch.movement_id for launch in launches}
        unlaunched = [m for m in db.session.scalars(select(Movement).order_by(Movement.start_year.desc()))
                      if m.id not in launched]
    return render_template("movements/index.html", launches=launches, unlaunched=unlaunched)


def _editor(movement: Movement, launch: MovementLaunch | None, form: LaunchForm, status: int = 200):
    return render_template(
        "movements/launch_edit.html", movement=movement, launch=launch, form=form, phase_form=PhaseForm(),
        group_form=ContentGroupForm(), year_form=RegistrationYearForm(), confirm_form=ConfirmForm(),
        groups=[(group, [g for g in launch.content_groups if g.target_group is group]) for group in TargetGroup]
        if launch else []), status


@bp.route("/<id:movement_id>/launch", methods=["GET", "POST"])
@login_required
def launch_edit(movement_id: int):
    _manager()
    movement = db.session.get(Movement, movement_id) or abort(404)
    launch = operations.launch_of(movement)
    form = LaunchForm(obj=launch)
    if request.method == "GET":
        return _editor(movement, launch, form)
    if not form.validate_on_submit():
        return _editor(movement, launch, form, 422)
    old = None
    try:
        launch = operations.save_launch(movement, current_user, plan_reference=form.plan_reference.data or "",
                                        summary=form.summary.data or "", plan_deadline=form.plan_deadline.data)
        upload = form.document.data
        if upload and upload.filename:
            old = operations.attach_plan_document(launch, current_user, upload.stream, upload.filename)
    except MovementRefused as refused:
        db.session.rollback()
        form.plan_deadline.errors = [*form.plan_deadline.errors, refused.message]
        return _editor(movement, operations.launch_of(movement), form, 422)
    db.session.commit()
    _delete_after_commit(old)
    flash(_("Launch saved."), "success")
    return redirect(url_for(".launch_edit", movement_id=movement.id), code=303)


def _launch_change(launch_id: int, change) -> object:
    """Run one change of the launch editor (a phase, a group, a year, publishing) and go back to it."""
    _manager()
    launch = db.session.get(MovementLaunch, launch_id) or abort(404)
    try:
        message = change(launch)
    except MovementRefused as refused:
        db.session.rollback()
        flash(refused.message, "danger")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for(".launch_edit", movement_id=launch.movement_id), code=303)


def _form_refused(form) -> MovementRefused:
    errors = [f"{field.label.text}: {error}" for field in form for error in field.errors]
    return MovementRefused("; ".join(errors) or _("Check the form."))


@bp.route("/launch/<id:launch_id>/phases", methods=["POST"])
@login_required
def phase_add(launch_id: int):
    def change(launch):
        form = PhaseForm()
        if not form.validate_on_submit():
            raise _form_refused(form)
        operations.add_phase(launch, current_user, form.name.data, form.start_year.data, form.end_year.data)
        return _("Phase added.")
    return _launch_change(launch_id, change)


@bp.route("/launch/<id:launch_id>/phases/<id:phase_id>/remove", methods=["POST"])
@login_required
def phase_remove(launch_id: int, phase_id: int):
    def change(launch):
        if not ConfirmForm().validate_on_submit():
            abort(400)
        phase = db.session.get(MovementPhase, phase_id)
        if phase is None or phase.launch_id != launch.id:
            abort(404)
        operations.remove_phase(launch, current_user, phase)
        return _("Phase removed.")
    return _launch_change(launch_id, change)


@bp.route("/launch/<id:launch_id>/groups", methods=["POST"])
@login_required
def group_add(launch_id: int):
    def change(launch):
        form = ContentGroupForm()
        if not form.validate_on_submit():
            raise _form_refused(form)
        operations.add_content_group(launch, current_user, operations.GroupInput(
            target_group=TargetGroup(form.target_group.data), code=form.code.data, title=form.title.data,
            criteria=form.criteria.data or "", target_kind=TargetKind(form.target_kind.data),
            unit_label=form.unit_label.data or "", min_value=form.min_value.data, max_value=form.max_value.data))
        return _("Content group added.")
    return _launch_change(launch_id, change)


@bp.route("/launch/<id:launch_id>/groups/<id:group_id>/remove", methods=["POST"])
@login_required
def group_remove(launch_id: int, group_id: int):
    def change(launch):
        if not ConfirmForm().validate_on_submit():
            abort(400)
        group = db.session.get(ContentGroup, group_id)
        if group is None or group.launch_id != launch.id:
            abort(404)
        operations.remove_content_group(launch, current_user, group)
        return _("Content group removed.")
    return _launch_change(launch_id, change)


@bp.route("/launch/<id:launch_id>/years", methods=["POST"])
@login_required
def year_set(launch_id: int):
    def change(launch):
        form = RegistrationYearForm()
        if not form.validate_on_submit():
            raise _form_refused(form)
        operations.set_registration_year(launch, current_user, form.year.data, form.deadline.data)
        return _("Registration year saved.")
    return _launch_change(launch_id, change)


@bp.route("/launch/<id:launch_id>/publish", methods=["POST"])
@login_required
def publish(launch_id: int):
    def change(launch):
        if not ConfirmForm().validate_on_submit():
            abort(400)
        operations.publish(launch, current_user)
        return _("The movement is published: every unit sees it.")
    return _launch_change(launch_id, change)


# --- the launch page -------------------------------------------------------------------------------------

def _own_unit() -> Unit | None:
    return db.session.get(Unit, current_user.unit_id) if current_user.unit_id else None


@bp.route("/launch/<id:launch_id>")
@login_required
def launch_page(launch_id: int):
    launch = _launch_or_404(launch_id)
    unit = _own_unit() if access.can_take_part(current_user, launch) else None
    today = local_today()
    plan = registrations = None
    years = []
    if unit is not None:
        plan = db.session.scalar(select(UnitPlan).where(UnitPlan.movement_id == launch.movement_id,
                                                        UnitPlan.unit_id == unit.id))
        registrations = {r.year: r for r in db.session.scalars(select(Registration).where(
            Registration.movement_id == launch.movement_id, Registration.unit_id == unit.id))}
        years = [(row, registrations.get(row.year), operations.why_cannot_register(launch, unit, current_user,
                                                                                   row.year, today))
                 for row in launch.registration_years]
    groups = [(group, [g for g in launch.content_groups if g.target_group is group]) for group in TargetGroup]
    return render_template("movements/launch.html", launch=launch, movement=launch.movement, unit=unit, plan=plan,
                           years=years, groups=groups, today=today, plan_form=PlanUploadForm())


@bp.route("/launch/<id:launch_id>/document")
@login_required
def document(launch_id: int):
    return _send_stored(_launch_or_404(launch_id))


@bp.route("/launch/<id:launch_id>/plan", methods=["POST"])
@login_required
def plan_upload(launch_id: int):
    launch = _launch_or_404(launch_id)
    if not access.can_take_part(current_user, launch):
        abort(403)
    form = PlanUploadForm()
    back = redirect(url_for(".launch_page", launch_id=launch.id), code=303)
    if not form.validate_on_submit():
        flash(_("Choose a file."), "danger")
        return back
    unit = _own_unit() or abort(403)
    try:
        _plan, old = operations.upload_unit_plan(launch, unit, current_user, form.document.data.stream,
                                                 form.document.data.filename or "", local_today())
    except MovementRefused as refused:
        db.session.rollback()
        flash(refused.message, "danger")
        return back
    db.session.commit()
    _delete_after_commit(old)
    flash(_("Your unit's plan is uploaded."), "success")
    return back


@bp.route("/plans/<id:plan_id>/file")
@login_required
def plan_file(plan_id: int):
    plan = db.session.get(UnitPlan, plan_id)
    if plan is None or not access.can_read_unit_plan(current_user, plan.unit_id):
        abort(404)
    return _send_stored(plan)


@bp.route("/launch/<id:launch_id>/plans")
@login_required
def plans(launch_id: int):
    launch = _launch_or_404(launch_id)
    if not access.can_see_registrations(current_user):
        abort(403)
    status = request.args.get("status", "")
    status = status if status in ("missing", "late", "on_time") else ""
    rows = lists.plan_rows(launch, local_today())
    counts = {key: sum(1 for r in rows if r.status == key) for key in ("on_time", "late", "missing")}
    shown = [r for r in rows if r.status == status] if status else rows
    return render_template("movements/plans.html", launch=launch, rows=shown, counts=counts, status=status)


# --- registration ------------------------------------------------------------------------------------------

@bp.route("/launch/<id:launch_id>/register/<id:year>", methods=["GET", "POST"])
@login_required
def register(launch_id: int, year: int):
    launch = _launch_or_404(launch_id)
    if not access.can_take_part(current_user, launch):
        abort(403)
    unit_id = request.form.get("unit_id", type=optional_id) if request.method == "POST" else None
    unit = db.session.get(Unit, unit_id or current_user.unit_id) or abort(404)
    today = local_today()
    groups = operations.groups_for(launch, unit)
    error = ""
    if request.method == "POST":
        if not ConfirmForm().validate_on_submit():
            abort(400)
        targets = {group.id: request.form.get(f"target_{group.id}", "") for group in groups}
        award_ids = id_list(request.form.getlist("award_id"))  # bounded: a 5,000-digit "id" is no id
        try:
            operations.register(launch, unit, current_user, year, targets=targets, award_ids=award_ids,
                                commitment=request.form.get("commitment", ""), today=today)
        except MovementRefused as refused:
            db.session.rollback()
            error = refused.message
        else:
            db.session.commit()
            flash(_("%(unit)s is registered for %(year)s.", unit=unit.name, year=year), "success")
            return redirect(url_for(".launch_page", launch_id=launch.id), code=303)
    blocked = operations.why_cannot_register(launch, unit, current_user, year, today)
    awards = operations.registrable_awards()  # read after a refusal's rollback, which expires what was loaded
    status = 422 if error else 200
    return render_template("movements/register.html", launch=launch, unit=unit, year=year, groups=groups,
                           awards=awards, error=error, blocked=blocked, form=ConfirmForm(),
                           deadline=operations.registration_deadline(launch, year),
                           target_group=target_group_of(unit.kind), values=request.form), status


def _filters(launch: MovementLaunch) -> lists.Filters:
    years = [row.year for row in launch.registration_years]
    try:
        year = whole_number(request.args.get("year"), 1945, 2200)
    except ValueError:
        current = local_today().year
        year = current if current in years or not years else max([y for y in years if y <= current] or years)
    try:
        cluster_id = optional_id(request.args.get("cluster"))
    except ValueError:
        cluster_id = None
    group = request.args.get("group", "")
    target_group = TargetGroup(group) if group in {g.value for g in TargetGroup} else None
    return lists.Filters(year=year, cluster_id=cluster_id, target_group=target_group,
                         q=(request.args.get("q") or "").strip()[:100])


@bp.route("/launch/<id:launch_id>/registrations")
@login_required
def registrations(launch_id: int):
    launch = _launch_or_404(launch_id)
    if not access.can_see_registrations(current_user):
        abort(403)
    filters = _filters(launch)
    page = page_number(request.args)
    missing = request.args.get("show") == "missing"
    rows: list[lists.MissingRow] | list[lists.RegistrationRow]
    if missing:
        rows, total = lists.missing_units(launch, filters, page), lists.count_missing(launch, filters)
    else:
        rows, total = lists.registrations_page(launch, filters, page)

    def page_context() -> dict:
        return {"clusters": db.session.scalars(select(Cluster).order_by(Cluster.name)).all(),
                "summary": lists.cluster_summary(launch, filters.year),
                "TargetGroups": [g for g in TargetGroup if g is not TargetGroup.INDIVIDUALS]}

    html = render_region_or_page("registrations-region", "movements/_registrations.html",
                                 "movements/registrations.html", page_context, launch=launch, filters=filters,
                                 rows=rows, total=total, page=page, per_page=lists.PER_PAGE, missing=missing)
    return html, 200, {"Vary": "HX-Request"}


@bp.route("/launch/<id:launch_id>/registrations.xlsx")
@login_required
def registrations_export(launch_id: int):
    launch = _launch_or_404(launch_id)
    if not access.can_see_registrations(current_user):
        abort(403)
    filters = _filters(launch)
    back = url_for(".registrations", launch_id=launch.id, **filters.as_args())
    if request.args.get("show") == "missing":
        count = lists.count_missing(launch, filters)
        return list_exports.respond(count=count, back_to=back, stem=f"chua-dang-ky-{filters.year}",
                                    make=lambda: lists.missing_xlsx(launch, filters,
                                                                    lists.missing_units(launch, filters)))
    count = lists.count_registrations(launch, filters)
    return list_exports.respond(count=count, back_to=back, stem=f"dang-ky-thi-dua-{filters.year}",
                                make=lambda: lists.registrations_xlsx(launch, filters,
                                                                      lists.all_registrations(launch, filters)))


@bp.route("/launch/<id:launch_id>/reopen", methods=["POST"])
@login_required
def reopen(launch_id: int):
    _manager()
    launch = _launch_or_404(launch_id)
    form = ReopenForm()
    back = url_for(".registrations", launch_id=launch.id, year=form.year.data or "", show="missing")
    if not form.validate_on_submit():
        flash(str(_form_refused(form)), "danger")
        return redirect(back, code=303)
    unit = db.session.get(Unit, form.unit_id.data) or abort(404)
    try:
        operations.reopen_registration(launch, unit, current_user, form.year.data, form.until.data,
                                       form.reason.data, local_today())
    except MovementRefused as refused:
        db.session.rollback()
        flash(refused.message, "danger")
    else:
        db.session.commit()
        flash(_("Registration reopened for %(unit)s.", unit=unit.name), "success")
    return redirect(back, code=303)


@bp.route("/registrations/<id:registration_id>")
@login_required
def registration_page(registration_id: int):
    registration = db.session.get(Registration, registration_id)
    if registration is None or not (access.can_see_registrations(current_user)
                                    or access.acts_for_unit(current_user, registration.unit_id)):
        abort(404)
    launch = db.session.scalar(select(MovementLaunch).where(MovementLaunch.movement_id == registration.movement_id))
    reopening = db.session.scalar(select(RegistrationReopening).where(
        RegistrationReopening.movement_id == registration.movement_id,
        RegistrationReopening.unit_id == registration.unit_id, RegistrationReopening.year == registration.year))
    return render_template("movements/registration.html", registration=registration, launch=launch,
                           reopening=reopening,
                           deadline=operations.registration_deadline(launch, registration.year) if launch else None)
