"""Dossier pages: list with active search, detail, create/edit/delete drafts, attachments."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload, selectinload, with_expression
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from app import filestore
from app.access import (
    can_create_dossier,
    can_delete_dossier,
    can_edit_dossier,
    can_manage_attachments,
    can_see_dossier,
    get_visible_dossier_or_404,
    unit_subtree_ids,
)
from app.extensions import db
from app.models import (
    Attachment,
    AttachmentType,
    Award,
    Campaign,
    Dossier,
    DossierEvent,
    EligibilityReview,
    Gender,
    NomineeKind,
    PublicComment,
    Unit,
)
from app.models.base import utcnow
from app.nominations import bp, export, listing, operations, picking, storage
from app.nominations.forms import AttachmentForm, DossierForm
from app.nominations.operations import DuplicateNominee, NomineeData
from app.numbers import to_id, whole_number
from app.web import campaign_label, is_htmx, reads_only, redirect_after_post, render_region_or_page


@bp.route("/")
@login_required
@reads_only
def index():
    params = listing.ListParams.from_args(request.args)
    page = listing.paginate(current_user, params, current_app.config["PAGE_SIZE"])
    return render_region_or_page("dossier-results", "nominations/_results.html", "nominations/list.html",
                                 lambda: {"choices": listing.filter_choices(current_user)}, page=page, params=params)


@bp.route("/export.xlsx")
@login_required
def export_xlsx():
    """The list as it is filtered and sorted, every page of it."""
    return export.response(current_user, listing.ListParams.from_args(request.args))


def _load_form_choices(form: DossierForm, dossier: Dossier | None = None) -> None:
    campaign_query = select(Campaign).options(joinedload(Campaign.movement)).order_by(Campaign.year.desc(),
                                                                                      Campaign.name)
    campaigns = [c for c in db.session.scalars(campaign_query)
                 if c.is_open or (dossier and c.id == dossier.campaign_id)]
    awards = [a for a in db.session.scalars(select(Award).order_by(Award.sort_order, Award.name))
              if a.active or (dossier and a.id == dossier.award_id)]
    form.campaigns_by_id = {c.id: c for c in campaigns}
    form.awards_by_id = {a.id: a for a in awards}
    form.unchanged_pair = (dossier.campaign_id, dossier.award_id) if dossier else None
    form.campaign_id.choices = [(0, "— " + _("choose") + " —")] + [
        (c.id, campaign_label(c, with_movement=True)) for c in campaigns]
    form.award_id.choices = [(0, "— " + _("choose") + " —")] + [(a.id, a.name) for a in awards]
    unit_id = dossier.unit_id if dossier else current_user.unit_id
    units = db.session.scalars(select(Unit).where(Unit.id.in_(unit_subtree_ids(unit_id))).order_by(Unit.name)).all()
    form.nominee_unit_id.choices = [("", "—")] + [(u.id, u.name) for u in units]


def _nominee_data(form: DossierForm, picker: picking.Picker | None = None) -> NomineeData:
    return NomineeData(
        campaign=form.campaigns_by_id[form.campaign_id.data],
        award=form.awards_by_id[form.award_id.data],
        kind=NomineeKind(form.nominee_kind.data),
        name=form.nominee_name.data,
        gender=Gender(form.nominee_gender.data) if form.nominee_gender.data else None,
        birth_year=form.nominee_birth_year.data,
        position=form.nominee_position.data or "",
        nominee_unit_id=form.nominee_unit_id.data,
        achievement_summary=form.achievement_summary.data,
        person=picker.person if picker else None,
        collective=picker.collective if picker else None,
        new_person=picker.new_person if picker else False,
    )


def _validate_choices(form: DossierForm) -> bool:
    ok = True
    if form.campaign_id.data not in form.campaigns_by_id:
        if not form.campaign_id.errors:
            form.campaign_id.errors.append(_("Choose an open campaign."))
        ok = False
    if form.award_id.data not in form.awards_by_id:
        if not form.award_id.errors:
            form.award_id.errors.append(_("Choose an award from the catalogue."))
        ok = False
    return ok


def _form_is_valid(form: DossierForm) -> bool:
    """Validate a submitted form; a campaign closed (or an award retired) meanwhile gets its own message."""
    if not form.is_submitted():
        return False
    valid = form.validate()
    return _validate_choices(form) and valid


def _duplicate_message(error: DuplicateNominee, form: DossierForm | None = None,
                       exclude_id: int | None = None) -> Markup:
    """The refusal; call after rolling back (the index may have caught it).

    It names and links the other dossier only for a user who may open it: the number of another
    unit's draft, or of a dossier only the province sees, is not this user's to know.
    """
    existing = error.existing_id
    if existing is None and form is not None:
        existing = operations.find_active_duplicate(_nominee_data(form), exclude_id)
    if existing is None or not can_see_dossier(current_user, existing):
        return escape(_("Another unit already has an active dossier for this nominee, award and campaign; "
                        "a nominee can have only one."))
    link = Markup('<a href="{}">{}</a>').format(url_for(".detail", dossier_id=existing),
                                                _("no. %(id)s", id=existing))
    # Translated without its variable, escaped, then formatted with the link (Markup keeps the link as is).
    message = escape(_("This nominee already has an active dossier for this award in this campaign (%(link)s)."))
    return message % {"link": link}


def _render_form(form: DossierForm, dossier: Dossier | None, status: int = 200,
                 picker: picking.Picker | None = None):
    picker = picker or picking.for_dossier(dossier)
    return render_template("nominations/form.html", form=form, dossier=dossier, picker=picker), status


def _read_picker(form: DossierForm, dossier: Dossier | None) -> picking.Picker:
    """The nominee picker's state: a picker button (no JavaScript) or the record picked, checked."""
    if not form.is_submitted():
        return picking.for_dossier(dossier)
    return picking.read(form, request, current_user, dossier)


