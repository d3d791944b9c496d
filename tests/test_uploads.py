"""Attachments: real files of each allowed type are accepted; wrong, empty or oversized ones are
refused with a clear message and leave nothing behind; stored files have generated names outside
static/, and downloads give back the same bytes under the original name."""
import hashlib
import io
import os
import struct
import zlib
from urllib.parse import quote

import pytest
from docx import Document
from openpyxl import Workbook
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from app.extensions import db
from app.models import Attachment, Dossier, Role
from app.nominations import storage


def make_pdf() -> bytes:
    """A small but well-formed one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def make_docx() -> bytes:
    document = Document()
    document.add_paragraph("Báo cáo thành tích năm 2025")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Điểm thi đua"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_png() -> bytes:
    """A 1×1 white PNG: signature, IHDR, one zlib-compressed scanline, IEND, with real CRCs."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff"))
            + chunk(b"IEND", b""))


def make_jpeg() -> bytes:
    """A 1×1 grey baseline JPEG: one quantisation table, one-code Huffman tables, one block (DC 0, EOB)."""
    def segment(marker: int, payload: bytes) -> bytes:
        return struct.pack(">HH", marker, len(payload) + 2) + payload

    one_code = bytes([1] + [0] * 15) + b"\x00"  # a single 1-bit code for symbol 0
    return (
        b"\xff\xd8"
        + segment(0xFFDB, b"\x00" + b"\x01" * 64)
        + segment(0xFFC0, struct.pack(">BHHB", 8, 1, 1, 1) + b"\x01\x11\x00")
        + segment(0xFFC4, b"\x00" + one_code)
        + segment(0xFFC4, b"\x10" + one_code)
        + segment(0xFFDA, b"\x01\x01\x00\x00\x3f\x00")
        + b"\x3f"  # bits 0 (DC difference category 0) and 0 (end of block), padded with ones
        + b"\xff\xd9"
    )


def make_docx_with_preview_first() -> bytes:
    """A Word file whose (stored, uncompressed) preview picture precedes the document part, as Word
    writes it when "save preview picture" is on: guessing from the first 8 KB cannot see word/."""
    import random
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        names = [name for name in source.namelist() if name != "docProps/thumbnail.jpeg"]
        first, rest = names[:2], names[2:]
        for name in first:
            archive.writestr(name, source.read(name))
        noise = random.Random(7).randbytes(20000)
        archive.writestr(zipfile.ZipInfo("docProps/thumbnail.jpeg"), make_jpeg() + noise, zipfile.ZIP_STORED)
        for name in rest:
            archive.writestr(name, source.read(name))
    return out.getvalue()


