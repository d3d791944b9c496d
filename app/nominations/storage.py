"""Attachment files: content-checked, size-limited, stored with generated names through app/filestore.py
(on disk or in the database, FILE_STORAGE)."""
import hashlib
import os
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from flask import current_app
from flask_babel import gettext as _

from app import filestore

# Extension -> MIME type we accept. The content must agree with the name.
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
_CHUNK = 64 * 1024


class UploadRejected(ValueError):
    """The file cannot be accepted; the message is shown to the user."""


@dataclass
class StoredFile:
    stored_name: str
    content_type: str
    size_bytes: int
    sha256: str


def upload_root() -> str:
    return filestore.upload_root()


def path_for(stored_name: str) -> str:
    """Where the file is (or would be) on disk; reading goes through ``filestore`` (it may be in the database)."""
    return filestore.disk_path(stored_name)


def _expected_type(filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ALLOWED_TYPES:
        raise UploadRejected(_("Only PDF, DOCX, XLSX, JPEG and PNG files are accepted."))
    return ALLOWED_TYPES[extension]


def save_upload(stream, filename: str) -> StoredFile:
    """Check and store an uploaded file; raises UploadRejected with a user-facing reason."""
    expected = _expected_type(filename)
    limit = current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    stored_name = uuid.uuid4().hex
    # Checked in a file of its own first (the Office check reads the archive's directory), then stored.
    target = os.path.join(filestore.incoming_dir(), stored_name)
    digest, size = hashlib.sha256(), 0
    head = b""
    try:
        with open(target, "wb") as out:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UploadRejected(
                        _("The file is larger than %(mb)s MB.", mb=current_app.config["MAX_UPLOAD_MB"])
                    )
                if len(head) < 8192:
                    head += chunk[: 8192 - len(head)]
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise UploadRejected(_("The file is empty."))
        sniffed = _sniff(target, head)
        if sniffed != expected:
            raise UploadRejected(_("The file's content does not match its name (%(name)s).", name=filename))
        filestore.put(stored_name, target, size=size, sha256=digest.hexdigest())
    except BaseException:
        _remove_quietly(target)
        raise
    return StoredFile(stored_name=stored_name, content_type=expected, size_bytes=size, sha256=digest.hexdigest())


# Office Open XML files are zip archives; the folder of their main part names the format.
_OFFICE_FOLDERS = {
    "word/": ALLOWED_TYPES["docx"],
    "xl/": ALLOWED_TYPES["xlsx"],
}


def _sniff(path: str, head: bytes) -> str | None:
    if head.startswith(b"PK\x03\x04"):
        return _sniff_office(path)
    kind = filetype.guess(head)
    return kind.mime if kind is not None else None


def _sniff_office(path: str) -> str | None:
    """Read the archive's directory (no decompression) rather than guess from its first bytes:
    a Word file whose preview picture comes first is still a Word file."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    found = {mime for name in names for folder, mime in _OFFICE_FOLDERS.items() if name.startswith(folder)}
    return found.pop() if len(found) == 1 else None


def delete_file(stored_name: str) -> None:
    filestore.delete_file(stored_name)


def _remove_quietly(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