def _asks_about_duplicates(picker: picking.Picker, data: NomineeData, dossier: Dossier | None) -> bool:
    """A new person is about to be created while people on record may be the same one: the form offers
    them first (pick one, or confirm a new person). Server-side, whatever the page did."""
    if data.kind is not NomineeKind.INDIVIDUAL:
        return False
    if operations.find_active_duplicate(data, dossier.id if dossier else None) is not None:
        return False  # refused anyway, with the duplicate dossier named
    unit_id = data.nominee_unit_id or (dossier.unit_id if dossier else current_user.unit_id)
    asks = picking.offer_duplicates(picker, current_user, name=data.name, birth_year=data.birth_year,
                                    unit_id=unit_id, dossier=dossier)
    data.person = picker.person  # the dossier's own person, kept
    return asks


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    if not can_create_dossier(current_user):
        abort(403)
    form = DossierForm()
    _load_form_choices(form)
    picker = _read_picker(form, None)
    if picker.handled:
        return _render_form(form, None, 422 if picker.error else 200, picker)
    if _form_is_valid(form) and not picker.error:
        data = _nominee_data(form, picker)
        if _asks_about_duplicates(picker, data, None):
            return _render_form(form, None, 422, picker)
        try:
            dossier = operations.create_dossier(current_user, data)
        except DuplicateNominee as error:
            db.session.rollback()
            form.nominee_name.errors.append(_duplicate_message(error, form))
        else:
            db.session.commit()
            flash(_("Dossier created. Now attach the required documents."), "success")
            return redirect(url_for(".detail", dossier_id=dossier.id), code=303)
    return _render_form(form, None, 422 if request.method == "POST" else 200, picker)


# What the dossier page and its attachment panel show, loaded up front: without it every attachment's
# type and every history row's actor cost one query each.
PAGE_LOAD_OPTIONS = (
    joinedload(Dossier.campaign), joinedload(Dossier.unit),
    selectinload(Dossier.events).joinedload(DossierEvent.actor),
    # The award's few required types joined to the dossier's row (a round trip less than a selectin load).
    joinedload(Dossier.award).joinedload(Award.required_attachment_types),
    # Whether there are comments and a review to read (Dossier.has_public_comments, .latest_review_id).
    with_expression(Dossier.has_public_comments, exists().where(PublicComment.dossier_id == Dossier.id)),
    with_expression(Dossier.latest_review_id, func.coalesce(
        select(func.max(EligibilityReview.id)).where(EligibilityReview.dossier_id == Dossier.id).scalar_subquery(), 0)),
)


def _page_dossier_or_404(dossier_id: int) -> Dossier:
    dossier = get_visible_dossier_or_404(current_user, dossier_id, options=PAGE_LOAD_OPTIONS)
    _load_attachments(dossier)
    return dossier


def _load_attachments(dossier: Dossier) -> None:
    """The dossier's files, attached and removed, in ONE statement (two relationships of the same rows: two
    loads cost a round trip more on every dossier page, issue 14), in each relationship's own order."""
    files = db.session.scalars(select(Attachment).where(Attachment.dossier_id == dossier.id)
                               .options(joinedload(Attachment.type), joinedload(Attachment.detached_by))).all()
    attached = sorted((a for a in files if a.detached_at is None), key=lambda a: (a.uploaded_at, a.id))
    removed = sorted((a for a in files if a.detached_at is not None), key=lambda a: (a.detached_at, a.id))
    set_committed_value(dossier, "attachments", attached)
    set_committed_value(dossier, "removed_attachments", removed)


