"""Sending a generated document: the DOCX as made, or its PDF (LibreOffice, app/documents/pdf.py).

Views decide who may download what (app/access.py); this module only chooses the format from
``?format=pdf`` and turns a failed conversion into a message instead of a server error.
"""
import logging
from io import BytesIO

from flask import abort, request, send_file
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from app.documents import pdf

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"
log = logging.getLogger(__name__)


def wants_pdf() -> bool:
    """The format asked for: ``?format=pdf``; anything else (or nothing) is the DOCX."""
    fmt = request.args.get("format", "docx")
    if fmt not in ("docx", "pdf"):
        abort(404)
    return fmt == "pdf"


class PdfUnavailable(Exception):
    """The PDF could not be made; ``str()`` is the message for the user."""


def to_pdf(docx: bytes) -> bytes:
    """The PDF of ``docx``, within pdf.DEFAULT_TIMEOUT; PdfUnavailable with a translated message if not."""
    try:
        return pdf.docx_to_pdf(docx)
    except pdf.PdfConversionError as failure:
        log.error("PDF download failed: %s", failure)
        raise PdfUnavailable(_("The PDF could not be made right now (%(reason)s). Download the DOCX instead.",
                               reason=str(failure)[:200])) from failure


def send_document(docx: bytes, stem: str) -> ResponseReturnValue:
    """``stem``.docx, or ``stem``.pdf when the request asks for a PDF (503 with the reason if it cannot be made)."""
    if wants_pdf():
        try:
            content = to_pdf(docx)
        except PdfUnavailable as unavailable:
            abort(503, description=str(unavailable))
        return send_file(BytesIO(content), mimetype=PDF_MIME, as_attachment=True, download_name=f"{stem}.pdf")
    return send_file(BytesIO(docx), mimetype=DOCX_MIME, as_attachment=True, download_name=f"{stem}.docx")
