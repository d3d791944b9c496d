"""Where stored files (attachments, scoring evidence) live — the one module that reads and writes them.

``FILE_STORAGE=disk`` (default: ``make run``, one server): files under ``UPLOAD_FOLDER`` with two levels
of fan-out. ``FILE_STORAGE=database`` (several app servers): files in PostgreSQL (or the SQLite file) as
``stored_file`` rows with their content in 256 KiB chunks (app/models/files.py) — every server sees
every file, and a database backup is a backup of everything. Writing joins the caller's transaction (the
attachment row and its file commit together); reading streams chunk by chunk on a connection of its own,
so a 20 MB download never sits whole in a worker's memory.

Reads look in the configured storage first and then in the other, so files keep working while
``flask storage move --to database|disk`` moves them (idempotent, resumable, checksum-verified).
Downloads from disk can be handed to nginx (``X_ACCEL_REDIRECT=/_protected/``, deploy/nginx).
"""
import hashlib
import os
from collections.abc import Iterator

import click
from flask import Flask, Response, abort, current_app, send_file
from flask.cli import AppGroup
from sqlalchemy import delete, insert, select
from werkzeug.http import quote_header_value
from werkzeug.utils import secure_filename

from app.extensions import db
from app.models.files import StoredFile, StoredFileChunk

CHUNK = 256 * 1024
BACKENDS = ("disk", "database")


def backend() -> str:
    chosen = (current_app.config.get("FILE_STORAGE") or "disk").lower()
    if chosen not in BACKENDS:
        raise RuntimeError(f"FILE_STORAGE must be disk or database, not {chosen!r}")
    return chosen


def upload_root() -> str:
    return current_app.config["UPLOAD_FOLDER"]


def disk_path(name: str) -> str:
    # Two levels of fan-out keep directories small with many files.
    return os.path.join(upload_root(), name[:2], name[2:4], name)


def incoming_dir() -> str:
    """Where an upload is written while it is checked (local disk in either mode)."""
    path = os.path.join(upload_root(), ".incoming")
    os.makedirs(path, exist_ok=True)
    return path


# --- writing ----------------------------------------------------------------------------------------

