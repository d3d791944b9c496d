"""Admin screens for the award catalogue and the attachment types it requires."""
from decimal import Decimal

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.admin import bp
from app.admin.common import committed, flush_or_field_error, is_taken, render_form
from app.admin.forms_catalogue import PERCENT, AttachmentTypeForm, AwardForm
from app.extensions import db
from app.models import AttachmentType, Award, AwardLevel, AwardType, NomineeKind, ThresholdBase

FRACTION = Decimal("0.001")  # Numeric(4, 3) in the database
CENTS = Decimal("0.01")  # Numeric(6, 2)


# --- awards -------------------------------------------------------------------------------------

@bp.route("/awards/")
def awards():
    items = db.session.scalars(select(Award).options(selectinload(Award.required_attachment_types))
                               .order_by(Award.sort_order, Award.name)).all()
    return render_template("admin/awards/list.html", awards=items, kinds=list(NomineeKind))


def _attachment_types() -> list[AttachmentType]:
    return list(db.session.scalars(select(AttachmentType).order_by(AttachmentType.sort_order, AttachmentType.name)))


def _as_percent(fraction: Decimal | None) -> Decimal | None:
    if fraction is None:
        return None
    return (fraction * PERCENT).quantize(Decimal("0.1")).normalize()


def _fill_from(form: AwardForm, award: Award) -> None:
    form.process(obj=award)
    form.level.data = award.level.value
    form.award_type.data = award.award_type.value
    form.threshold_base.data = award.threshold_base.value
    form.nominee_kinds.data = [k.value for k in award.nominee_kinds]
    form.quorum_percent.data = _as_percent(award.quorum_ratio)
    form.threshold_percent.data = _as_percent(award.approval_threshold)
    form.required_types.data = [t.id for t in award.required_attachment_types]


def _duplicate_code_message(form: AwardForm) -> str:
    return _("The code %(code)s is already used by another award.", code=form.code.data)


def _save_award(form: AwardForm, award: Award, types: list[AttachmentType]) -> bool:
    if is_taken(Award.code, form.code.data, award.id):
        form.code.errors.append(_duplicate_code_message(form))
        return False
    kinds = {NomineeKind(v) for v in form.nominee_kinds.data}
    award.code = form.code.data
    award.name = form.name.data
    award.level = AwardLevel(form.level.data)
    award.award_type = AwardType(form.award_type.data or AwardType.COMMENDATION.value)
    award.decided_by = form.decided_by.data or ""
    award.decision_subject = form.decision_subject.data or ""
    award.for_individual = NomineeKind.INDIVIDUAL in kinds
    award.for_collective = NomineeKind.COLLECTIVE in kinds
    award.for_household = NomineeKind.HOUSEHOLD in kinds
    award.via_cluster = form.via_cluster.data
    for kind in NomineeKind:
        # A coefficient only means something for a kind of nominee the award is given to.
        value = form.coefficient_field(kind).data if kind in kinds else None
        setattr(award, f"coefficient_{kind.value}", value.quantize(CENTS) if value is not None else None)
    award.quorum_ratio = (form.quorum_percent.data / PERCENT).quantize(FRACTION)
    award.approval_threshold = (form.threshold_percent.data / PERCENT).quantize(FRACTION)
    award.threshold_base = ThresholdBase(form.threshold_base.data)
    award.public_notice_days = form.public_notice_days.data
    award.active = form.active.data
    award.sort_order = form.sort_order.data
    chosen = set(form.required_types.data or [])
    award.required_attachment_types = [t for t in types if t.id in chosen]
    db.session.add(award)
    return flush_or_field_error(form.code, _duplicate_code_message(form))


def _award_form(award: Award | None) -> tuple[AwardForm, list[AttachmentType]]:
    form = AwardForm(formdata=None) if request.method == "GET" else AwardForm()
    if request.method == "GET":
        if award is not None:
            _fill_from(form, award)
        else:
            form.nominee_kinds.data = [NomineeKind.INDIVIDUAL.value]
            form.quorum_percent.data = Decimal("66.7")
            form.threshold_percent.data = Decimal("50")
    types = _attachment_types()
    form.required_types.choices = [(t.id, t.name) for t in types]
    return form, types


@bp.route("/awards/new", methods=["GET", "POST"])
def award_create():
    form, types = _award_form(None)
    if form.validate_on_submit():
        award = Award()
        if _save_award(form, award, types):
            return committed(_("Award %(name)s created.", name=award.name), ".awards")
        db.session.rollback()
    return render_form("admin/awards/form.html", form, award=None, kinds=list(NomineeKind))


@bp.route("/awards/<id:award_id>/edit", methods=["GET", "POST"])
def award_edit(award_id: int):
    award = db.get_or_404(Award, award_id)
    form, types = _award_form(award)
    if form.validate_on_submit():
        if _save_award(form, award, types):
            return committed(_("Award %(name)s saved.", name=award.name), ".awards")
        db.session.rollback()
        award = db.get_or_404(Award, award_id)
    return render_form("admin/awards/form.html", form, award=award, kinds=list(NomineeKind))


# --- attachment types ----------------------------------------------------------------------------

@bp.route("/attachment-types/")
def attachment_types():
    return render_template("admin/attachment_types/list.html", types=_attachment_types())


def _duplicate_type_message(form: AttachmentTypeForm) -> str:
    return _("The code %(code)s is already used by another document type.", code=form.code.data)


def _save_type(form: AttachmentTypeForm, attachment_type: AttachmentType) -> bool:
    if is_taken(AttachmentType.code, form.code.data, attachment_type.id):
        form.code.errors.append(_duplicate_type_message(form))
        return False
    attachment_type.code = form.code.data
    attachment_type.name = form.name.data
    attachment_type.description = form.description.data or ""
    attachment_type.sort_order = form.sort_order.data
    db.session.add(attachment_type)
    return flush_or_field_error(form.code, _duplicate_type_message(form))


@bp.route("/attachment-types/new", methods=["GET", "POST"])
def attachment_type_create():
    form = AttachmentTypeForm()
    if form.validate_on_submit():
        attachment_type = AttachmentType()
        if _save_type(form, attachment_type):
            return committed(_("Document type %(name)s created.", name=attachment_type.name), ".attachment_types")
        db.session.rollback()
    return render_form("admin/attachment_types/form.html", form, attachment_type=None)


@bp.route("/attachment-types/<id:type_id>/edit", methods=["GET", "POST"])
def attachment_type_edit(type_id: int):
    attachment_type = db.get_or_404(AttachmentType, type_id)
    form = AttachmentTypeForm(obj=attachment_type if request.method == "GET" else None)
    if form.validate_on_submit():
        if _save_type(form, attachment_type):
            return committed(_("Document type %(name)s saved.", name=attachment_type.name), ".attachment_types")
        db.session.rollback()
        attachment_type = db.get_or_404(AttachmentType, type_id)
    return render_form("admin/attachment_types/form.html", form, attachment_type=attachment_type)
