"""Comments citizens send on a nominee during the public notice (thông báo công khai).

Nobody logs in to send one, so the row keeps only what the form asked for and, for abuse review, a keyed
hash of the sender's address: the same address gives the same hash (a flood from one place shows), yet
the table never holds an IP address a leak could expose.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.models.dossiers import Dossier

NAME_MAX = 120
CONTACT_MAX = 120
TEXT_MAX = 2000


class PublicComment(Model):
    __tablename__ = "public_comment"
    __table_args__ = (
        # The dossier page lists a dossier's comments oldest first.
        Index("ix_public_comment_dossier", "dossier_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # RESTRICT: a comment received is part of the dossier's appraisal record and outlives nothing.
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    contact: Mapped[str] = mapped_column(String(CONTACT_MAX), default="")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # HMAC-SHA256 of the sender's address with the app's secret key, hex.
    address_hash: Mapped[str] = mapped_column(String(64), default="", index=True)
    # How the appraiser dealt with it (checked with the unit, unfounded, …): printed in the report on the
    # comments received (app/paperwork/public_notice.py). Empty: not handled yet.
    handling: Mapped[str] = mapped_column(Text, default="")
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    dossier: Mapped[Dossier] = relationship()

    def __repr__(self) -> str:
        return f"<PublicComment {self.id} on dossier {self.dossier_id}>"
