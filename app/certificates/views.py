"""Printing from a decision: start the certificates job, download the bonus payment list (XLSX, DOCX, PDF).

Both are scoped like the decision's own download: the province gets every honouree, a unit only the
honourees it sees (``access.dossier_scope``); anyone else gets a 404, as for the decision itself.
"""
from io import BytesIO

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app import access, document_texts, jobs
from app.certificates import bp, build
from app.certificates.jobs import KIND
from app.decisions import texts
from app.decisions.operations import position_unit
from app.documents.dates import vn_place_date
from app.documents.payment_list import PaymentLine, PaymentList, render_docx, render_xlsx
from app.downloads import send_document
from app.extensions import db
from app.models import AwardDecision, Dossier
from app.models.certificates import CertificateLayout
from app.numbers import whole_number

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _decision_or_404(decision_id: int, allowed) -> AwardDecision:
    decision = db.session.get(AwardDecision, decision_id)
    if decision is None or not allowed(current_user, decision):
        abort(404)
    return decision


def visible_ids(decision: AwardDecision) -> list[int]:
    """The decision's honourees still awarded this user may print: all for the province, a unit its own."""
    return list(db.session.scalars(select(Dossier.id).where(build.awarded_by(decision),
                                                            access.dossier_scope(current_user))))


@bp.route("/<id:decision_id>/certificates", methods=["POST"])
@login_required
def print_certificates(decision_id: int):
    """Queue the job that prints the certificates on the chosen form; the job page shows its progress."""
    decision = _decision_or_404(decision_id, access.can_print_certificates)
    layout_id = request.form.get("layout_id", type=whole_number)
    layout = db.session.get(CertificateLayout, layout_id) if layout_id else None
    if layout is None:
        flash(_("Choose the certificate form to print on (an administrator creates the layouts)."), "error")
        return redirect(url_for("decisions.show", decision_id=decision.id), code=303)
    ids = visible_ids(decision)
    if not ids:
        abort(404)
    job = jobs.create(KIND, current_user, params={"decision_id": decision.id, "layout_id": layout.id,
                                                  "dossier_ids": ids}, total=len(ids))
    db.session.commit()
    jobs.enqueue(job)
    return redirect(url_for("jobs.job_page", job_id=job.id), code=303)


def payment_list_of(decision: AwardDecision, dossier_ids: list[int]) -> PaymentList:
    """The list for ``dossier_ids`` of a numbered and dated decision (access.can_download_payment_list)."""
    assert decision.signed_on is not None
    award = decision.award
    lines = tuple(PaymentLine(d.nominee_name, position_unit(d), award.name, award.coefficient_for(d.nominee_kind),
                              d.bonus_amount or 0) for d in build.honourees(decision, dossier_ids))
    province = build.facts_of(decision).place
    issuer_lines = tuple(document_texts.value(document_texts.PAYMENT_ISSUER).split("\n"))
    if decision.issuer_unit is not None:  # a unit's own decision: its head's, paid from its own fund
        issuer = texts.issuer_for(decision.issuer_unit, province)
        authority, issuer_lines = issuer.owner_name, (issuer.parent_line, issuer.name_line)
    else:
        authority = f"Chủ tịch Ủy ban nhân dân tỉnh {province}"
    return PaymentList(
        issuer_lines=issuer_lines,
        decision_line=f"(Kèm theo Quyết định số {decision.reference} ngày {decision.signed_on:%d/%m/%Y} của "
                      f"{authority} về việc tặng {award.name})",
        base_salary=decision.base_salary,
        money_source=build.money_source_of(decision),
        place_date=vn_place_date(province, decision.signed_on),
        signer_titles=tuple(document_texts.value(key) for key in document_texts.PAYMENT_SIGNERS),  # type: ignore[arg-type]
        lines=lines)


@bp.route("/<id:decision_id>/payment-list.<any(xlsx, docx):fmt>")
@login_required
def payment_list(decision_id: int, fmt: str):
    """The bonus payment list; ``.docx?format=pdf`` gives its PDF."""
    decision = _decision_or_404(decision_id, access.can_download_payment_list)
    ids = visible_ids(decision)
    if not ids:
        abort(404)
    payment = payment_list_of(decision, ids)
    stem = f"Bang-ke-chi-thuong-{decision.number}-{decision.year}"
    if not access.can_read_whole_decision(current_user, decision):
        stem += "-trich"
    if fmt == "xlsx":
        return send_file(BytesIO(render_xlsx(payment)), mimetype=XLSX_MIME, as_attachment=True,
                         download_name=f"{stem}.xlsx")
    return send_document(render_docx(payment), stem)


@bp.app_template_global()
def certificate_layouts(decision: AwardDecision) -> list[CertificateLayout]:
    """The forms offered on the decision page, the one bound to the decision's award first."""
    layouts = db.session.scalars(select(CertificateLayout).order_by(CertificateLayout.name)).all()
    return sorted(layouts, key=lambda layout: layout.award_id != decision.award_id)
