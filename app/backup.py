"""Backup and restore of an instance: one archive with a consistent snapshot of the database, the upload
folder and a manifest (``flask backup create`` / ``flask backup restore``).

The archive is a gzipped tar:

* ``manifest.json`` — archive format, creation time (UTC), database kind, its migration revision, the
  row count of every table and the number of files;
* ``database.sqlite`` — SQLite: a copy made with SQLite's online backup API, consistent while the app
  keeps writing; or ``database.dump`` — PostgreSQL: ``pg_dump --format=custom``, taken in the same
  snapshot as the manifest's counts (``pg_export_snapshot``);
* ``uploads/…`` — the upload folder as it is.

The database is copied before the files. A file is stored before the row naming it is committed and
files are never deleted, so every attachment of the snapshot has its file in the archive (files
uploaded in between come along unnamed, which is harmless).

A restore goes into an empty database only (no table with rows; a freshly migrated one is fine) and
never overwrites a file; it then checks the row counts against the manifest and every attachment's
file against its SHA-256.
"""
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import Connection, create_engine, inspect, select, text
from sqlalchemy.engine import URL

from app import filestore
from app.extensions import db
from app.models import Attachment
from app.nominations import storage

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite", "postgresql": "database.dump"}
UPLOADS = "uploads"
# A freshly migrated database has rows in these and still counts as empty: the migration's own bookkeeping and
# the defaults migrations write (campaign kinds' policies, cache stamps). A restore replaces them all.
_NOT_DATA = {"alembic_version", "cache_stamp", "campaign_kind_policy", "campaign_kind_stage_deadline"}


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why and what to do."""


@dataclass
class RestoreReport:
    problems: list[str] = field(default_factory=list)  # the restored instance differs from the archive
    notes: list[str] = field(default_factory=list)


def summary(manifest: dict) -> str:
    counts = manifest["counts"]
    return (f"{counts.get('dossier', 0)} dossiers, {counts.get('attachment', 0)} attachments "
            f"({manifest['files']} files), {counts.get('dossier_event', 0)} history rows")


# --- create -----------------------------------------------------------------------------------------

def create(out: str | None = None) -> tuple[str, dict]:
    """Write the archive to ``out`` (default: instance/backups/khenthuong-<UTC time>.tar.gz)."""
    created = datetime.now(UTC)
    if out is None:
        out = os.path.join(current_app.instance_path, "backups", f"khenthuong-{created:%Y%m%dT%H%M%SZ}.tar.gz")
    out = os.path.abspath(out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    dialect = db.engine.dialect.name
    if dialect not in DATABASE_MEMBER:
        raise BackupError(f"Backups of a {dialect} database are not supported (SQLite and PostgreSQL are).")
    partial = out + ".partial"
    with tempfile.TemporaryDirectory(dir=os.path.dirname(out)) as work:
        snapshot = os.path.join(work, DATABASE_MEMBER[dialect])
        counts, revision = _sqlite_snapshot(snapshot) if dialect == "sqlite" else _pg_snapshot(snapshot)
        files = _upload_files()
        manifest = {"format": FORMAT, "created_at": created.isoformat(), "database": dialect,
                    "alembic_revision": revision, "counts": counts, "files": len(files)}
        try:
            with tarfile.open(partial, "w:gz") as archive:
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(created.timestamp())
                archive.addfile(info, io.BytesIO(data))
                archive.add(snapshot, arcname=DATABASE_MEMBER[dialect])
                for relative in files:
                    archive.add(os.path.join(storage.upload_root(), relative), arcname=f"{UPLOADS}/{relative}")
            os.replace(partial, out)  # a finished archive or none: never a half-written one under the name
        finally:
            if os.path.exists(partial):
                os.remove(partial)
    return out, manifest


def _table_counts(connection: Connection) -> dict[str, int]:
    return {table: connection.scalar(text(f'SELECT count(*) FROM "{table}"'))
            for table in sorted(inspect(connection).get_table_names()) if table not in _NOT_DATA}


def _revision(connection: Connection) -> str | None:
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    return connection.scalar(text("SELECT version_num FROM alembic_version"))


def _sqlite_snapshot(target: str) -> tuple[dict[str, int], str | None]:
    """SQLite's online backup API copies the database page by page into a consistent snapshot."""
    with db.engine.connect() as connection:
        copy = sqlite3.connect(target)
        try:
            _sqlite3(connection).backup(copy)
        finally:
            copy.close()
    engine = create_engine(URL.create("sqlite", database=target))
    try:
        with engine.connect() as connection:
            return _table_counts(connection), _revision(connection)
    finally:
        engine.dispose()


