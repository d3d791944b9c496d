"""The samples of the printed papers that are not Word templates: the certificates (certificate.docx with
positioned frames, and certificate.pdf drawn by reportlab as it prints on the forms, with the test print's
frames left out) and the bonus payment list (payment-list.xlsx, payment-list.docx and its PDF).

Called by ``write_samples`` (samples.py) after the template kinds; no database.
"""
import time
from pathlib import Path

from app.documents import pdf
from app.documents.certificate import render_docx as certificate_docx
from app.documents.certificate import render_pdf as certificate_pdf
from app.documents.certificate_sample import sample_certificates, sample_layout, sample_payment_list
from app.documents.payment_list import render_docx as payment_docx
from app.documents.payment_list import render_xlsx as payment_xlsx

CERTIFICATES = 3  # three honourees: three pages


def write(out: Path, with_pdf: bool = True) -> list:
    from app.documents.samples import Written

    written = []

    def save(name: str, make) -> None:
        started = time.perf_counter()
        path = out / name
        path.write_bytes(make())
        written.append(Written(path, time.perf_counter() - started))

    certificates = sample_certificates(CERTIFICATES)
    payment = sample_payment_list()
    save("certificate.docx", lambda: certificate_docx(sample_layout(), certificates))
    save("payment-list.xlsx", lambda: payment_xlsx(payment))
    save("payment-list.docx", lambda: payment_docx(payment))
    if with_pdf:
        save("certificate.pdf", lambda: certificate_pdf(sample_layout(), certificates, title="Bằng khen – mẫu"))
        save("payment-list.pdf", lambda: pdf.docx_to_pdf((out / "payment-list.docx").read_bytes()))
    return written
