"""The digital-transformation index's screens: the scores imported so far, the template, the upload that
starts the checking job, the job's page (errors with row numbers, or the rows to confirm) and the confirm."""
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import func, select
from wtforms import SelectField

from app import access, jobs
from app.extensions import db
from app.jobs.views import job_context
from app.models import Setting, Unit, UnitKind
from app.models.jobs import Job, JobStatus
from app.models.movement_plans import DigitalTransformationScore
from app.models.settings import DX_ASSESSOR_UNIT_CODE
from app.movements import bp, dx_index
from app.movements.forms import ConfirmForm
from app.movements.operations import record
from app.numbers import page_number

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PER_PAGE = 100


class UploadForm(FlaskForm):
    file = FileField(_l("Index file (.xlsx)"), validators=[FileRequired(_l("Choose a file."))])


class AssessorForm(FlaskForm):
    unit_code = SelectField(_l("Assessing unit (its officer and head import the index)"))


def _assessor_form() -> AssessorForm:
    form = AssessorForm()
    units = db.session.execute(select(Unit.code, Unit.name).where(
        Unit.parent_id.is_(None), Unit.kind != UnitKind.SUB_UNIT, Unit.valid_to.is_(None)).order_by(Unit.name)).all()
    form.unit_code.choices = [(code, f"{name} ({code})") for code, name in units]
    if not form.is_submitted():
        form.unit_code.data = Setting.get_text(DX_ASSESSOR_UNIT_CODE, "SKHCN")
    return form


def _importer() -> None:
    if not access.can_import_dx_index(current_user):
        abort(403)


def _start(form: UploadForm, error: str = "", status: int = 200):
    page = page_number(request.args)
    total = db.session.scalar(select(func.count()).select_from(DigitalTransformationScore)) or 0
    score = DigitalTransformationScore
    scores = db.session.execute(
        select(score, Unit.code, Unit.name).join(Unit, Unit.id == score.unit_id)
        .order_by(score.year.desc(), Unit.name).limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    recent = db.session.scalars(select(Job).where(Job.user_id == current_user.id, Job.kind == dx_index.KIND_CHECK)
                                .order_by(Job.id.desc()).limit(10)).all()
    assessor_form = _assessor_form() if access.can_administer(current_user) else None
    return render_template("movements/dx_index.html", form=form, error=error, scores=scores, total=total, page=page,
                           assessor_form=assessor_form,
                           per_page=PER_PAGE, recent=recent, headers=list(zip("ABCDEF", dx_index.HEADERS)),
                           max_rows=dx_index.MAX_ROWS, JobStatus=JobStatus), status


@bp.route("/dx-index", methods=["GET", "POST"], endpoint="dx_index")
@login_required
def dx_index_view():
    _importer()
    form = UploadForm()
    if request.method == "GET":
        return _start(form)
    if not form.validate_on_submit():
        return _start(form, _("Choose an .xlsx file."), 422)
    limit = dx_index.LIMITS.max_file_bytes
    content = form.file.data.read(limit + 1)
    form.file.data.close()
    if len(content) > limit:
        return _start(form, _("The file is larger than %(mb)s MB.", mb=limit // (1 << 20)), 422)
    job = jobs.create(dx_index.KIND_CHECK, current_user, params={"file_name": (form.file.data.filename or "")[:200]},
                      payload=content, message=_("Waiting for a worker"))
    db.session.commit()
    jobs.enqueue(job)
    return redirect(url_for(".dx_import_page", job_id=job.id), code=303)


@bp.route("/dx-index/assessor", methods=["POST"])
@login_required
def dx_assessor():
    """The administrator names the unit that assesses the index (a setting, read by access.can_import_dx_index)."""
    if not access.can_administer(current_user):
        abort(403)
    form = _assessor_form()
    if not form.validate_on_submit():
        flash(_("Choose a unit from the list."), "danger")
        return redirect(url_for(".dx_index"), code=303)
    row = db.session.get(Setting, DX_ASSESSOR_UNIT_CODE) or Setting(key=DX_ASSESSOR_UNIT_CODE)
    row.value = form.unit_code.data
    db.session.add(row)
    record("dx_assessor_set", current_user, None, unit_code=row.value)
    db.session.commit()
    flash(_("The assessing unit is saved."), "success")
    return redirect(url_for(".dx_index"), code=303)


@bp.route("/dx-index/template.xlsx")
@login_required
def dx_template():
    _importer()
    units = db.session.scalars(select(Unit).where(Unit.parent_id.is_(None), Unit.kind != UnitKind.SUB_UNIT,
                                                  Unit.valid_to.is_(None)).order_by(Unit.kind, Unit.name)).all()
    return send_file(BytesIO(dx_index.template(list(units))), mimetype=XLSX, as_attachment=True,
                     download_name="mau-chi-so-chuyen-doi-so.xlsx")


def _job_or_404(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or job.kind != dx_index.KIND_CHECK or not access.can_see_job(current_user, job):
        abort(404)
    return job


@bp.route("/dx-index/import/<id:job_id>")
@login_required
def dx_import_page(job_id: int):
    _importer()
    job = _job_or_404(job_id)
    result = job.result or {}
    return render_template("movements/dx_import.html", preview=job, result=result,
                           rows=(result.get("rows") or [])[:200], confirm_form=ConfirmForm(), **job_context(job))


@bp.route("/dx-index/import/<id:job_id>/confirm", methods=["POST"])
@login_required
def dx_import_confirm(job_id: int):
    _importer()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    job = db.session.get(Job, job_id, with_for_update=True)
    if job is None or job.kind != dx_index.KIND_CHECK or not access.can_see_job(current_user, job):
        abort(404)
    result = job.result or {}
    if job.status is not JobStatus.DONE or result.get("error_count") or result.get("applied") or not result.get("rows"):
        flash(_("This file cannot be imported (it has errors, or it was imported already)."), "danger")
        return redirect(url_for(".dx_import_page", job_id=job.id), code=303)
    try:
        written = dx_index.apply(job, current_user)
    except ValueError:
        db.session.rollback()
        flash(_("The units changed since the file was checked: upload it again."), "danger")
        return redirect(url_for(".dx_index"), code=303)
    record("dx_imported", current_user, None, rows=written, job_id=job.id, file=job.params.get("file_name", ""))
    db.session.commit()
    flash(_("Imported %(n)s digital-transformation scores.", n=written), "success")
    return redirect(url_for(".dx_index"), code=303)
