"""Stored files in either storage (app/filestore.py): FILE_STORAGE=database keeps attachments in the
database (nothing on disk), streams them back byte for byte, refuses and deletes as on disk; disk downloads
can be handed to nginx (X-Accel-Redirect); `flask storage move` moves existing files both ways, verified,
counted, and a second run moves nothing. Runs on SQLite and PostgreSQL (the chunks are plain BLOB/bytea)."""
import hashlib
import os
import shutil

import pytest

from app import filestore
from app.extensions import db
from app.models import Attachment, StoredFile, StoredFileChunk
from tests.test_uploads import draft, make_pdf, stored_files, upload  # noqa: F401  (draft: a fixture)


@pytest.fixture
def database_storage(app):
    app.config["FILE_STORAGE"] = "database"
    yield
    app.config["FILE_STORAGE"] = "disk"


def _big_pdf() -> bytes:
    # Over three chunks: the content is read and written chunk by chunk.
    return make_pdf() + b"%" + os.urandom(filestore.CHUNK * 3 + 1234)


def test_database_storage_keeps_the_file_in_the_database_and_streams_it_back(app, draft, database_storage):  # noqa: F811
    content = _big_pdf()
    before = stored_files(app)
    assert upload(draft, "Báo cáo.pdf", content).status_code == 303
    assert stored_files(app) == before  # nothing on this server's disk
    attachment = db.session.scalar(db.select(Attachment))
    stored = db.session.get(StoredFile, attachment.stored_name)
    assert stored.size_bytes == len(content) and stored.sha256 == hashlib.sha256(content).hexdigest()
    chunks = db.session.scalar(db.select(db.func.count()).select_from(StoredFileChunk)
                               .where(StoredFileChunk.name == attachment.stored_name))
    assert chunks == 4
    response = draft["client"].get(f"/dossiers/{draft['dossier'].id}/attachments/{attachment.id}")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Length"] == str(len(content))
    assert "B%C3%A1o%20c%C3%A1o.pdf" in response.headers["Content-Disposition"]
    assert response.get_data() == content
    response.close()


def test_database_storage_refuses_a_wrong_file_and_keeps_nothing(app, draft, database_storage):  # noqa: F811
    before = stored_files(app)  # the session's upload folder holds other tests' files
    response = upload(draft, "fake.pdf", "không phải PDF".encode())
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(StoredFile)) == 0
    assert stored_files(app) == before


def test_a_record_without_its_file_is_a_404_in_either_storage(app, draft, database_storage):  # noqa: F811
    assert upload(draft, "a.pdf", make_pdf()).status_code == 303
    attachment = db.session.scalar(db.select(Attachment))
    filestore.delete_file(attachment.stored_name)
    db.session.commit()
    url = f"/dossiers/{draft['dossier'].id}/attachments/{attachment.id}"
    assert draft["client"].get(url).status_code == 404
    app.config["FILE_STORAGE"] = "disk"
    assert draft["client"].get(url).status_code == 404


def test_disk_downloads_can_be_handed_to_nginx(app, draft):  # noqa: F811
    assert upload(draft, "a.pdf", make_pdf()).status_code == 303
    attachment = db.session.scalar(db.select(Attachment))
    app.config["X_ACCEL_REDIRECT"] = "/_protected/"
    try:
        response = draft["client"].get(f"/dossiers/{draft['dossier'].id}/attachments/{attachment.id}")
    finally:
        app.config["X_ACCEL_REDIRECT"] = ""
    name = attachment.stored_name
    assert response.headers["X-Accel-Redirect"] == f"/_protected/{name[:2]}/{name[2:4]}/{name}"
    assert response.get_data() == b"" and "attachment" in response.headers["Content-Disposition"]


def _fetch(client, url: str) -> bytes:
    response = client.get(url)
    data = response.get_data()
    response.close()
    return data


def _empty_upload_folder(app) -> None:
    # Earlier tests leave files whose rows were emptied: the move would count them too.
    shutil.rmtree(app.config["UPLOAD_FOLDER"], ignore_errors=True)
    os.makedirs(app.config["UPLOAD_FOLDER"])


def test_storage_move_both_ways_is_verified_counted_and_idempotent(app, draft):  # noqa: F811
    _empty_upload_folder(app)
    contents = [make_pdf() + b"%" + str(n).encode() for n in range(3)] + [_big_pdf()]
    for n, content in enumerate(contents):
        assert upload(draft, f"f{n}.pdf", content).status_code == 303
    urls = [f"/dossiers/{draft['dossier'].id}/attachments/{a.id}"
            for a in db.session.scalars(db.select(Attachment).order_by(Attachment.id))]
    runner = app.test_cli_runner()

    result = runner.invoke(args=["storage", "move", "--to", "database"])
    assert result.exit_code == 0, result.output
    assert "moved 4, already there 0, failed 0" in result.output
    assert stored_files(app) == []
    app.config["FILE_STORAGE"] = "database"
    try:
        assert [_fetch(draft["client"], url) for url in urls] == contents
        again = runner.invoke(args=["storage", "move", "--to", "database"])
        assert "moved 0, already there 0, failed 0" in again.output

        back = runner.invoke(args=["storage", "move", "--to", "disk"])
        assert back.exit_code == 0 and "moved 4, already there 0, failed 0" in back.output, back.output
        assert db.session.scalar(db.select(db.func.count()).select_from(StoredFile)) == 0
        assert len(stored_files(app)) == 4
    finally:
        app.config["FILE_STORAGE"] = "disk"
    assert [_fetch(draft["client"], url) for url in urls] == contents


def test_a_move_interrupted_after_the_copy_finishes_on_the_next_run(app, draft):  # noqa: F811
    _empty_upload_folder(app)
    assert upload(draft, "a.pdf", make_pdf()).status_code == 303
    attachment = db.session.scalar(db.select(Attachment))
    path = filestore.disk_path(attachment.stored_name)
    # As if a run had copied and committed the file, then stopped before removing it from disk.
    app.config["FILE_STORAGE"] = "database"
    try:
        with open(path, "rb") as source:
            copy = path + ".copy"
            with open(copy, "wb") as out:
                out.write(source.read())
        filestore.put(attachment.stored_name, copy, size=attachment.size_bytes, sha256=attachment.sha256)
        db.session.commit()
    finally:
        app.config["FILE_STORAGE"] = "disk"
    result = app.test_cli_runner().invoke(args=["storage", "move", "--to", "database"])
    assert "moved 0, already there 1, failed 0" in result.output
    assert not os.path.exists(path)
