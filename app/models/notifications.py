"""Notifications (issue 12): a message to one user about one dossier, shown in the in-app centre and
maybe e-mailed, and each user's choice of e-mail per kind.

A notification keeps its kind and parameters, not its text: it is worded in the reader's language when it
is shown or e-mailed (``app.notifications.kinds``).
"""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.base import UTCDateTime, utcnow
from app.models.dossiers import Dossier
from app.models.users import User


class Notification(Model):
    __tablename__ = "notification"
    __table_args__ = (
        # The bell's unread count and the centre's newest-first page read this index only.
        Index("ix_notification_recipient_unread", "recipient_id", "read_at", "id"),
        # The daily reminders: once per user, dossier, kind and due date, however often the job runs.
        Index("uq_notification_reminder", "recipient_id", "dossier_id", "kind", "due_on", unique=True),
        # The sender's queue: what still waits for an e-mail.
        Index("ix_notification_email_pending", "email_pending", "recipient_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"), index=True)
    params: Mapped[dict] = mapped_column(JSON, default=dict)  # the text's parameters, worded when read
    link: Mapped[str | None] = mapped_column(String(255))  # a path; None: the dossier's page
    # Reminders only (NULL otherwise, and NULLs never collide in the unique index above).
    due_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_error: Mapped[str] = mapped_column(Text, default="")

    recipient: Mapped[User] = relationship()
    dossier: Mapped[Dossier | None] = relationship()


class NotificationPreference(Model):
    """A user's choice of e-mail for one kind; no row: the kind's default (``kinds.KINDS``)."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    email: Mapped[bool] = mapped_column(Boolean)