@bp.route("/<id:dossier_id>")
@login_required
@reads_only
def detail(dossier_id: int):
    dossier = _page_dossier_or_404(dossier_id)
    return render_template("nominations/detail.html", dossier=dossier, **_attachment_context(dossier))


@bp.route("/<id:dossier_id>/print")
@login_required
def print_view(dossier_id: int):
    """The dossier on A4 paper; the same permission as its page (404 outside the user's scope)."""
    dossier = _page_dossier_or_404(dossier_id)
    missing = set(dossier.missing_attachment_types())
    checklist = [(t, t not in missing) for t in dossier.award.required_attachment_types]
    return render_template("nominations/print.html", dossier=dossier, checklist=checklist, printed_at=utcnow())


def _changed_message() -> str:
    return _("This dossier changed while you were editing it. Reload to see the changes.")


@bp.route("/<id:dossier_id>/edit", methods=["GET", "POST"])
@login_required
def edit(dossier_id: int):
    dossier = get_visible_dossier_or_404(current_user, dossier_id)
    if not can_edit_dossier(current_user, dossier):
        abort(403)
    form = DossierForm(obj=dossier if request.method == "GET" else None)
    if request.method == "GET":
        form.nominee_kind.data = dossier.nominee_kind.value
        form.nominee_gender.data = dossier.nominee_gender.value if dossier.nominee_gender else ""
        form.version.data = str(dossier.version)
    _load_form_choices(form, dossier)
    picker = _read_picker(form, dossier)
    if picker.handled:
        return _render_form(form, dossier, 422 if picker.error else 200, picker)
    if _form_is_valid(form) and not picker.error:
        if form.version.data != str(dossier.version):
            form.form_errors.append(_changed_message())
            return _render_form(form, dossier, 409, picker)
        data = _nominee_data(form, picker)
        if _asks_about_duplicates(picker, data, dossier):
            return _render_form(form, dossier, 422, picker)
        try:
            operations.update_dossier(current_user, dossier, data)
        except DuplicateNominee as error:
            db.session.rollback()
            form.nominee_name.errors.append(_duplicate_message(error, form, dossier.id))
        except StaleDataError:
            # Someone saved between our version check and our UPDATE … WHERE version = ?.
            db.session.rollback()
            form.form_errors.append(_changed_message())
            return _render_form(form, dossier, 409, picker)
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for(".detail", dossier_id=dossier.id), code=303)
    return _render_form(form, dossier, 422 if request.method == "POST" else 200, picker)


@bp.route("/<id:dossier_id>/delete", methods=["POST"])
@login_required
def delete(dossier_id: int):
    dossier = get_visible_dossier_or_404(current_user, dossier_id)
    if not can_delete_dossier(current_user, dossier):
        abort(403)
    name = dossier.nominee_name
    operations.delete_dossier(current_user, dossier)
    db.session.commit()
    flash(_("Draft dossier for %(name)s deleted.", name=name), "success")
    return redirect_after_post(url_for(".index"))


@bp.route("/award-hint")
@login_required
def award_hint():
    """htmx: what the chosen award needs (nominee kinds, required documents), shown beside the form."""
    award = db.session.get(Award, request.args.get("award_id", type=to_id) or 0)
    return render_template("nominations/_award_hint.html", award=award)


@bp.route("/check-duplicate", methods=["POST"])
@login_required
def check_duplicate():
    """htmx inline validation: warn as soon as campaign, award and name match an active dossier."""
    campaign = db.session.get(Campaign, request.form.get("campaign_id", type=to_id) or 0)
    award = db.session.get(Award, request.form.get("award_id", type=to_id) or 0)
    kind_value = request.form.get("nominee_kind", "")
    name = request.form.get("nominee_name", "").strip()
    message = ""
    if campaign and award and name and kind_value in NomineeKind._value2member_map_:
        kind = NomineeKind(kind_value)
        individual = kind is NomineeKind.INDIVIDUAL
        birth_year = request.form.get("nominee_birth_year", type=whole_number) if individual else None
        data = NomineeData(campaign, award, kind, name, None, birth_year, "", None, "")
        existing = operations.find_active_duplicate(data, exclude_id=request.form.get("dossier_id", type=to_id))
        if existing is not None:
            message = _duplicate_message(DuplicateNominee(existing))
    return render_template("nominations/_duplicate_warning.html", message=message)


# --- attachments -----------------------------------------------------------------------------

