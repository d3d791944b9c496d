"""Demo attachment files: a tiny real PDF per dossier and document type, stored like an upload.

Files live where uploads live (app/nominations/storage.py's ``path_for`` under UPLOAD_FOLDER), under
a name derived from the dossier's natural key and the type code instead of a random one. So a re-run
finds its own rows by (dossier, type), and when a row exists but its file does not (an old database
on a new machine) the same bytes can be written again. Files are written only after the database
commit, so a failed load leaves no orphans; a row whose write then fails is repaired by the next run.
"""
import hashlib
import os
import unicodedata
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select

from app.demo.catalogue import ATTACHMENT_TYPES, AWARDS
from app.demo.org import UNIT_SPECS
from app.demo.plan import DossierSpec
from app.demo.tally import Tally
from app.extensions import db
from app.models import Attachment, AttachmentType, Dossier, DossierEvent, User
from app.nominations import storage

PDF_TYPE = "application/pdf"
_NAMESPACE = uuid.UUID("6f1c1f0e-3b7a-5d8e-9a51-4c2b7e0d9a10")  # fixed: the names must not change
_TYPE_NAMES = {code: name for code, name, _ in ATTACHMENT_TYPES}
_AWARD_NAMES = {row["code"]: row["name"] for row in AWARDS}

# (stored name, content) still to be written once the transaction has committed.
PendingFiles = list[tuple[str, bytes]]


def wanted_types(spec: DossierSpec, required: list[AttachmentType], index: int) -> list[AttachmentType]:
    """Every required type once the dossier has left the draft; a draft has some but not all of them."""
    if spec.target != "draft":
        return list(required)
    if len(required) < 2:
        return []
    return list(required[: 1 + index % (len(required) - 1)])


def stored_name(spec: DossierSpec, type_code: str) -> str:
    key = f"{spec.unit}|{spec.campaign}|{spec.award}|{spec.key}|{type_code}"
    return uuid.uuid5(_NAMESPACE, key).hex


def _ascii(text: str) -> str:
    """Vietnamese without marks for the page text: the standard PDF fonts have no Vietnamese glyphs."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn").encode("ascii", "replace").decode()


def _slug(text: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in _ascii(text).lower()).split()
    return "-".join(words)


def original_name(spec: DossierSpec, type_code: str, type_name: str) -> str:
    return f"{_slug(_TYPE_NAMES.get(type_code, type_name))}-{_slug(spec.name)}"[:120] + ".pdf"


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _utf16(text: str) -> str:
    """A PDF text string in UTF-16BE with its byte-order mark: the document title keeps its diacritics."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A one-page A4 PDF with ``lines`` in Helvetica and ``title`` as the document title."""
    text = ["BT", "/F1 13 Tf", "72 770 Td", "16 TL"]
    for line in lines:
        text.append(f"{_pdf_string(_ascii(line))} Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Title {_utf16(title)} /Creator (khenthuong demo) >>".encode("ascii"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def content_for(spec: DossierSpec, type_code: str, type_name: str) -> bytes:
    """The demo file of one dossier and type; made only from the spec, so it is the same on every run."""
    type_name = _TYPE_NAMES.get(type_code, type_name)
    unit = UNIT_SPECS[spec.unit].name
    award = _AWARD_NAMES.get(spec.award, spec.award)
    return pdf_bytes(f"{type_name} – {spec.name}", [
        type_name.upper(),
        "",
        f"Đơn vị trình: {unit}",
        f"Đề nghị: {award} ({spec.campaign})",
        f"Tập thể/cá nhân được đề nghị: {spec.name}",
        "",
        "Tài liệu minh họa của dữ liệu demo khenthuong; không có giá trị pháp lý.",
    ])


def _new_row(spec: DossierSpec, dossier: Dossier, attachment_type: AttachmentType, uploader: User | None,
             when: datetime, pending: PendingFiles) -> Attachment:
    content = content_for(spec, attachment_type.code, attachment_type.name)
    name = stored_name(spec, attachment_type.code)
    attachment = Attachment(
        dossier=dossier, type=attachment_type, original_name=original_name(spec, attachment_type.code,
                                                                            attachment_type.name),
        stored_name=name, content_type=PDF_TYPE, size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(), uploaded_by=uploader, uploaded_at=when,
    )
    pending.append((name, content))
    return attachment


def attach_while_drafting(tally: Tally, spec: DossierSpec, dossier: Dossier, types: list[AttachmentType],
                          officer: User, created_at: datetime, pending: PendingFiles) -> None:
    """Attach to a dossier being built, right after its creation, with the history rows the app writes.

    The caller appends these events after the "create" one and before any later step: the history
    is ordered by id and reads create → attach … → submit.
    """
    for number, attachment_type in enumerate(types, start=1):
        when = created_at + timedelta(minutes=6 * number)
        attachment = _new_row(spec, dossier, attachment_type, officer, when, pending)
        dossier.events.append(DossierEvent(
            action="attach", actor=officer, actor_role=officer.role, from_state=dossier.events[0].to_state,
            to_state=dossier.events[0].to_state, comment=f"{attachment_type.name}: {attachment.original_name}",
            created_at=when,
        ))
        tally.created("attachments")


def complete_existing(tally: Tally, spec: DossierSpec, dossier: Dossier, types: list[AttachmentType],
                      pending: PendingFiles) -> None:
    """Add the demo files an existing dossier lacks, matched by (dossier, type).

    No history row: it would sort after the dossier's later steps. This only happens to databases
    loaded by an earlier demo version, before the demo had files.
    """
    have = {a.type_id for a in dossier.attachments}
    for number, attachment_type in enumerate(types, start=1):
        if attachment_type.id in have:
            tally.present("attachments")
            continue
        when = dossier.created_at + timedelta(minutes=6 * number)
        db.session.add(_new_row(spec, dossier, attachment_type, dossier.created_by, when, pending))
        tally.created("attachments")


def restore_missing_files(tally: Tally, specs_by_dossier: dict[int, DossierSpec], pending: PendingFiles) -> None:
    """Rewrite the demo files that are gone from disk; the row is made to describe the bytes written."""
    queued = {name for name, _ in pending}
    rows = db.session.scalars(select(Attachment).where(Attachment.dossier_id.in_(list(specs_by_dossier)))).all()
    for row in rows:
        spec = specs_by_dossier[row.dossier_id]
        if row.stored_name in queued or row.stored_name != stored_name(spec, row.type.code):
            continue  # just created, or a file a user uploaded: not the demo's to rewrite
        if os.path.exists(storage.path_for(row.stored_name)):
            continue
        content = content_for(spec, row.type.code, row.type.name)
        row.size_bytes, row.sha256, row.content_type = len(content), hashlib.sha256(content).hexdigest(), PDF_TYPE
        pending.append((row.stored_name, content))
        tally.repaired("restored missing files")


def write_files(pending: PendingFiles) -> None:
    for name, content in pending:
        path = storage.path_for(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        temporary = f"{path}.part"
        with open(temporary, "wb") as out:
            out.write(content)
        os.replace(temporary, path)  # never a half-written file under the real name
