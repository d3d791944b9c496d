"""The office's own Word templates (app/doctemplates, admin screens): upload checks, preview, activate,
roll back, rendering through the version in force and falling back when it breaks."""
import io
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from sqlalchemy import func, select

from app import downloads
from app.doctemplates import store
from app.documents.kinds import get
from app.extensions import db
from app.models import AwardDecision, DocumentTemplate, Role
from tests.test_decisions import docx_paragraphs, office  # noqa: F401 (the decisions' fixture)
from tests.test_scoring_documents import locked  # noqa: F401 (the locked round's fixture)

URL = "/admin/document-templates/decision"


def builtin() -> bytes:
    return get("decision").builtin_bytes()


def rewritten(content: bytes, changes: dict[str, bytes | None] | None = None, **replace: str) -> bytes:
    """``content`` with members replaced or added (``changes``; None removes one) and texts of
    word/document.xml replaced (``replace``: old=new, old given with "__" for a space)."""
    changes = dict(changes or {})
    source = zipfile.ZipFile(io.BytesIO(content))
    if replace:
        xml = source.read("word/document.xml").decode()
        for old, new in replace.items():
            old = old.replace("__", " ")
            assert old in xml, old
            xml = xml.replace(old, new)
        changes["word/document.xml"] = xml.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name in changes:
                if changes[name] is not None:
                    target.writestr(name, changes.pop(name))
                else:
                    changes.pop(name)
                continue
            target.writestr(name, source.read(name))
        for name, data in changes.items():
            target.writestr(name, data)
    return out.getvalue()


def marked(word: str) -> bytes:
    """The built-in template with ``word`` after "Nơi nhận:", to tell versions apart in a rendering."""
    return rewritten(builtin(), **{"Nơi nhận:": f"Nơi nhận {word}:"})


@pytest.fixture
def admin(make, app):
    return make.signed_in_client(app, make.make_actor(Role.ADMIN, None))


def upload(client, content: bytes, note: str = "", name: str = "quyet-dinh.docx"):
    return client.post(f"{URL}/upload", data={"file": (io.BytesIO(content), name), "note": note},
                       content_type="multipart/form-data")


def test_a_good_template_is_stored_as_a_new_inactive_version(admin):
    response = upload(admin, marked("MẪU-2"), note="Nơi nhận mới")
    assert response.status_code == 303
    row = db.session.scalar(select(DocumentTemplate))
    assert (row.kind, row.version, row.active, row.note) == ("decision", 1, False, "Nơi nhận mới")
    assert row.uploaded_by.role is Role.ADMIN and row.size == len(row.docx)
    page = admin.get(f"{URL}/").get_data(as_text=True)
    assert "template-version-1" in page and "Nơi nhận mới" in page


OUTSIDE = ('<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
           'Target="http://tracker.example/pixel.png" TargetMode="External"/></Relationships>')
ENTITY = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def _with_external_relationship() -> bytes:
    rels = zipfile.ZipFile(io.BytesIO(builtin())).read("word/_rels/document.xml.rels").decode()
    return rewritten(builtin(), {"word/_rels/document.xml.rels": rels.replace("</Relationships>", OUTSIDE).encode()})


def _with_entity() -> bytes:
    xml = zipfile.ZipFile(io.BytesIO(builtin())).read("word/document.xml").decode()
    xml = ENTITY + xml[xml.index("?>") + 2:]
    return rewritten(builtin(), {"word/document.xml": xml.replace("Nơi nhận:", "Nơi nhận: &x;").encode()})


def _macro() -> bytes:
    types = zipfile.ZipFile(io.BytesIO(builtin())).read("[Content_Types].xml").decode()
    types = types.replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                                      "</Types>")
    return rewritten(builtin(), {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro",
                                 "[Content_Types].xml": types.encode()})


