"""Versions of the Word templates an administrator uploads for a document kind (app/documents/kinds.py).

The DOCX bytes live in the database (app servers are stateless). Versions are never deleted: the
table is the history of who uploaded what and when, and who put each version in force and when.
At most one version of a kind is active (a partial unique index); none active means the built-in
template. ``kind`` is a string, not an enum with a CHECK: kinds are registered in code
(app/documents/kinds.py) and grow as documents are added, and only registered kinds are accepted.
"""
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.models.users import User


class DocumentTemplate(Model):
    __tablename__ = "document_template"
    __table_args__ = (
        Index("uq_document_template_kind_version", "kind", "version", unique=True),
        Index("uq_document_template_active_kind", "kind", unique=True,
              sqlite_where=text("active"), postgresql_where=text("active")),
        CheckConstraint("version > 0", name="version_positive"),
        CheckConstraint("NOT active OR activated_at IS NOT NULL", name="active_was_activated"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    docx: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last time this version was put in force, and by whom (a rollback sets them again).
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    activated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # When it stopped being in force (another version, or the built-in one, was activated).
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])
    activated_by: Mapped[User | None] = relationship(foreign_keys=[activated_by_id])
