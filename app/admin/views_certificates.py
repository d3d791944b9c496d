"""Admin screens for the certificate layouts (/admin/certificate-layouts): where each field of a pre-printed
form prints, and the test print the clerk lays over a real form to check it."""
from flask import make_response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.admin import bp
from app.admin.common import committed, is_taken, render_form
from app.admin.forms_certificates import CertificateLayoutForm
from app.certificates.build import default_fields, font_missing_message, page_layout
from app.documents.certificate import CertificateFontMissing, render_pdf
from app.documents.certificate_sample import sample_certificates
from app.downloads import PDF_MIME
from app.extensions import db
from app.models import Award
from app.models.base import utcnow
from app.models.certificates import Align, CertificateField, CertificateLayout, FieldKey, Orientation, Paper


@bp.route("/certificate-layouts/")
def certificate_layouts():
    rows = db.session.scalars(select(CertificateLayout).order_by(CertificateLayout.name)).all()
    return render_template("admin/certificates/list.html", rows=rows)


def _form(layout: CertificateLayout | None) -> CertificateLayoutForm:
    form = CertificateLayoutForm()
    awards = db.session.scalars(select(Award).order_by(Award.sort_order, Award.name)).all()
    form.award_id.choices = [(0, "—")] + [(a.id, a.name) for a in awards]
    if request.method == "GET":
        fields = layout.fields if layout is not None else default_fields()
        if layout is not None:
            form.name.data, form.note.data = layout.name, layout.note
            form.award_id.data = layout.award_id or 0
            form.paper.data, form.orientation.data = layout.paper.value, layout.orientation.value
        else:
            form.paper.data, form.orientation.data = Paper.A4.value, Orientation.LANDSCAPE.value
        by_key = {f.key: f for f in fields}
        for key, sub in form.field_forms():
            row = by_key.get(key)
            if row is None:
                continue
            box = sub.form
            box.printed.data, box.x_mm.data, box.y_mm.data = row.printed, row.x_mm, row.y_mm
            box.width_mm.data, box.font_size.data, box.lines.data = row.width_mm, row.font_size, row.lines
            box.align.data, box.bold.data = row.align.value, row.bold
    return form


def _save(form: CertificateLayoutForm, layout: CertificateLayout) -> bool:
    if is_taken(CertificateLayout.name, form.name.data, layout.id):
        form.name.errors.append(_("Another layout is already called %(name)s.", name=form.name.data))
        return False
    layout.name = form.name.data
    layout.award_id = form.award_id.data or None
    layout.paper, layout.orientation = Paper(form.paper.data), Orientation(form.orientation.data)
    layout.note = form.note.data or ""
    layout.updated_by_id = current_user.id
    layout.updated_at = utcnow()
    existing = {f.key: f for f in layout.fields}
    for key, sub in form.field_forms():
        box = sub.form
        row = existing.get(key)
        if row is None:
            row = CertificateField(key=key)
            layout.fields.append(row)
        row.printed, row.x_mm, row.y_mm = box.printed.data, box.x_mm.data, box.y_mm.data
        row.width_mm, row.font_size, row.lines = box.width_mm.data, box.font_size.data, box.lines.data
        row.align, row.bold = Align(box.align.data), box.bold.data
    db.session.add(layout)
    db.session.flush()
    return True


def _page(form, layout):
    return render_form("admin/certificates/form.html", form, layout=layout, FieldKey=FieldKey)


@bp.route("/certificate-layouts/new", methods=["GET", "POST"])
def certificate_layout_create():
    form = _form(None)
    if form.validate_on_submit():
        layout = CertificateLayout()
        if _save(form, layout):
            return committed(_("Layout %(name)s saved: print a test page and lay it over a blank form.",
                               name=layout.name), ".certificate_layout_edit", layout_id=layout.id)
        db.session.rollback()
    return _page(form, None)


@bp.route("/certificate-layouts/<id:layout_id>/edit", methods=["GET", "POST"])
def certificate_layout_edit(layout_id: int):
    layout = db.get_or_404(CertificateLayout, layout_id)
    form = _form(layout)
    if form.validate_on_submit():
        if _save(form, layout):
            return committed(_("Layout %(name)s saved.", name=layout.name), ".certificate_layout_edit",
                             layout_id=layout.id)
        db.session.rollback()
        layout = db.get_or_404(CertificateLayout, layout_id)
    return _page(form, layout)


@bp.route("/certificate-layouts/<id:layout_id>/delete", methods=["POST"])
def certificate_layout_delete(layout_id: int):
    layout = db.get_or_404(CertificateLayout, layout_id)
    name = layout.name
    db.session.delete(layout)
    return committed(_("Layout %(name)s deleted.", name=name), ".certificate_layouts")


@bp.route("/certificate-layouts/<id:layout_id>/test-print.pdf")
def certificate_layout_test_print(layout_id: int):
    """One page of sample data with a frame and a crosshair at each field (``?frames=0``: the text alone, to
    print on a real form), opened in the browser to print at 100 %."""
    layout = db.get_or_404(CertificateLayout, layout_id)
    frames = request.args.get("frames") != "0"
    try:
        content = render_pdf(page_layout(layout), sample_certificates(1), test_frames=frames,
                             title=f"{layout.name} – test")
    except CertificateFontMissing:
        return render_template("admin/_alert.html", message=font_missing_message(), category="danger"), 503
    response = make_response(content)
    response.headers["Content-Type"] = PDF_MIME
    response.headers["Content-Disposition"] = f'inline; filename="test-print-{layout.id}.pdf"'
    return response