@pytest.mark.parametrize("make_content, message", [
    (lambda: rewritten(builtin(), **{"QUYẾT ĐỊNH:": "QUYẾT ĐỊNH: {{ secret_value }} {{ os }}"}),
     "Unknown placeholders: os, secret_value."),
    (lambda: rewritten(builtin(), **{"__{{ article3 }}": "", "{{ signer_name }}": "Trần Văn A"}),
     "Required placeholders missing: article3, signer_name."),
    (lambda: b"this is not a zip", "The file is not a Word document (.docx)."),
    (lambda: rewritten(builtin(), {"word/document.xml": None}), "The file is not a Word document (.docx)."),
    (_macro, "The file contains macros"),
    (_with_external_relationship, "http://tracker.example/pixel.png"),
    (_with_entity, "document type declaration (DTD)"),
    (lambda: rewritten(builtin(), **{"{{ total_amount }}": "{{ groups.missing_attribute }}"}),
     "does not render with the sample data"),
    (lambda: rewritten(builtin(), **{"{{ total_amount }}": "{{ total_amount "}), "The placeholders cannot be read"),
])
def test_a_bad_template_is_refused_with_the_reason_and_nothing_is_stored(admin, make_content, message):
    response = upload(admin, make_content())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "template-problems" in page
    assert message.replace("'", "&#39;") in page, page[page.find("template-problems"):][:800]
    assert db.session.scalar(select(DocumentTemplate)) is None


def test_a_30_mb_file_is_refused_before_it_is_read(admin, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the body was read")
    monkeypatch.setattr(store, "upload", never)
    # The multipart body written by hand: the test client would spool a large file to a temporary file
    # that it never closes once the app refuses to read it.
    body = (b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.docx"\r\n\r\nPK'
            + b"\0" * (30 * 1024 * 1024) + b"\r\n--b--\r\n")
    response = admin.post(f"{URL}/upload", data=body, content_type="multipart/form-data; boundary=b")
    assert response.status_code == 303
    assert "larger than 5 MB" in admin.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(select(DocumentTemplate)) is None


def test_the_preview_prints_the_sample_with_the_uploaded_version(admin, monkeypatch):
    upload(admin, marked("XEM-TRƯỚC"))
    response = admin.get(f"{URL}/versions/1/preview")
    assert response.status_code == 200
    text = "\n".join(docx_paragraphs(response.data))
    assert "Nơi nhận XEM-TRƯỚC:" in text and "Trần Văn Minh" in text  # the sample's signer
    monkeypatch.setattr(downloads.pdf, "docx_to_pdf", lambda content: b"%PDF-" + content)
    response = admin.get(f"{URL}/versions/1/preview?format=pdf")
    assert response.mimetype == "application/pdf"
    assert "Nơi nhận XEM-TRƯỚC:" in "\n".join(docx_paragraphs(response.data[5:]))
    assert db.session.scalar(select(DocumentTemplate.active)) is False  # a preview activates nothing


def issue_one(office) -> str:  # noqa: F811
    issued = db.session.scalar(select(func.count(AwardDecision.id)))
    office.post(office.award, [office.approved(f"Người Thứ {issued + 1}")])
    decision = db.session.scalars(select(AwardDecision).order_by(AwardDecision.id.desc())).first()
    return "\n".join(docx_paragraphs(decision.docx))


def test_activate_then_roll_back_and_issuing_uses_the_version_in_force(admin, office):  # noqa: F811
    upload(admin, marked("BẢN-MỘT"))
    upload(admin, marked("BẢN-HAI"))
    assert "Nơi nhận:" in issue_one(office)  # nothing active: the built-in template
    assert admin.post(f"{URL}/versions/1/activate").status_code == 303
    assert "Nơi nhận BẢN-MỘT:" in issue_one(office)
    admin.post(f"{URL}/versions/2/activate")
    assert "Nơi nhận BẢN-HAI:" in issue_one(office)
    admin.post(f"{URL}/versions/1/activate")  # roll back
    assert "Nơi nhận BẢN-MỘT:" in issue_one(office)
    rows = {row.version: row for row in db.session.scalars(select(DocumentTemplate))}
    assert rows[1].active and not rows[2].active and rows[2].deactivated_at is not None
    assert rows[1].activated_by.role is Role.ADMIN
    download = admin.get(f"{URL}/download")
    assert "Nơi nhận BẢN-MỘT:" in "\n".join(docx_paragraphs(download.data))
    admin.post(f"{URL}/use-builtin")
    assert db.session.scalar(select(DocumentTemplate).where(DocumentTemplate.active)) is None
    assert "Nơi nhận:" in issue_one(office)
    assert len(rows) == 2  # nothing deleted


def _force_active(version: int, content: bytes, at: datetime) -> None:
    """A version put in force without the checks (as if the kind's data changed under it)."""
    db.session.add(DocumentTemplate(kind="decision", version=version, docx=content, size=len(content), sha256="-",
                                    active=True, activated_at=at))
    db.session.flush()


def test_a_broken_version_in_force_falls_back_to_the_previous_then_the_built_in(office, caplog):  # noqa: F811
    broken = rewritten(builtin(), **{"{{ total_amount }}": "{{ groups.missing_attribute }}"})
    _force_active(1, marked("TRƯỚC-ĐÓ"), datetime(2026, 1, 1, tzinfo=UTC))
    db.session.execute(DocumentTemplate.__table__.update().values(active=False))
    _force_active(2, broken, datetime(2026, 2, 1, tzinfo=UTC))
    db.session.commit()
    assert "Nơi nhận TRƯỚC-ĐÓ:" in issue_one(office)
    assert "decision v2 failed to render" in caplog.text
    db.session.execute(DocumentTemplate.__table__.update().where(DocumentTemplate.version == 1)
                       .values(docx=broken))
    db.session.commit()
    assert "Nơi nhận:" in issue_one(office)  # both broken: the built-in template


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.APPRAISER, Role.OFFICER])
def test_only_the_administrator_reaches_the_template_screens(make, app, role):
    unit = make.make_unit("Sở Nội vụ") if role is Role.OFFICER else None
    client = make.signed_in_client(app, make.make_actor(role, unit))
    assert client.get("/admin/document-templates/").status_code == 403
    assert client.get(f"{URL}/download").status_code == 403
    assert upload(client, builtin()).status_code == 403
    assert client.post(f"{URL}/versions/1/activate").status_code == 403
    assert db.session.scalar(select(DocumentTemplate)) is None


