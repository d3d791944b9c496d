"""The signed copy of a decision as the clerk releases it: a PDF, often digitally signed.

``read_signed_pdf`` refuses anything else (name, size, the ``%PDF-`` magic bytes, a file pypdf cannot
open or that has no page) and returns the bytes with what its signature fields declare: the signer's
name, the signing time, the reason and place, and whether a signature field exists at all.

pypdf (already a dependency) reads these dictionaries; it does not check the cryptographic signature
against the certificate chain (that would need pyHanko with its certificate stores and the national
root, the VGCA, which the app does not hold). The page therefore says "declared by the file", and the
clerk remains the one who vouches for the copy.
"""
import io
import logging
import re
from datetime import UTC, datetime, timedelta, timezone

from flask import current_app
from flask_babel import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

log = logging.getLogger(__name__)

_CHUNK = 64 * 1024
# D:YYYYMMDDHHmmSS with an optional offset +07'00' (PDF 32000-1, 7.9.4).
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-])?(\d{2})?'?(\d{2})?")


class SignedCopyRejected(ValueError):
    """The upload is not an acceptable signed copy; the message says why."""


def limit_bytes() -> int:
    return current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024


def _read_bounded(stream) -> bytes:
    out, size = io.BytesIO(), 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > limit_bytes():
            raise SignedCopyRejected(_("The file is larger than %(mb)s MB.", mb=current_app.config["MAX_UPLOAD_MB"]))
        out.write(chunk)
    return out.getvalue()


def pdf_date(value) -> str | None:
    """A PDF date as ISO 8601 ("2027-01-05T09:30:00+07:00"), or None when it cannot be read."""
    match = _PDF_DATE.match(str(value or ""))
    if not match:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    try:
        moment = datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
                          int(second or 0))
        if sign in ("+", "-"):
            offset = timedelta(hours=int(off_h or 0), minutes=int(off_m or 0))
            moment = moment.replace(tzinfo=timezone(offset if sign == "+" else -offset))
        elif sign in ("Z", "z"):
            moment = moment.replace(tzinfo=UTC)
    except ValueError:
        return None
    return moment.isoformat()


def signature_details(reader: PdfReader) -> dict:
    """What the PDF's signature fields declare: ``{"has_field": bool, "signatures": [{"name", "signed_at",
    "reason", "location", "sub_filter"}]}`` (a field without a value is an unsigned placeholder)."""
    signatures, has_field = [], False
    fields = reader.get_fields() or {}
    for field in fields.values():
        if field.get("/FT") != "/Sig":
            continue
        has_field = True
        value = field.get("/V")
        value = value.get_object() if value is not None and hasattr(value, "get_object") else value
        if not value:
            continue
        signatures.append({
            "name": str(value.get("/Name") or field.get("/T") or ""),
            "signed_at": pdf_date(value.get("/M")),
            "reason": str(value.get("/Reason") or ""),
            "location": str(value.get("/Location") or ""),
            "sub_filter": str(value.get("/SubFilter") or "").lstrip("/"),
        })
    return {"has_field": has_field, "signatures": signatures}


def read_signed_pdf(stream, filename: str) -> tuple[bytes, dict]:
    """The uploaded signed copy's bytes and its signature details; SignedCopyRejected with the reason."""
    if not filename or not filename.lower().endswith(".pdf"):
        raise SignedCopyRejected(_("The signed copy must be a PDF file."))
    content = _read_bounded(stream)
    if not content:
        raise SignedCopyRejected(_("The file is empty."))
    # The magic bytes, within the first KiB as readers allow; the name alone proves nothing.
    if b"%PDF-" not in content[:1024]:
        raise SignedCopyRejected(_("The file is not a PDF (its content does not start as a PDF does)."))
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise SignedCopyRejected(_("The PDF is password-protected: upload the copy as released, without a "
                                       "password."))
        if len(reader.pages) < 1:
            raise SignedCopyRejected(_("The PDF has no page."))
        details = signature_details(reader)
    except SignedCopyRejected:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        log.info("signed copy refused: %s", error)
        raise SignedCopyRejected(_("The PDF cannot be read: %(reason)s", reason=str(error)[:120])) from None
    details["pages"] = len(reader.pages)
    return content, details
