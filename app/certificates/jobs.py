"""The background job that prints a decision's certificates into one PDF (a thousand pages in a few seconds,
but a request should not hold a worker that long, and the clerk sees the progress on /jobs/<id>)."""
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import jobs
from app.certificates import build
from app.documents.certificate import CertificateFontMissing, render_pdf
from app.extensions import db
from app.jobs.runner import JobFailed, JobResult
from app.models import AwardDecision
from app.models.certificates import CertificateLayout

KIND = "certificates.print"


def file_name(decision: AwardDecision) -> str:
    return f"Chung-nhan-{decision.number}-{decision.year}.pdf"


def run(job, progress) -> JobResult:
    """Params: decision_id, layout_id, dossier_ids (those the starter could see when starting the job)."""
    decision = db.session.get(AwardDecision, job.params["decision_id"])
    layout = db.session.get(CertificateLayout, job.params["layout_id"])
    if decision is None or layout is None:
        raise JobFailed(_("The decision or the certificate layout was deleted meanwhile."))
    dossiers = build.honourees(decision, job.params["dossier_ids"])
    if not dossiers:
        raise JobFailed(_("No honouree of this decision is left to print."))
    total = len(dossiers)
    progress(0, total, _("Printing %(n)s certificates", n=total), force=True)
    certificates = build.certificates_of(decision, dossiers)
    try:
        content = render_pdf(build.page_layout(layout), certificates, title=f"{layout.name} – {decision.reference}",
                             progress=lambda done: progress(done, total))
    except CertificateFontMissing:
        raise JobFailed(build.font_missing_message()) from None
    return JobResult(data={"pages": total, "decision_id": decision.id}, file=content, file_name=file_name(decision))


def _decision_page(job) -> str | None:
    return url_for("decisions.show", decision_id=job.params["decision_id"])


jobs.register(KIND, run, label=_l("Certificates of a decision"), result_url=_decision_page)