def test_the_list_names_each_kind_and_what_is_in_force(admin):
    page = admin.get("/admin/document-templates/").get_data(as_text=True)
    assert "Quyết định khen thưởng" in page and "Tờ trình đề nghị khen thưởng cấp Nhà nước" in page
    builtin_download = admin.get("/admin/document-templates/proposal_central/download")
    assert builtin_download.status_code == 200
    assert docx.Document(io.BytesIO(builtin_download.data)).paragraphs
    assert admin.get("/admin/document-templates/nothing/").status_code == 404


def test_the_cluster_minutes_print_through_the_version_in_force(admin, locked):  # noqa: F811
    builtin_minutes = get("cluster_minutes").builtin_bytes()
    edited = rewritten(builtin_minutes, **{"BIÊN BẢN": "BIÊN BẢN HỌP CỤM"})
    response = admin.post("/admin/document-templates/cluster_minutes/upload",
                          data={"file": (io.BytesIO(edited), "bien-ban.docx")}, content_type="multipart/form-data")
    assert response.status_code == 303
    admin.post("/admin/document-templates/cluster_minutes/versions/1/activate")
    minutes = locked.client(locked.lead_user).get(f"/scoring/{locked.scoring.id}/minutes.docx")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(minutes.data)).paragraphs]
    assert "BIÊN BẢN HỌP CỤM" in paragraphs and "BIÊN BẢN" not in paragraphs