def _sqlite3(connection: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under SQLAlchemy's (whose backup method is the one needed)."""
    driver_connection = connection.connection.driver_connection
    assert isinstance(driver_connection, sqlite3.Connection)
    return driver_connection


def _pg_snapshot(target: str) -> tuple[dict[str, int], str | None]:
    """pg_dump in the snapshot of an open transaction, which also counts the rows: both see one moment."""
    with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
        with connection.begin():
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            counts, revision = _table_counts(connection), _revision(connection)
            _run_pg("pg_dump", ["--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
    return counts, revision


def _upload_files() -> list[str]:
    root = storage.upload_root()
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.isfile(path) and not os.path.islink(path):
                found.append(os.path.relpath(path, root).replace(os.sep, "/"))
    return sorted(found)


def _run_pg(program: str, arguments: list[str]) -> None:
    """Run a PostgreSQL client program on the configured database; the password goes by environment,
    not on the command line (where every user of the machine could read it)."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"{program} was not found: install the PostgreSQL client programs "
                          f"(of the server's major version or newer).")
    url = db.engine.url
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    target = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    finished = subprocess.run([executable, "--no-password", *arguments, f"--dbname={target}"], env=environment,
                              capture_output=True, text=True)
    if finished.returncode != 0:
        raise BackupError(f"{program} failed: {finished.stderr.strip() or finished.returncode}")


# --- restore ----------------------------------------------------------------------------------------

def restore(path: str) -> tuple[dict, RestoreReport]:
    """Restore the archive into the configured (empty) database and the upload folder, then check them."""
    dialect = db.engine.dialect.name
    try:
        archive = tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{path} is not a backup archive: {error}") from None
    with archive:
        manifest = _manifest(archive, path)
        if manifest["database"] != dialect:
            raise BackupError(f"The archive holds a {manifest['database']} database; this instance uses "
                              f"{dialect}. Restore it into a {manifest['database']} database.")
        _refuse_unless_empty()
        uploads = _upload_members(archive)
        with tempfile.TemporaryDirectory() as work:
            archive.extract(DATABASE_MEMBER[dialect], work, filter="data")
            snapshot = os.path.join(work, DATABASE_MEMBER[dialect])
            db.session.remove()
            db.engine.dispose()
            if dialect == "sqlite":
                _sqlite_restore(snapshot)
            else:
                _run_pg("pg_restore", ["--no-owner", "--no-acl", "--clean", "--if-exists", "--single-transaction",
                                       "--exit-on-error", snapshot])
            db.engine.dispose()
        root = storage.upload_root()
        os.makedirs(root, exist_ok=True)
        archive.extractall(root, members=uploads, filter="data")
    return manifest, _check(manifest)


def _manifest(archive: tarfile.TarFile, path: str) -> dict:
    try:
        member = archive.extractfile(MANIFEST)
        manifest = json.load(member) if member is not None else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} has no manifest this version understands: not a backup made by `flask backup`.")
    return manifest


def _refuse_unless_empty() -> None:
    with db.engine.connect() as connection:
        for table in sorted(inspect(connection).get_table_names()):
            if table not in _NOT_DATA and connection.scalar(text(f'SELECT 1 FROM "{table}" LIMIT 1')) is not None:
                where = db.engine.url.render_as_string(hide_password=True)
                raise BackupError(f"The database {where} is not empty (the table {table} has rows). A backup is "
                                  f"restored only into an empty database: create a new one and configure it.")


def _upload_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """The archive's files, renamed relative to the upload folder; refused if any would overwrite a file."""
    root = storage.upload_root()
    members = []
    for member in archive.getmembers():
        if member.isfile() and member.name.startswith(UPLOADS + "/"):
            relative = member.name[len(UPLOADS) + 1:]
            if os.path.lexists(os.path.join(root, relative)):
                raise BackupError(f"The upload folder {root} already has {relative}: restore into an empty folder.")
            members.append(member.replace(name=relative, deep=False))
    return members


def _sqlite_restore(snapshot: str) -> None:
    """Copy the snapshot over the configured database with the backup API (the file is replaced whole)."""
    with db.engine.connect() as connection:
        source = sqlite3.connect(snapshot)
        try:
            source.backup(_sqlite3(connection))
        finally:
            source.close()


def _check(manifest: dict) -> RestoreReport:
    report = RestoreReport()
    with db.engine.connect() as connection:
        counts, revision = _table_counts(connection), _revision(connection)
    for table in sorted(set(counts) | set(manifest["counts"])):
        if counts.get(table) != manifest["counts"].get(table):
            report.problems.append(f"table {table}: {counts.get(table)} rows restored, the archive says "
                                   f"{manifest['counts'].get(table)}")
    for stored_name, sha256 in db.session.execute(select(Attachment.stored_name, Attachment.sha256)):
        found = filestore.sha256_of(stored_name)  # on disk or in the database (FILE_STORAGE)
        if found is None:
            report.problems.append(f"attachment file {stored_name} is missing")
        elif found != sha256:
            report.problems.append(f"attachment file {stored_name} differs from what was uploaded")
    db.session.remove()
    head = ScriptDirectory(current_app.extensions["migrate"].directory).get_current_head()
    if revision is not None and revision != head:
        report.notes.append(f"The database is at migration {revision}; this code's latest is {head}: run "
                            f"`flask --app wsgi db upgrade` (an archive made by newer code needs that code).")
    return report

