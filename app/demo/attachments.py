"""Demo attachment files: a tiny real PDF per dossier and document type, uploaded through the app.

Each file goes through ``add_attachment`` (app/nominations/operations.py) like an upload: stored under
a generated name, checked by content, with its history row. Its bytes are made from the dossier's
plan alone, so they are the same on every run: a row whose checksum is the demo's bytes for its
dossier and type is the demo's own, and when its file is gone from disk (an old database on a new
machine) the same bytes are written again under its stored name. A file a user uploaded has other
bytes and is left alone.
"""
import hashlib
import io
import os
import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import select

from app import filestore
from app.demo.catalogue import ATTACHMENT_TYPES, AWARDS
from app.demo.org import UNIT_SPECS
from app.demo.plan import DossierSpec
from app.demo.tally import Tally
from app.extensions import db
from app.models import Attachment, AttachmentType, Dossier, User
from app.nominations.operations import add_attachment

_TYPE_NAMES = {code: name for code, name, _ in ATTACHMENT_TYPES}
_AWARD_NAMES = {row["code"]: row["name"] for row in AWARDS}


def wanted_types(spec: DossierSpec, required: list[AttachmentType], index: int) -> list[AttachmentType]:
    """Every required type once the dossier has left the draft; a draft has some but not all of them."""
    if spec.target != "draft":
        return list(required)
    if len(required) < 2:
        return []
    return list(required[: 1 + index % (len(required) - 1)])


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


def _attach(tally: Tally, spec: DossierSpec, dossier: Dossier, attachment_type: AttachmentType, uploader: User,
            at: datetime | None, written: list[str]) -> None:
    content = content_for(spec, attachment_type.code, attachment_type.name)
    attachment = add_attachment(uploader, dossier, attachment_type, io.BytesIO(content),
                                original_name(spec, attachment_type.code, attachment_type.name), at=at)
    written.append(attachment.stored_name)
    tally.created("attachments")


def attach_while_drafting(tally: Tally, spec: DossierSpec, dossier: Dossier, types: list[AttachmentType],
                          officer: User, created_at: datetime, written: list[str]) -> None:
    """The officer uploads the files minutes after creating the dossier; ``written`` gets their stored names."""
    for number, attachment_type in enumerate(types, start=1):
        _attach(tally, spec, dossier, attachment_type, officer, created_at + timedelta(minutes=6 * number), written)


def complete_existing(tally: Tally, spec: DossierSpec, dossier: Dossier, types: list[AttachmentType],
                      written: list[str]) -> None:
    """Add the demo files an existing dossier lacks, matched by (dossier, type), as its creator, now.

    This only happens to databases loaded by an earlier demo version, before the demo had files; the
    history says when the files really came.
    """
    have = {a.type_id for a in dossier.attachments}
    for attachment_type in types:
        if attachment_type.id in have:
            tally.present("attachments")
        elif dossier.created_by is not None:  # nobody to upload them: the account has been deleted
            _attach(tally, spec, dossier, attachment_type, dossier.created_by, None, written)


def restore_missing_files(tally: Tally, specs_by_dossier: dict[int, DossierSpec]) -> None:
    """Write again the demo files of these dossiers that are gone from disk (their rows are committed)."""
    rows = db.session.scalars(select(Attachment).where(Attachment.dossier_id.in_(list(specs_by_dossier)))).all()
    for row in rows:
        if filestore.exists(row.stored_name):
            continue
        content = content_for(specs_by_dossier[row.dossier_id], row.type.code, row.type.name)
        if hashlib.sha256(content).hexdigest() != row.sha256:
            continue  # a file a user uploaded: not the demo's to rewrite
        temporary = os.path.join(filestore.incoming_dir(), row.stored_name)
        with open(temporary, "wb") as out:
            out.write(content)
        # Never a half-written file under the real name: moved into place (or into the database) whole.
        filestore.put(row.stored_name, temporary, size=len(content), sha256=row.sha256)
        tally.repaired("restored missing files")