def _attachment_context(dossier: Dossier, form: AttachmentForm | None = None) -> dict:
    if form is None:
        form = AttachmentForm()
    types: list[AttachmentType] = []
    if can_manage_attachments(current_user, dossier):  # the upload form is shown (or posted) to them only
        types = list(db.session.scalars(select(AttachmentType).order_by(AttachmentType.sort_order,
                                                                        AttachmentType.name)))
    form.type_id.choices = [(0, "— " + _("choose") + " —")] + [(t.id, t.name) for t in types]
    missing = set(dossier.missing_attachment_types())
    checklist = [(t, t not in missing) for t in dossier.award.required_attachment_types]
    return {
        "attachment_form": form,
        "checklist": checklist,
        "attachment_types_by_id": {t.id: t for t in types},
    }


def _render_attachments(dossier: Dossier, form: AttachmentForm | None = None, status: int = 200):
    """The documents card, with the buttons and the history out of band: a file can unblock "submit"."""
    context = _attachment_context(dossier, form)
    return render_template("nominations/_attachments_changed.html", dossier=dossier, **context), status


@bp.route("/<id:dossier_id>/attachments", methods=["POST"])
@login_required
def upload(dossier_id: int):
    dossier = _page_dossier_or_404(dossier_id)
    if not can_manage_attachments(current_user, dossier):
        abort(403)
    form = AttachmentForm()
    context = _attachment_context(dossier, form)
    attachment_type = context["attachment_types_by_id"].get(form.type_id.data)
    if form.validate_on_submit() and attachment_type is not None:
        upload_file = form.file.data
        try:
            operations.add_attachment(current_user, dossier, attachment_type, upload_file.stream,
                                      upload_file.filename or "file")
        except storage.UploadRejected as error:
            form.file.errors.append(str(error))
        except StaleDataError:
            # Another change to the dossier landed at the same moment; the stored file is already removed.
            db.session.rollback()
            dossier = _page_dossier_or_404(dossier_id)
            form.file.errors.append(_("This dossier changed at the same moment. Send the file again."))
        else:
            db.session.commit()
            if not is_htmx():
                flash(_("File attached."), "success")
                return redirect(url_for(".detail", dossier_id=dossier.id), code=303)
            return _render_attachments(_page_dossier_or_404(dossier_id), AttachmentForm(formdata=None))
    elif form.type_id.data and attachment_type is None:
        form.type_id.errors.append(_("Choose the document type."))
    if not is_htmx():
        return render_template("nominations/detail.html", dossier=dossier, **_attachment_context(dossier, form)), 422
    return _render_attachments(dossier, form, 422)


def _visible_attachment_or_404(dossier_id: int, attachment_id: int) -> tuple[Dossier, Attachment]:
    dossier = get_visible_dossier_or_404(current_user, dossier_id)
    attachment = db.session.scalar(
        select(Attachment).where(Attachment.id == attachment_id, Attachment.dossier_id == dossier.id)
    )
    if attachment is None:
        abort(404)
    return dossier, attachment


@bp.route("/<id:dossier_id>/attachments/<id:attachment_id>")
@login_required
def download(dossier_id: int, attachment_id: int):
    _, attachment = _visible_attachment_or_404(dossier_id, attachment_id)
    # On disk or in the database (FILE_STORAGE); a record that outlived its file is a 404, not a 500.
    return filestore.send(attachment.stored_name, mimetype=attachment.content_type,
                          download_name=attachment.original_name)


@bp.route("/<id:dossier_id>/attachments/<id:attachment_id>/delete", methods=["POST"])
@login_required
def delete_attachment(dossier_id: int, attachment_id: int):
    """Remove a file from the dossier: detached, kept with its file, listed as removed (restorable)."""
    return _change_attachment(dossier_id, attachment_id, operations.detach_attachment, _("File removed."))


@bp.route("/<id:dossier_id>/attachments/<id:attachment_id>/restore", methods=["POST"])
@login_required
def restore_attachment(dossier_id: int, attachment_id: int):
    return _change_attachment(dossier_id, attachment_id, operations.restore_attachment, _("File restored."))


def _change_attachment(dossier_id: int, attachment_id: int, change, done: str):
    # Removing a removed file (or restoring an attached one), e.g. a double click, changes nothing.
    dossier, attachment = _visible_attachment_or_404(dossier_id, attachment_id)
    if not can_manage_attachments(current_user, dossier):
        abort(403)
    change(current_user, attachment)
    db.session.commit()
    if is_htmx():
        return _render_attachments(_page_dossier_or_404(dossier_id))
    flash(done, "success")
    return redirect(url_for(".detail", dossier_id=dossier.id), code=303)

