"""Stored files kept in the database (``FILE_STORAGE=database``, app/filestore.py): one row per file with
its size and checksum, its content in chunks of 256 KiB so that neither writing nor reading ever holds a
whole file in memory, and so that a database backup is a backup of every attachment too."""
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow


class StoredFile(Model):
    __tablename__ = "stored_file"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)  # the attachment's stored_name
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StoredFileChunk(Model):
    __tablename__ = "stored_file_chunk"

    name: Mapped[str] = mapped_column(String(64), ForeignKey("stored_file.name", ondelete="CASCADE"),
                                      primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
