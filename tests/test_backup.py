"""`flask backup create` writes one archive (database snapshot, upload folder, manifest) and `flask backup
restore` brings it back into a new, empty instance: every dossier, attachment file (same bytes) and
history row, the history still append-only; an instance that already has data is refused."""
import io
import json
import tarfile

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.models import Attachment, Dossier, DossierEvent, Gender, NomineeKind, Role
from app.nominations import operations, storage
from app.nominations.operations import NomineeData
from app.workflow import engine
from tests.test_migrations import empty_database_url, fresh_app  # noqa: F401  (fixtures)
from tests.test_uploads import make_pdf

pytestmark = pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")


def _contents() -> dict:
    """What a restore must bring back, read from the current app's database and upload folder."""
    db.session.expire_all()
    attachments = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
    files = {}
    for a in attachments:
        with open(storage.path_for(a.stored_name), "rb") as stored:
            files[a.id] = (a.original_name, a.detached_at is not None, stored.read())
    return {
        "dossiers": [(d.id, d.nominee_name, d.state, d.deleted_at is not None)
                     for d in db.session.scalars(select(Dossier).order_by(Dossier.id))],
        "files": files,
        "history": [(e.id, e.dossier_id, e.action, e.prev_hash, e.hash)
                    for e in db.session.scalars(select(DossierEvent).order_by(DossierEvent.id))],
    }


@pytest.fixture
def backup(app, make, tmp_path):
    """Three dossiers with files and history (one submitted, one with a removed file, one deleted draft),
    backed up with `flask backup create`; returns the archive and what it holds."""
    unit = make.make_unit()
    officer = make.make_user(Role.OFFICER, unit)
    report = make.make_attachment_type(name="Báo cáo thành tích")
    award, campaign = make.make_award(required=[report]), make.make_campaign()
    dossiers = []
    for n, name in enumerate(["Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Cường"]):
        data = NomineeData(campaign=campaign, award=award, kind=NomineeKind.INDIVIDUAL, name=name, gender=Gender.MALE,
                           birth_year=1980 + n, position="Chuyên viên", nominee_unit_id=None,
                           achievement_summary="Hoàn thành xuất sắc nhiệm vụ")
        dossier = operations.create_dossier(officer, data)
        content = make_pdf() + f"% {name}\n".encode()
        operations.add_attachment(officer, dossier, report, io.BytesIO(content), f"bao-cao-{n}.pdf")
        dossiers.append(dossier)
    engine.apply(officer, dossiers[0], "submit")
    operations.detach_attachment(officer, dossiers[1].attachments[0])
    operations.delete_dossier(officer, dossiers[2])
    db.session.commit()
    expected = _contents()
    assert len(expected["files"]) == 3 and len(expected["history"]) == 9

    archive = tmp_path / "backup.tar.gz"
    result = app.test_cli_runner().invoke(args=["backup", "create", "--out", str(archive)])
    assert result.exit_code == 0, result.output
    assert "3 dossiers, 3 attachments" in result.output and "9 history rows" in result.output
    return archive, expected


def restore(app, archive):
    return app.test_cli_runner().invoke(args=["backup", "restore", str(archive)])


def test_the_archive_holds_the_database_the_files_and_a_manifest(app, backup):
    archive, expected = backup
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"] == db.engine.dialect.name
    assert {"dossier": 3, "attachment": 3, "dossier_event": 9}.items() <= manifest["counts"].items()
    assert ("database.sqlite" if manifest["database"] == "sqlite" else "database.dump") in names
    with app.app_context():
        stored = {a.stored_name for a in db.session.scalars(select(Attachment))}
    assert {f"uploads/{name[:2]}/{name[2:4]}/{name}" for name in stored} <= set(names)
    assert manifest["files"] == sum(1 for n in names if n.startswith("uploads/"))


def test_restore_into_an_empty_database_brings_back_every_dossier_file_and_history_row(backup, fresh_app):  # noqa: F811
    archive, expected = backup
    result = restore(fresh_app, archive)
    assert result.exit_code == 0, result.output
    assert "3 dossiers" in result.output and "every attachment's file" in result.output

    assert _contents() == expected  # the same rows, and the files with the same bytes in the new folder
    assert fresh_app.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0
    # The restored history is as append-only as the original.
    with pytest.raises(DBAPIError), db.engine.begin() as connection:
        connection.execute(text("UPDATE dossier_event SET comment = 'rewritten'"))


def test_restore_goes_into_a_migrated_empty_database_only_once(backup, fresh_app):  # noqa: F811
    archive, expected = backup
    upgrade()  # a new instance: migrated, no data yet
    assert restore(fresh_app, archive).exit_code == 0
    assert _contents() == expected

    again = restore(fresh_app, archive)
    assert again.exit_code != 0
    assert "is not empty" in again.output and "restored only into an empty database" in again.output
    assert _contents() == expected