ACCEPTED = [
    ("to-trinh.pdf", make_pdf, "application/pdf"),
    ("bao-cao.docx", make_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("preview-first.docx", make_docx_with_preview_first,
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("bang-diem.xlsx", make_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("anh.png", make_png, "image/png"),
    ("anh.jpg", make_jpeg, "image/jpeg"),
    ("ANH.JPEG", make_jpeg, "image/jpeg"),
]


def stored_files(app) -> list[str]:
    root = app.config["UPLOAD_FOLDER"]
    return sorted(os.path.join(d, f) for d, _, files in os.walk(root) for f in files)


def attachment_count() -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count(Attachment.id)))


@pytest.fixture
def draft(make, login):
    unit = make.make_unit()
    officer = make.make_user(Role.OFFICER, unit)
    attachment_type = make.make_attachment_type(name="Báo cáo thành tích")
    award = make.make_award(required=[attachment_type])
    dossier = make.make_dossier(unit, award=award)
    client = login(officer)
    client.post("/language/en")  # messages are asserted in English, whatever the catalogue says
    return {"dossier": dossier, "type": attachment_type, "client": client, "officer": officer}


def upload(draft, filename: str, content: bytes, htmx: bool = False):
    headers = {"HX-Request": "true", "HX-Target": "attachments"} if htmx else {}
    # The body is encoded in memory: the test client would spool a large one to a temporary file
    # that it never closes (a ResourceWarning, an error under filterwarnings=error).
    boundary, body = encode_multipart(
        MultiDict({"type_id": str(draft["type"].id), "file": FileStorage(io.BytesIO(content), filename)})
    )
    return draft["client"].post(
        f"/dossiers/{draft['dossier'].id}/attachments",
        data=body, content_type=f"multipart/form-data; boundary={boundary}", headers=headers,
    )


def file_errors(html: str) -> list[str]:
    from tests.test_drafting import field_errors

    return field_errors(html, "file")


@pytest.mark.parametrize("filename,build,content_type", ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_each_allowed_type_is_accepted_and_downloads_unchanged(app, draft, filename, build, content_type):
    content = build()
    response = upload(draft, filename, content)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    attachment = db.session.scalar(db.select(Attachment))
    assert attachment.original_name == filename
    assert attachment.content_type == content_type
    assert attachment.size_bytes == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    # Stored under the upload folder with a generated name, never the user's.
    path = storage.path_for(attachment.stored_name)
    assert os.path.realpath(path).startswith(os.path.realpath(app.config["UPLOAD_FOLDER"]) + os.sep)
    assert filename not in path and attachment.stored_name != filename
    with open(path, "rb") as stored:
        assert stored.read() == content
    download = draft["client"].get(f"/dossiers/{draft['dossier'].id}/attachments/{attachment.id}")
    assert download.status_code == 200
    assert download.data == content
    assert download.mimetype == content_type
    assert "attachment" in download.headers["Content-Disposition"]
    assert filename in download.headers["Content-Disposition"]
    download.close()


def test_htmx_upload_ticks_the_checklist(draft):
    response = upload(draft, "bao-cao.pdf", make_pdf(), htmx=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert "bao-cao.pdf" in html
    assert 'data-present="yes"' in html and 'data-present="no"' not in html


def test_download_keeps_a_vietnamese_file_name(draft):
    name = "Báo cáo thành tích.pdf"
    assert upload(draft, name, make_pdf()).status_code == 303
    attachment = db.session.scalar(db.select(Attachment))
    download = draft["client"].get(f"/dossiers/{draft['dossier'].id}/attachments/{attachment.id}")
    assert quote(name) in download.headers["Content-Disposition"]
    download.close()


REFUSED = [
    ("text-as.pdf", lambda: "Đây là văn bản, không phải PDF".encode(), "does not match"),
    ("setup.exe", lambda: b"MZ\x90\x00" + b"\x00" * 200, "Only PDF, DOCX, XLSX, JPEG and PNG"),
    ("no-extension", make_pdf, "Only PDF, DOCX, XLSX, JPEG and PNG"),
    ("image.docx", make_png, "does not match"),
    ("sheet.docx", make_xlsx, "does not match"),
    ("document.xlsx", make_docx, "does not match"),
    ("photo.png", make_jpeg, "does not match"),
    ("archive.docx", lambda: _plain_zip(), "does not match"),
    ("empty.pdf", lambda: b"", "empty"),
    ("script.pdf.html", lambda: b"<script>alert(1)</script>", "Only PDF, DOCX, XLSX, JPEG and PNG"),
]


def _plain_zip() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not an office file")
    return out.getvalue()


@pytest.mark.parametrize("filename,build,message", REFUSED, ids=[r[0] for r in REFUSED])
@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_wrong_files_are_refused_and_leave_nothing_behind(app, draft, filename, build, message, htmx):
    before = stored_files(app)
    response = upload(draft, filename, build(), htmx=htmx)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert ("<html" in html) is not htmx
    errors = file_errors(html)
    assert any(message in e for e in errors), errors
    assert attachment_count() == 0
    assert stored_files(app) == before
    events = [e.action for e in db.session.get(Dossier, draft["dossier"].id).events]
    assert "attach" not in events


def test_missing_file_and_type_are_asked_for(draft):
    response = draft["client"].post(f"/dossiers/{draft['dossier'].id}/attachments", data={"type_id": "0"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    from tests.test_drafting import field_errors

    assert field_errors(html, "file") and field_errors(html, "type_id")
    assert attachment_count() == 0


def test_unknown_attachment_type_is_refused(app, draft):
    before = stored_files(app)
    response = draft["client"].post(f"/dossiers/{draft['dossier'].id}/attachments",
                                    data={"type_id": "999999", "file": (io.BytesIO(make_pdf()), "a.pdf")})
    assert response.status_code == 422
    assert attachment_count() == 0
    assert stored_files(app) == before


def test_file_over_the_configured_limit_is_refused_with_a_message(app, draft, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    before = stored_files(app)
    content = make_pdf() + b"%" + b"0" * (1024 * 1024 + 512 * 1024)
    response = upload(draft, "lon.pdf", content)
    assert response.status_code == 422
    assert any("larger than 1 MB" in e for e in file_errors(response.get_data(as_text=True)))
    assert attachment_count() == 0
    assert stored_files(app) == before


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_request_far_above_the_limit_gets_a_clear_413(app, draft, monkeypatch, htmx):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_MB", 1)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2 * 1024 * 1024)
    before = stored_files(app)
    response = upload(draft, "rat-lon.pdf", make_pdf() + b"0" * (3 * 1024 * 1024), htmx=htmx)
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "at most 1 MB" in html
    assert ("<html" in html) is not htmx
    assert attachment_count() == 0
    assert stored_files(app) == before


def test_request_limit_leaves_room_for_the_file_limit(make):
    from app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "MAX_UPLOAD_MB": 3,
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["MAX_CONTENT_LENGTH"] > 3 * 1024 * 1024


def test_uploads_are_never_served_from_static(app, draft):
    assert upload(draft, "to-trinh.pdf", make_pdf()).status_code == 303
    attachment = db.session.scalar(db.select(Attachment))
    stored = attachment.stored_name
    for url in (f"/static/{stored}", f"/static/uploads/{stored}",
                f"/static/uploads/{stored[:2]}/{stored[2:4]}/{stored}", "/static/to-trinh.pdf",
                "/static/../instance/uploads/" + stored):
        response = draft["client"].get(url)
        assert response.status_code == 404, url
        response.close()
    static_root = os.path.realpath(app.static_folder)
    assert not os.path.realpath(app.config["UPLOAD_FOLDER"]).startswith(static_root)


def test_default_upload_folder_is_in_instance_not_static():
    from app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    folder = os.path.realpath(app.config["UPLOAD_FOLDER"])
    assert folder.startswith(os.path.realpath(app.instance_path))
    assert not folder.startswith(os.path.realpath(app.static_folder))


def test_a_path_in_the_file_name_cannot_place_the_file(app, draft):
    assert upload(draft, "../../../etc/evil.pdf", make_pdf()).status_code == 303
    attachment = db.session.scalar(db.select(Attachment))
    assert "/" not in attachment.stored_name and ".." not in attachment.stored_name
    assert os.path.exists(storage.path_for(attachment.stored_name))
    assert not os.path.exists(os.path.join(app.config["UPLOAD_FOLDER"], "..", "..", "..", "etc", "evil.pdf"))


def test_removing_an_attachment_keeps_its_file(app, draft):
    """Removed files are detached, not destroyed (tests/test_data_safety.py has the rest)."""
    assert upload(draft, "to-trinh.pdf", make_pdf()).status_code == 303
    attachment = db.session.scalar(db.select(Attachment))
    path = storage.path_for(attachment.stored_name)
    assert os.path.exists(path)
    response = draft["client"].post(f"/dossiers/{draft['dossier'].id}/attachments/{attachment.id}/delete",
                                    headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'data-present="no"' in response.get_data(as_text=True)
    assert os.path.exists(path)
    assert attachment_count() == 1


def test_deleting_a_draft_keeps_its_files(app, draft):
    assert upload(draft, "to-trinh.pdf", make_pdf()).status_code == 303
    assert upload(draft, "anh.png", make_png()).status_code == 303
    paths = [storage.path_for(a.stored_name) for a in db.session.scalars(db.select(Attachment))]
    assert len(paths) == 2 and all(os.path.exists(p) for p in paths)
    response = draft["client"].post(f"/dossiers/{draft['dossier'].id}/delete")
    assert response.status_code == 303
    assert all(os.path.exists(p) for p in paths)
    assert attachment_count() == 2


def test_download_of_a_file_missing_on_disk_is_404_not_500(draft):
    assert upload(draft, "to-trinh.pdf", make_pdf()).status_code == 303
    attachment = db.session.scalar(db.select(Attachment))
    os.remove(storage.path_for(attachment.stored_name))
    response = draft["client"].get(f"/dossiers/{draft['dossier'].id}/attachments/{attachment.id}")
    assert response.status_code == 404
