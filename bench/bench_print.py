"""Benchmark (issue 9, "Speed"): the decision DOCX and PDF for 1,000 honourees, the certificates PDF for 1,000
honourees as the background job a clerk starts, and the whole sample set of ``flask documents samples``.

Run: ``.venv/bin/python bench/bench_print.py [--honourees 1000] [--no-samples]``. Prints a Markdown table
and PASS/FAIL for the one stated goal (the certificates of 1,000 honourees in under a minute, as a job).

* decision DOCX: ``render_decision`` of the synthetic 1,000-honouree decision (the docxtpl template);
* decision PDF: that DOCX through LibreOffice headless (app/documents/pdf.py), the way a download makes it;
* certificates job: a scratch SQLite database (``db.create_all()``) with one decision honouring N dossiers
  and a layout; the secretary POSTs /decisions/<id>/certificates through the real view, the job runs
  (Huey's immediate mode: in the request, as in the tests) and the PDF is downloaded from /jobs/<id>/download;
  the time is from the POST to the downloaded file, and the job's own progress rows are checked;
* certificates render alone: ``render_pdf`` of N sample certificates, no database;
* the sample set: ``write_samples`` into a temporary folder, every DOCX/XLSX and PDF (LibreOffice for each
  DOCX, which is most of the time: one ``soffice`` start per file, two at a time).

The load average is printed: other work on this 2-core machine inflates wall-clock times.
"""
import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GOAL_CERTIFICATES_SECONDS = 60.0


def timed(run):
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def decision_documents(honourees: int):
    from app.documents.decision import render_decision
    from app.documents.pdf import docx_to_pdf
    from app.documents.sample import sample_document

    document = sample_document(honourees)
    render_decision(document)  # warm-up: template parsing
    docx, docx_wall, docx_cpu = timed(lambda: render_decision(document))
    pdf, pdf_wall, pdf_cpu = timed(lambda: docx_to_pdf(docx))
    return [("Decision DOCX", honourees, docx_wall, docx_cpu, len(docx)),
            ("Decision PDF (LibreOffice, from the DOCX)", honourees, pdf_wall, pdf_cpu, len(pdf))]


def certificates_job(honourees: int):
    """Seed a scratch database, start the job through the view, download the result."""
    import pypdf

    from app import create_app
    from app.certificates.build import default_fields
    from app.extensions import db
    from app.models import NomineeKind, Role
    from app.models.certificates import CertificateLayout
    from app.models.jobs import Job, JobStatus
    from app.models.states import State
    from tests import factories

    with tempfile.TemporaryDirectory(prefix="kt-bench-print-") as folder:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                          "RATELIMIT_ENABLED": False, "UPLOAD_FOLDER": folder,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite"})
        with app.app_context():
            db.create_all()
            units = [factories.make_unit(f"Sở thứ {n}") for n in range(10)]
            award = factories.make_award(name="Bằng khen của Chủ tịch UBND tỉnh")
            campaign = factories.make_campaign(2026)
            decision = factories.make_decision(award, number=125, year=2026)
            for index in range(honourees):
                factories.make_dossier(units[index % 10], award=award, campaign=campaign, state=State.AWARDED,
                                       kind=NomineeKind.COLLECTIVE if index % 5 == 4 else NomineeKind.INDIVIDUAL,
                                       name=f"Nguyễn Thị Hồng {index}", decision_id=decision.id,
                                       bonus_amount=3_510_000)
            layout = CertificateLayout(name="Bằng khen tỉnh", award_id=award.id)
            layout.fields = default_fields()
            db.session.add(layout)
            secretary = factories.make_actor(Role.SECRETARY, factories.make_unit("Sở Nội vụ"))
            db.session.commit()
            client = factories.signed_in_client(app, secretary)
            decision_id, layout_id = decision.id, layout.id

            def run():
                response = client.post(f"/decisions/{decision_id}/certificates", data={"layout_id": layout_id})
                job_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
                download = client.get(f"/jobs/{job_id}/download")
                return job_id, download.data

            (job_id, content), wall, cpu = timed(run)
            db.session.expire_all()
            job = db.session.get(Job, job_id)
            assert job.status is JobStatus.DONE and job.progress_done == job.progress_total == honourees
            pages = len(pypdf.PdfReader(io.BytesIO(content)).pages)
            assert pages == honourees, pages
    return [("Certificates PDF, as a job (POST → job done → download)", honourees, wall, cpu, len(content))]


def certificates_render(honourees: int):
    from app.documents.certificate import render_pdf
    from app.documents.certificate_sample import sample_certificates, sample_layout

    certificates = sample_certificates(honourees)
    render_pdf(sample_layout(), certificates[:1])  # warm-up: the font
    content, wall, cpu = timed(lambda: render_pdf(sample_layout(), certificates))
    return [("Certificates PDF, render alone (reportlab)", honourees, wall, cpu, len(content))]


def sample_set():
    from app.documents.samples import write_samples

    with tempfile.TemporaryDirectory(prefix="kt-bench-samples-") as folder:
        written, wall, cpu = timed(lambda: write_samples(Path(folder)))
        total = sum(item.path.stat().st_size for item in written)
        return [(f"Whole sample set ({len(written)} files, DOCX/XLSX + PDF)", None, wall, cpu, total)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--honourees", type=int, default=1000)
    parser.add_argument("--no-samples", action="store_true", help="skip the sample set (LibreOffice, slow)")
    args = parser.parse_args()
    rows = decision_documents(args.honourees) + certificates_job(args.honourees) + certificates_render(args.honourees)
    if not args.no_samples:
        rows += sample_set()
    print(f"Printing benchmark (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)\n")
    print("| What | Honourees | Wall time | CPU time (this process) | Size |")
    print("|---|---:|---:|---:|---:|")
    for what, count, wall, cpu, size in rows:
        print(f"| {what} | {count or ''} | {wall:.2f} s | {cpu:.2f} s | {size / 1024:.0f} KiB |")
    job_wall = next(wall for what, _count, wall, _cpu, _size in rows if what.startswith("Certificates PDF, as a job"))
    verdict = "PASS" if job_wall < GOAL_CERTIFICATES_SECONDS else "FAIL"
    print(f"\nGoal: certificates of {args.honourees:,} honourees in under {GOAL_CERTIFICATES_SECONDS:.0f} s as a job: "
          f"{job_wall:.2f} s — {verdict}")


if __name__ == "__main__":
    main()
