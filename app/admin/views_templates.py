"""Admin screens for the Word templates of the documents: each kind's versions, upload, preview,
activate and roll back (app/doctemplates). Nothing is deleted: the versions are the history."""
from io import BytesIO

from flask import abort, flash, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from app.access import can_administer
from app.admin import bp
from app.admin.common import see_other
from app.admin.forms_templates import TemplateUploadForm
from app.doctemplates import store
from app.doctemplates.checks import MAX_BYTES
from app.documents.kinds import TemplateKind, all_kinds
from app.downloads import DOCX_MIME, send_document
from app.extensions import db
from app.models import DocumentTemplate

# The multipart envelope around the file and the note.
_FORM_OVERHEAD = 64 * 1024


def _kind_or_404(name: str) -> TemplateKind:
    return store.kind_or_none(name) or abort(404)


def _version_or_404(kind: TemplateKind, number: int) -> DocumentTemplate:
    return store.version(kind.name, number) or abort(404)


@bp.route("/document-templates/")
def document_templates():
    rows = [(kind, store.active(kind.name)) for kind in all_kinds()]
    return render_template("admin/doc_templates/list.html", rows=rows)


def _kind_page(kind: TemplateKind, form: TemplateUploadForm, problems: list[str] | None = None, status: int = 200):
    return render_template("admin/doc_templates/kind.html", kind=kind, form=form, versions=store.versions(kind.name),
                           problems=problems or [], max_mb=MAX_BYTES // (1024 * 1024)), status


@bp.route("/document-templates/<kind_name>/")
def document_template_kind(kind_name: str):
    return _kind_page(_kind_or_404(kind_name), TemplateUploadForm())


@bp.url_value_preprocessor
def _refuse_oversized_template(endpoint: str | None, values: dict | None) -> None:
    """A template upload larger than the limit is refused from the size the browser announces, before
    anything reads the body (URL preprocessors run before every before_request, CSRF's included)."""
    if endpoint != "admin.document_template_upload" or not (current_user.is_authenticated
                                                              and can_administer(current_user)):
        return
    if request.content_length is None or request.content_length > MAX_BYTES + _FORM_OVERHEAD:
        flash(_("The template is larger than %(mb)s MB: it was not uploaded.", mb=MAX_BYTES // (1024 * 1024)),
              "error")
        abort(see_other(".document_template_kind", kind_name=(values or {}).get("kind_name", "")))


@bp.route("/document-templates/<kind_name>/upload", methods=["POST"])
def document_template_upload(kind_name: str):
    kind = _kind_or_404(kind_name)
    form = TemplateUploadForm()
    if not form.validate_on_submit():
        return _kind_page(kind, form, status=422)
    upload = form.file.data
    content = upload.stream.read(MAX_BYTES + 1)
    try:
        row = store.upload(current_user, kind, content, upload.filename or "", form.note.data or "")
    except store.TemplateRefused as refused:
        db.session.rollback()
        return _kind_page(kind, form, refused.problems, 422)
    db.session.commit()
    flash(_("Version %(n)s uploaded and checked. Preview it, then activate it.", n=row.version), "success")
    return see_other(".document_template_kind", kind_name=kind.name)


@bp.route("/document-templates/<kind_name>/download")
def document_template_download(kind_name: str):
    """The template in force (the built-in one when no version is active): the starting point for an edit."""
    kind = _kind_or_404(kind_name)
    row = store.active(kind.name)
    content, name = (row.docx, f"{kind.name}-v{row.version}") if row else (kind.builtin_bytes(), f"{kind.name}-goc")
    return send_file(BytesIO(content), mimetype=DOCX_MIME, as_attachment=True, download_name=f"{name}.docx")


@bp.route("/document-templates/<kind_name>/builtin")
def document_template_builtin(kind_name: str):
    kind = _kind_or_404(kind_name)
    return send_file(BytesIO(kind.builtin_bytes()), mimetype=DOCX_MIME, as_attachment=True,
                     download_name=f"{kind.name}-goc.docx")


@bp.route("/document-templates/<kind_name>/versions/<id:number>/download")
def document_template_version(kind_name: str, number: int):
    kind = _kind_or_404(kind_name)
    row = _version_or_404(kind, number)
    return send_file(BytesIO(row.docx), mimetype=DOCX_MIME, as_attachment=True,
                     download_name=f"{kind.name}-v{row.version}.docx")


@bp.route("/document-templates/<kind_name>/versions/<id:number>/preview")
def document_template_preview(kind_name: str, number: int):
    """The sample document printed with this version (DOCX, or PDF with ?format=pdf), before activating it."""
    kind = _kind_or_404(kind_name)
    row = _version_or_404(kind, number)
    try:
        sample = store.sample(kind, row.docx)
    except store.TemplateRefused as refused:
        flash(_("Version %(n)s no longer renders: %(reasons)s", n=number, reasons=" ".join(refused.problems)),
              "error")
        return see_other(".document_template_kind", kind_name=kind.name)
    return send_document(sample, f"{kind.name}-v{row.version}-mau")


@bp.route("/document-templates/<kind_name>/versions/<id:number>/activate", methods=["POST"])
def document_template_activate(kind_name: str, number: int):
    """Put a version in force; activating an earlier version is the rollback."""
    kind = _kind_or_404(kind_name)
    row = _version_or_404(kind, number)
    try:
        store.activate(current_user, kind, row)
    except store.TemplateRefused as refused:
        db.session.rollback()
        flash(_("Version %(n)s cannot be activated: %(reasons)s", n=number, reasons=" ".join(refused.problems)),
              "error")
        return see_other(".document_template_kind", kind_name=kind.name)
    db.session.commit()
    flash(_("Version %(n)s is now in force.", n=number), "success")
    return see_other(".document_template_kind", kind_name=kind.name)


@bp.route("/document-templates/<kind_name>/use-builtin", methods=["POST"])
def document_template_use_builtin(kind_name: str):
    kind = _kind_or_404(kind_name)
    store.activate(current_user, kind, None)
    db.session.commit()
    flash(_("The built-in template is now in force."), "success")
    return see_other(".document_template_kind", kind_name=kind.name)