def put(name: str, source_path: str, *, size: int, sha256: str) -> None:
    """Store the checked file at ``source_path`` under ``name``; the source is consumed (moved or removed)."""
    if backend() == "database":
        _put_database(name, source_path, size, sha256)
        os.remove(source_path)
    else:
        target = disk_path(name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(source_path, target)


def _put_database(name: str, source_path: str, size: int, sha256: str) -> None:
    db.session.add(StoredFile(name=name, size_bytes=size, sha256=sha256))
    db.session.flush()  # the parent row first: the chunks refer to it
    with open(source_path, "rb") as source:
        seq = 0
        while chunk := source.read(CHUNK):
            db.session.execute(insert(StoredFileChunk).values(name=name, seq=seq, data=chunk))
            seq += 1


def delete_file(name: str) -> None:
    """Forget a stored file wherever it is (in the database: in the caller's transaction, which commits)."""
    try:
        os.remove(disk_path(name))
    except FileNotFoundError:
        pass
    try:
        db.session.execute(delete(StoredFileChunk).where(StoredFileChunk.name == name))
        db.session.execute(delete(StoredFile).where(StoredFile.name == name))
    except Exception:  # the caller's transaction already failed: its rollback takes the rows with it
        pass


# --- reading ----------------------------------------------------------------------------------------

def _in_database(name: str) -> StoredFile | None:
    return db.session.get(StoredFile, name)


def _on_disk(name: str) -> str | None:
    path = disk_path(name)
    return path if os.path.isfile(path) else None


def exists(name: str) -> bool:
    return _in_database(name) is not None or _on_disk(name) is not None


def open_chunks(name: str) -> Iterator[bytes] | None:
    """The file's content in chunks (None when it is in neither storage)."""
    places = ("database", "disk") if backend() == "database" else ("disk", "database")
    for place in places:
        if place == "database" and _in_database(name) is not None:
            return _database_chunks(db.engine, name)
        if place == "disk" and (path := _on_disk(name)):
            return _disk_chunks(path)
    return None


def _disk_chunks(path: str) -> Iterator[bytes]:
    with open(path, "rb") as source:
        while chunk := source.read(CHUNK):
            yield chunk


def _database_chunks(engine, name: str) -> Iterator[bytes]:
    # A connection of its own, one chunk per query: the response streams after the view's session is gone.
    with engine.connect() as connection:
        seq = 0
        while True:
            data = connection.scalar(select(StoredFileChunk.data).where(
                StoredFileChunk.name == name, StoredFileChunk.seq == seq))
            if data is None:
                return
            yield bytes(data)
            seq += 1


def sha256_of(name: str) -> str | None:
    chunks = open_chunks(name)
    if chunks is None:
        return None
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def send(name: str, *, mimetype: str | None, download_name: str) -> Response:
    """A download response for a stored file (404 when it is gone: a restore without its files)."""
    path = _on_disk(name) if backend() == "disk" else None
    prefix = current_app.config.get("X_ACCEL_REDIRECT") or ""
    if path and prefix:
        # nginx sends the file itself (an internal location aliased to UPLOAD_FOLDER), after our check.
        response = Response(status=200, mimetype=mimetype or "application/octet-stream")
        response.headers["Content-Disposition"] = _disposition(download_name)
        response.headers["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + os.path.relpath(path, upload_root())
        return response
    if path:
        return send_file(path, mimetype=mimetype, as_attachment=True, download_name=download_name)
    stored = _in_database(name)
    if stored is None:
        if (path := _on_disk(name)) is not None:  # database mode, file not moved yet
            return send_file(path, mimetype=mimetype, as_attachment=True, download_name=download_name)
        abort(404)
    response = Response(_database_chunks(db.engine, name), mimetype=mimetype or "application/octet-stream",
                        direct_passthrough=True)
    response.headers["Content-Length"] = str(stored.size_bytes)
    response.headers["Content-Disposition"] = _disposition(download_name)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _disposition(download_name: str) -> str:
    # As Flask's send_file writes it: an ASCII fallback and the UTF-8 name (Vietnamese file names).
    from urllib.parse import quote

    ascii_name = secure_filename(download_name) or "download"
    return f"attachment; filename={quote_header_value(ascii_name)}; filename*=UTF-8''{quote(download_name)}"


# --- moving between storages ------------------------------------------------------------------------

def _disk_names() -> list[str]:
    root = upload_root()
    names = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for file_name in files:
            if len(file_name) >= 4 and os.path.join(folder, file_name) == disk_path(file_name):
                names.append(file_name)
    return sorted(names)


def _file_sha(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def move(to: str, echo=lambda message: None) -> dict[str, int]:
    """Move every stored file to ``to``, one file per transaction: copied, verified by checksum, committed,
    then removed from the source. Run again after an interruption it goes on where it stopped."""
    counts = {"moved": 0, "already": 0, "failed": 0}
    if to == "database":
        for name in _disk_names():
            path = disk_path(name)
            sha = _file_sha(path)
            existing = _in_database(name)
            if existing is not None and sha256_of_database(name) == existing.sha256 == sha:
                os.remove(path)  # copied by an earlier run that stopped before removing it
                counts["already"] += 1
                continue
            if existing is not None:
                delete_file_rows(name)
            _put_database(name, path, os.path.getsize(path), sha)
            if sha256_of_database(name) != sha:
                db.session.rollback()
                counts["failed"] += 1
                echo(f"{name}: checksum differs after the copy; left on disk")
                continue
            db.session.commit()
            os.remove(path)
            counts["moved"] += 1
    else:
        for name in db.session.scalars(select(StoredFile.name).order_by(StoredFile.name)).all():
            stored = db.session.get(StoredFile, name)
            assert stored is not None
            target = disk_path(name)
            if not (os.path.isfile(target) and _file_sha(target) == stored.sha256):
                os.makedirs(os.path.dirname(target), exist_ok=True)
                partial = target + ".part"
                digest = hashlib.sha256()
                with open(partial, "wb") as out:
                    for chunk in _database_chunks(db.engine, name):
                        digest.update(chunk)
                        out.write(chunk)
                    out.flush()
                    os.fsync(out.fileno())
                if digest.hexdigest() != stored.sha256:
                    os.remove(partial)
                    counts["failed"] += 1
                    echo(f"{name}: checksum differs from the one recorded; left in the database")
                    continue
                os.replace(partial, target)
                counts["moved"] += 1
            else:
                counts["already"] += 1
            delete_file_rows(name)
            db.session.commit()
    return counts


def sha256_of_database(name: str) -> str:
    digest = hashlib.sha256()
    for chunk in _database_chunks_in_session(name):
        digest.update(chunk)
    return digest.hexdigest()


def _database_chunks_in_session(name: str) -> Iterator[bytes]:
    # Inside the move's own transaction (its rows are not committed yet).
    seq = 0
    while (data := db.session.scalar(select(StoredFileChunk.data).where(
            StoredFileChunk.name == name, StoredFileChunk.seq == seq))) is not None:
        yield bytes(data)
        seq += 1


def delete_file_rows(name: str) -> None:
    db.session.execute(delete(StoredFileChunk).where(StoredFileChunk.name == name))
    db.session.execute(delete(StoredFile).where(StoredFile.name == name))


def register_cli(app: Flask) -> None:
    group = AppGroup("storage", help="Stored files (attachments): where they are kept.")

    @group.command("move")
    @click.option("--to", "to", type=click.Choice(BACKENDS), required=True, help="Where the files go.")
    def move_command(to: str):
        """Move every stored file to the database or to UPLOAD_FOLDER (set FILE_STORAGE to match afterwards)."""
        counts = move(to, echo=lambda message: click.echo(message, err=True))
        click.echo(f"moved {counts['moved']}, already there {counts['already']}, failed {counts['failed']}")
        if counts["failed"]:
            raise SystemExit(1)

    app.cli.add_command(group)
